package io.sealedkv.keystore;

import java.util.Objects;

/**
 * A keystore could not be opened, created or changed. The {@link Reason} names the cause precisely,
 * so callers (and tests) can tell a wrong passphrase from a damaged file without reading messages;
 * the message says the same thing in words and names the file or setting involved. Never carries key
 * material or a passphrase.
 */
public final class KeystoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the keystore operation failed. */
    public enum Reason {
        /** The keystore file does not exist and the settings do not ask to create it. */
        NOT_FOUND,
        /** Another process (or another open keystore in this one) holds the keystore's lock. */
        IN_USE,
        /** The keystore was opened read-only and the operation would change its file. */
        READ_ONLY,
        /** The keystore file is accessible by group or others. */
        INSECURE_PERMISSIONS,
        /** The keystore file has no bytes at all. */
        EMPTY,
        /** The file does not start with the keystore magic bytes. */
        NOT_A_KEYSTORE,
        /** The file is a keystore of a format version this build cannot read. */
        UNSUPPORTED_FORMAT_VERSION,
        /** The file is shorter than its header says. */
        TRUNCATED,
        /** The file's checksum does not match: accidental damage (a flipped bit, trailing bytes). */
        DAMAGED,
        /** The passphrase does not derive the master key the file was written with. */
        WRONG_PASSPHRASE,
        /** The checksum matches but the authentication code does not: someone rewrote the file. */
        MODIFIED,
        /** The file authenticates but what it says is invalid (no primary, duplicate ids, ...). */
        INVALID_CONTENT,
        /** The passphrase breaks the passphrase rules (empty, too long, not UTF-8, not set). */
        INVALID_PASSPHRASE,
        /** A setting is unknown, missing or has a value out of range. */
        INVALID_SETTING,
        /** No provider with the requested name is on the class path. */
        UNKNOWN_PROVIDER,
        /** The file system failed (permission denied, disk full, ...). */
        IO_ERROR
    }

    private final Reason reason;

    public KeystoreException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public KeystoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
