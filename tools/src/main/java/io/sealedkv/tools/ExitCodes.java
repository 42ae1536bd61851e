package io.sealedkv.tools;

/** The exit codes scripts can rely on; {@link SealedKvCli}'s help lists them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int KEYSTORE = 3;

    private ExitCodes() {
    }
}
