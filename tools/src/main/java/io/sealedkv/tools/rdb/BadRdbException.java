package io.sealedkv.tools.rdb;

/** An RDB file that cannot be read: its message says what is wrong and at which byte offset. */
public final class BadRdbException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRdbException(String message) {
        super(message);
    }

    BadRdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
