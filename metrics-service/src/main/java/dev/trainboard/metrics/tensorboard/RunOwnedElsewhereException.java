package dev.trainboard.metrics.tensorboard;

import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A rebuild asked of an instance for a run another live instance writes: 409, naming the writer. */
public class RunOwnedElsewhereException extends ErrorResponseException {

    RunOwnedElsewhereException(String runName, int partition, Optional<PartitionOwner> owner) {
        super(HttpStatus.CONFLICT, problem(runName, partition, owner), null);
    }

    private static ProblemDetail problem(String runName, int partition, Optional<PartitionOwner> owner) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Run " + runName
                + " is written by " + owner.map(PartitionOwner::describe).orElse("another live instance (partition "
                + partition + ")") + "; only that instance may rebuild it");
        problem.setTitle("Run owned by another instance");
        problem.setProperty("run", runName);
        problem.setProperty("partition", partition);
        owner.ifPresent(o -> {
            problem.setProperty("owner", o.instance());
            problem.setProperty("ownerAddress", o.address());
        });
        return problem;
    }
}
