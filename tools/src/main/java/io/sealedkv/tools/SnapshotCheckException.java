package io.sealedkv.tools;

import io.sealedkv.engine.persistence.SnapshotException;
import java.nio.file.Path;

/**
 * A snapshot or backup bundle that did not verify, with the exit code its kind of damage has
 * ({@link ExitCodes#DAMAGED}, {@link ExitCodes#TRUNCATED}, {@link ExitCodes#KEY_UNAVAILABLE}); the message
 * names the file and the first failure.
 */
final class SnapshotCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String failure;

    SnapshotCheckException(int exitCode, String failure, String message) {
        super(message);
        this.exitCode = exitCode;
        this.failure = failure;
    }

    /** The engine's failure, mapped to its exit code: the one place that does so. */
    static SnapshotCheckException of(Path file, SnapshotException e) {
        int code = switch (e.failure()) {
            case TRUNCATED -> ExitCodes.TRUNCATED;
            case MISSING_KEY_VERSION, DESTROYED_KEY_VERSION, STREAM_KEY -> ExitCodes.KEY_UNAVAILABLE;
            case IO, TOO_MANY_DATABASES, CANCELLED -> ExitCodes.FAILED;
            default -> ExitCodes.DAMAGED;
        };
        String failure = e.failure().name();
        String message = e.getMessage();
        if (e.failure() == SnapshotException.Failure.BAD_HEADER && message.contains("ends inside the header")) {
            code = ExitCodes.TRUNCATED;
            failure = SnapshotException.Failure.TRUNCATED.name();
            message = "snapshot truncated: " + message;
        }
        if (e.failure() == SnapshotException.Failure.STREAM_KEY) {
            // the header's CRC held, so the likely cause is another keystore with the same version numbers
            message += "; it was probably sealed with another keystore";
        }
        return new SnapshotCheckException(code, failure, file + ": " + message);
    }

    int exitCode() {
        return exitCode;
    }

    /** A stable name for scripts ({@code --json}): AUTHENTICATION, TRUNCATED, MISSING_KEY_VERSION, ... */
    String failure() {
        return failure;
    }
}
