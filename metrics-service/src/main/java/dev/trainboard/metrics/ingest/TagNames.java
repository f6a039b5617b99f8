package dev.trainboard.metrics.ingest;

/**
 * The rule for tags, which both TensorBoard and the file layer must take: a tag names a series in an event file
 * and, for an embedding, a directory of the run.
 * <ul>
 * <li>1 to {@value #MAX_LENGTH} characters: an embedding's directory name, percent-encoded as in PyTorch,
 *     then stays within the 255 bytes a file name may have;</li>
 * <li>no control character, no backslash, no unpaired surrogate;</li>
 * <li>{@code /} only between non-empty parts (TensorBoard groups tags by it), none of them {@code .} or
 *     {@code ..};</li>
 * <li>not under {@value #RESERVED_PREFIX}, where the hparams summaries live.</li>
 * </ul>
 */
final class TagNames {

    static final int MAX_LENGTH = 80;
    static final String RESERVED_PREFIX = "_hparams_/";

    private TagNames() {
    }

    static void check(String field, String tag) {
        if (tag == null || tag.isEmpty()) {
            throw reject(field, "must not be empty");
        }
        if (tag.length() > MAX_LENGTH) {
            throw reject(field, "has " + tag.length() + " characters, at most " + MAX_LENGTH + " are allowed");
        }
        int partStart = 0;
        for (int i = 0; i <= tag.length(); i++) {
            char c = i < tag.length() ? tag.charAt(i) : '/';
            if (c == '/') {
                String part = tag.substring(partStart, i);
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw reject(field, "must not have an empty, '.' or '..' part between slashes: " + printable(tag));
                }
                partStart = i + 1;
            } else if (Character.isISOControl(c) || c == '\\') {
                throw reject(field, "must not contain control characters or backslashes: " + printable(tag));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < tag.length() && Character.isLowSurrogate(tag.charAt(i + 1))) {
                    i++;
                } else {
                    throw reject(field, "contains an unpaired UTF-16 surrogate");
                }
            }
        }
        if (tag.startsWith(RESERVED_PREFIX)) {
            throw reject(field, "must not start with " + RESERVED_PREFIX + ", the hparams plugin's own tags");
        }
    }

    private static InvalidEventException reject(String field, String problem) {
        return new InvalidEventException(RejectReason.TAG_NAME, field + " " + problem);
    }

    /** The tag with control characters shown as '?', so that a log line stays one line. */
    static String printable(String tag) {
        StringBuilder shown = new StringBuilder(tag.length());
        tag.chars().forEach(c -> shown.append(Character.isISOControl(c) ? '?' : (char) c));
        return "'" + shown + "'";
    }
}
