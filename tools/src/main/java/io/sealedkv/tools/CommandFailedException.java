package io.sealedkv.tools;

/** A command refused or could not complete its operation (exit code 1); the message says why. */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }
}
