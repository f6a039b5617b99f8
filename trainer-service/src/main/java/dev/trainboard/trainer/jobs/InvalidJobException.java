package dev.trainboard.trainer.jobs;

/** A record on the jobs topic that parses but is not a job this trainer may run. */
public class InvalidJobException extends RuntimeException {

    public InvalidJobException(String message) {
        super(message);
    }
}
