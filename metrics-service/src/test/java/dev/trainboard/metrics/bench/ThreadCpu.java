package dev.trainboard.metrics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time per thread of this process, read from {@code /proc/self/task}: unlike the JVM's thread bean it
 * also sees the GC and JIT compiler threads, which took a third of the burst's CPU. Threads are grouped by
 * their Linux name (at most 15 characters) with digits dropped, so a pool counts as one line.
 */
final class ThreadCpu {

    private final Map<String, Long> ticksAtStart;

    private ThreadCpu(Map<String, Long> ticksAtStart) {
        this.ticksAtStart = ticksAtStart;
    }

    static ThreadCpu start() {
        return new ThreadCpu(ticksByThread());
    }

    /** The groups that used at least 50 ms since {@link #start}, busiest first, as "name ms, ...". */
    String used() {
        Map<String, Long> byGroup = new HashMap<>();
        ticksByThread().forEach((thread, ticks) -> byGroup.merge(group(thread),
                ticks - ticksAtStart.getOrDefault(thread, 0L), Long::sum));
        return byGroup.entrySet().stream()
                .filter(group -> group.getValue() >= 5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                // /proc counts in clock ticks of 10 ms (USER_HZ = 100 on Linux)
                .map(group -> String.format("%s %,d", group.getKey(), group.getValue() * 10))
                .collect(Collectors.joining(", ", "", " ms"));
    }

    /** Thread id + name -> user + system ticks. */
    private static Map<String, Long> ticksByThread() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + "/" + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // not Linux: no breakdown
        }
        return ticks;
    }

    private static String group(String thread) {
        return thread.substring(thread.indexOf('/') + 1).replaceAll("[0-9]+", "#");
    }
}
