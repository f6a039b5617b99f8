package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExternalToolTests {

    @Test
    void aMissingToolFailsWithItsInstallHintInsteadOfSkipping() {
        ExternalTool missing = new ExternalTool("trainboard-no-such-tool", "the trainboard-no-such-tool package");

        assertThatThrownBy(() -> missing.run(Repository.root(), "--version")).isInstanceOf(AssertionError.class)
                .hasMessage("trainboard-no-such-tool is not on the PATH; the deploy tests need it. Install the "
                        + "trainboard-no-such-tool package.");
    }

    @Test
    void aFailingRunReportsItsExitCodeAndErrorOutput() {
        ExternalTool.Result result = ExternalTool.KUBECTL.run(Repository.root(), "kustomize", "no-such-directory");

        assertThat(result.succeeded()).isFalse();
        assertThatThrownBy(() -> ExternalTool.KUBECTL.output(Repository.root(), "kustomize", "no-such-directory"))
                .hasMessageStartingWith("kubectl kustomize no-such-directory exited with " + result.exitCode())
                .hasMessageContaining("no-such-directory");
    }
}
