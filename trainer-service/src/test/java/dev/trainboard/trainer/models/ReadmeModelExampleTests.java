package dev.trainboard.trainer.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.trainer.MnistTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's DJL snippet is the code {@link DownloadedModelExample} runs, line for line. */
class ReadmeModelExampleTests {

    private static final String HEADING = "### Loading a downloaded model with DJL";

    @Test
    void theReadmeShowsTheExampleTheTestsRun() throws IOException {
        Path repository = MnistTestData.dataDir().getParent();
        List<String> readme = Files.readAllLines(repository.resolve("README.md"));
        assertThat(readme).as("README").contains(HEADING);
        int heading = readme.indexOf(HEADING);
        int start = heading + readme.subList(heading, readme.size()).indexOf("```java") + 1;
        List<String> shown = readme.subList(start, start + readme.subList(start, readme.size()).indexOf("```"));

        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/trainboard/trainer/models/"
                + "DownloadedModelExample.java"));
        List<String> run = source.subList(source.indexOf("    // README model example: begin") + 1,
                source.indexOf("    // README model example: end")).stream()
                .map(line -> line.startsWith("    ") ? line.substring(4) : line).toList();

        assertThat(shown).isNotEmpty().isEqualTo(run);
    }
}
