package io.sealedkv.tools;

/** The exit codes scripts can rely on; {@link SealedKvCli}'s help lists them. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int KEYSTORE = 3;

    private ExitCodes() {
    }
}
