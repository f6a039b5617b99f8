package dev.trainboard.metrics.rollup;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lets an operator (and {@code ./trainboard check}) check the rollups of one job or of all of them. */
@RestController
class RollupCheckController {

    private final RollupVerifier verifier;

    RollupCheckController(RollupVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/internal/admin/rollups/check")
    RollupVerifier.Report check(@RequestParam(required = false) UUID job) {
        return verifier.verify(job);
    }
}
