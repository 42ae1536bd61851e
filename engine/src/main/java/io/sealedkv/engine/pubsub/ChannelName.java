package io.sealedkv.engine.pubsub;

import java.util.Arrays;

/** A channel name or pattern as a map key: binary-safe, compared by content. */
public final class ChannelName {
    private final byte[] bytes;
    private final int hash;

    public ChannelName(byte[] bytes) {
        this.bytes = bytes.clone();
        this.hash = Arrays.hashCode(bytes);
    }

    /** The name; callers must not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelName other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
