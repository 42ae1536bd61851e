package io.sealedkv.engine.persistence;

/** A snapshot that cannot be written or read; {@link #failure()} names what failed, the message says it. */
public final class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What failed. */
    public enum Failure {
        BAD_HEADER,
        UNKNOWN_FORMAT_VERSION,
        MISSING_KEY_VERSION,
        DESTROYED_KEY_VERSION,
        STREAM_KEY,
        AUTHENTICATION,
        TRUNCATED,
        TRAILING_DATA,
        BAD_BODY,
        TOO_MANY_DATABASES,
        IO,
        CANCELLED
    }

    private final Failure failure;

    public SnapshotException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public SnapshotException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
