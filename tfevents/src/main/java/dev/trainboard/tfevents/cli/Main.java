package dev.trainboard.tfevents.cli;

import dev.trainboard.tfevents.reader.EventFileReader;
import dev.trainboard.tfevents.reader.RunReader;
import dev.trainboard.tfevents.record.CorruptRecordException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line: {@code demo OUTDIR} writes a run with every summary kind into {@code OUTDIR/demo};
 * {@code dump FILE|RUN_DIR} prints events one per line.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !(args[0].equals("demo") || args[0].equals("dump"))) {
            err.println("usage: tfevents demo OUTDIR | tfevents dump FILE|RUN_DIR");
            return 2;
        }
        Path path = Path.of(args[1]);
        try {
            if (args[0].equals("demo")) {
                Path run = DemoRun.write(path);
                out.println("wrote " + run + "; view it with: tensorboard --logdir " + path);
            } else {
                List<Path> files = Files.isDirectory(path) ? RunReader.eventFiles(path) : List.of(path);
                for (Path file : files) {
                    dump(file, out);
                }
            }
            return 0;
        } catch (CorruptRecordException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println(args[0] + " failed: " + e);
            return 1;
        }
    }

    private static void dump(Path file, PrintStream out) throws IOException {
        out.println("# " + file);
        try (EventFileReader reader = EventFileReader.open(file)) {
            for (var event = reader.next(); event != null; event = reader.next()) {
                out.println(EventPrinter.format(event));
            }
            if (reader.stoppedAtTruncatedRecord()) {
                out.println("# truncated record at byte offset " + reader.offset() + " (still being written?)");
            }
        }
    }
}
