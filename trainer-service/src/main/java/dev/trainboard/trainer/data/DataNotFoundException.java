package dev.trainboard.trainer.data;

/** The data set a job asks for is not on this trainer; the message says how to get it. */
public class DataNotFoundException extends RuntimeException {

    public DataNotFoundException(String message) {
        super(message);
    }
}
