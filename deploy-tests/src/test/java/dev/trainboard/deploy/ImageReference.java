package dev.trainboard.deploy;

import java.util.regex.Pattern;

/** A container image reference as written in a manifest, compose file or FROM line. */
record ImageReference(String reference) {

    /** A tag that names a release: starts with major.minor (17.6-bookworm, 0.1.0-cu128), so it cannot float. */
    private static final Pattern RELEASE_TAG = Pattern.compile("\\d+\\.\\d+[\\w.+-]*");

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** The part after the last ':' of the last path segment, or empty when there is none. */
    String tag() {
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        String lastSegment = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        return colon < 0 ? "" : lastSegment.substring(colon + 1);
    }

    /** Pinned: a digest, or a release tag (no latest, no bare major version such as 17-jre). */
    boolean isPinned() {
        if (reference.contains("@")) {
            return DIGEST.matcher(reference.substring(reference.indexOf('@') + 1)).matches();
        }
        return RELEASE_TAG.matcher(tag()).matches();
    }

    /**
     * Names a registry host: the first of several path segments has a dot or a port, or is localhost (the
     * rule Docker and containerd use). Images without one resolve through the registry or mirror that the
     * engine or cluster is configured with, so no file of ours picks a registry.
     */
    boolean namesRegistryHost() {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = reference.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    @Override
    public String toString() {
        return reference;
    }
}
