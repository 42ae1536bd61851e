package io.sealedkv.tools;

/** A command refused or could not complete its operation (exit code 1); the message says why. */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(String message) {
        super(message);
    }
}
