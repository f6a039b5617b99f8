package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.RunName;
import dev.trainboard.metrics.jobs.JobRepository;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations on the log dir: regenerate event files from the database. */
@RestController
@RequestMapping("/internal/admin")
public class AdminController {

    private final OwnedRebuilds rebuilder;
    private final JobRepository jobs;

    public AdminController(OwnedRebuilds rebuilder, JobRepository jobs) {
        this.rebuilder = rebuilder;
        this.jobs = jobs;
    }

    /**
     * Rebuilds one run's files, or every run's when {@code run} is absent. Runs that cannot be rebuilt are listed
     * in the answer's {@code failed} (a single run answers 500 naming it); they never stop the others. Runs another
     * live instance writes are left to it: 409 naming it for one run, listed under {@code ownedElsewhere} for all.
     */
    @PostMapping("/rebuild")
    public OwnedRebuilds.Report rebuild(@RequestParam(required = false) @Pattern(regexp = RunName.REGEX) String run) {
        if (run == null) {
            return rebuilder.rebuildAll();
        }
        OwnedRebuilds.Report result = rebuilder.rebuild(jobs.findStateByRunName(run).orElseThrow(() -> unknownRun(run)));
        if (!result.failed().isEmpty()) {
            throw notRebuilt(result.failed().get(0));
        }
        return result;
    }

    private static ErrorResponseException notRebuilt(Rebuilder.Failure failure) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Run " + failure.run() + " could not be rebuilt: " + failure.reason());
        problem.setTitle("Rebuild failed");
        problem.setProperty("run", failure.run());
        return new ErrorResponseException(HttpStatus.INTERNAL_SERVER_ERROR, problem, null);
    }

    private static ErrorResponseException unknownRun(String run) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No job has run name " + run);
        problem.setTitle("Run not found");
        problem.setProperty("field", "run");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
