package dev.trainboard.trainer.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A final model as one download: a zip of the DJL parameter file and {@code model.json}. One file keeps the
 * parameters with the description needed to build the block they fit (the hidden width), and unzipping gives
 * the directory {@code Model.load(dir, "mnist")} reads as it is.
 */
final class ModelArchive {

    private static final List<String> FILES = List.of(ModelArtifacts.PARAMETERS_FILE, ModelArtifacts.DESCRIPTION_FILE);

    private ModelArchive() {
    }

    static byte[] zip(Path modelDirectory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : FILES) {
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(modelDirectory.resolve(name), zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the model in " + modelDirectory, e);
        }
        return bytes.toByteArray();
    }
}
