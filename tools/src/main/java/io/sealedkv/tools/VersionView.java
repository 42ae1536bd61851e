package io.sealedkv.tools;

import io.sealedkv.keystore.KeyVersionInfo;

/**
 * A data key version as {@code --json} prints it.
 *
 * @param created ISO-8601, UTC
 */
record VersionView(int version, String state, String created, long sealCount) {
    static VersionView of(KeyVersionInfo info) {
        return new VersionView(info.version(), info.state().name(), info.created().toString(), info.sealCount());
    }
}
