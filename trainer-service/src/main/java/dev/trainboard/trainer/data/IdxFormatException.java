package dev.trainboard.trainer.data;

/** An IDX file that is not what its header promises: wrong magic, wrong element type, or a wrong length. */
public class IdxFormatException extends RuntimeException {

    public IdxFormatException(String message) {
        super(message);
    }
}
