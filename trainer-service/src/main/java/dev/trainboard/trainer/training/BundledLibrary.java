package dev.trainboard.trainer.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The native libraries the build compiles from {@code src/main/c} into the jar. dlopen(3) needs a file, so
 * each is copied out of the jar before it is loaded.
 */
final class BundledLibrary {

    private BundledLibrary() {
    }

    /** Where the build puts {@code src/main/c/NAME.c}'s library inside the jar. */
    static String resource(String name) {
        return "/native/linux-x86_64/libtrainboard_" + name + ".so";
    }

    /** A temporary copy of {@code name}'s library, deleted when the JVM exits. */
    static Path extract(String name) {
        String resource = resource(name);
        try (InputStream library = BundledLibrary.class.getResourceAsStream(resource)) {
            if (library == null) {
                throw new IllegalStateException(resource + " is missing from the classpath: build with mvn package");
            }
            Path file = Files.createTempFile("trainboard-" + name + "-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + resource, e);
        }
    }
}
