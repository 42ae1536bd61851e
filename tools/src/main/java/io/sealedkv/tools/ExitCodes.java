package io.sealedkv.tools;

/** The exit codes scripts can rely on; {@link SealedKvCli}'s help lists them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int KEYSTORE = 3;
    /** A snapshot or bundle is damaged: authentication failure (a changed bit), bad header, bad checksum. */
    public static final int DAMAGED = 4;
    /** A snapshot is cut short: it ends before its last segment. */
    public static final int TRUNCATED = 5;
    /** A data key version the snapshot needs is missing from the keystore or was destroyed. */
    public static final int KEY_UNAVAILABLE = 6;

    private ExitCodes() {
    }
}
