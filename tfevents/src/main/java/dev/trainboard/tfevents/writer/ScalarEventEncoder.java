package dev.trainboard.tfevents.writer;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Serializes {@code Event{wall_time, step, summary{value{tag, simple_value}}}} straight into a byte array
 * with protobuf's {@link CodedOutputStream}: the bytes equal those of the generated classes (a test checks
 * this), without building three messages per scalar. Scalars are by far the most frequent event, and
 * building the messages cost several times more than framing and writing them (docs/benchmarks.md).
 */
public final class ScalarEventEncoder {

    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_SUMMARY = 5;
    private static final int SUMMARY_VALUE = 1;
    private static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE_VALUE = 2;

    private ScalarEventEncoder() {
    }

    /**
     * @throws IllegalArgumentException when the tag is empty
     */
    public static byte[] encode(String tag, float value, long step, double wallTime) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("tag must not be empty");
        }
        // proto3 leaves out wall_time and step when they hold their default (all-zero bits); simple_value
        // belongs to a oneof and is always written, even when it is 0.
        boolean hasWallTime = Double.doubleToRawLongBits(wallTime) != 0;
        boolean hasStep = step != 0;
        int valueSize = CodedOutputStream.computeStringSize(VALUE_TAG, tag)
                + CodedOutputStream.computeFloatSize(VALUE_SIMPLE_VALUE, value);
        int summarySize = CodedOutputStream.computeTagSize(SUMMARY_VALUE)
                + CodedOutputStream.computeUInt32SizeNoTag(valueSize) + valueSize;
        int eventSize = (hasWallTime ? CodedOutputStream.computeDoubleSize(EVENT_WALL_TIME, wallTime) : 0)
                + (hasStep ? CodedOutputStream.computeInt64Size(EVENT_STEP, step) : 0)
                + CodedOutputStream.computeTagSize(EVENT_SUMMARY)
                + CodedOutputStream.computeUInt32SizeNoTag(summarySize) + summarySize;
        byte[] bytes = new byte[eventSize];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (hasWallTime) {
                out.writeDouble(EVENT_WALL_TIME, wallTime);
            }
            if (hasStep) {
                out.writeInt64(EVENT_STEP, step);
            }
            out.writeTag(EVENT_SUMMARY, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(summarySize);
            out.writeTag(SUMMARY_VALUE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(valueSize);
            out.writeString(VALUE_TAG, tag);
            out.writeFloat(VALUE_SIMPLE_VALUE, value);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            // Only possible if the sizes above were wrong.
            throw new UncheckedIOException("scalar event size mismatch", e);
        }
        return bytes;
    }
}
