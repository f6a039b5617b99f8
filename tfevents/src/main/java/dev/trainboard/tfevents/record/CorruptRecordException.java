package dev.trainboard.tfevents.record;

import java.io.IOException;

/** A record whose length or data checksum does not match, or whose payload cannot be parsed. */
public class CorruptRecordException extends IOException {

    private final long offset;

    public CorruptRecordException(String source, long offset, String reason) {
        this(source, offset, reason, null);
    }

    public CorruptRecordException(String source, long offset, String reason, Throwable cause) {
        super(source + ": corrupt record at byte offset " + offset + ": " + reason, cause);
        this.offset = offset;
    }

    /** Byte offset of the start of the bad record in its file. */
    public long offset() {
        return offset;
    }
}
