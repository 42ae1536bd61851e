package io.sealedkv.engine.tracking;

import java.util.Arrays;
import java.util.TreeSet;

/** One connection's CLIENT TRACKING settings; read and changed under the {@link Tracking} monitor. */
public final class TrackingState {
    boolean on;
    boolean bcast;
    boolean optin;
    boolean optout;
    boolean noloop;
    /** CLIENT CACHING yes (OPTIN) or no (OPTOUT) for the next command. */
    boolean caching;
    boolean brokenRedirect;
    long redirect;
    final TreeSet<byte[]> prefixes = new TreeSet<>(Arrays::compareUnsigned);

    /** True when tracking is on; cheap enough for every command. */
    public boolean on() {
        return on;
    }

    /** For CLIENT LIST (flags B and R, redir): racy reads of a display, not decisions. */
    public boolean bcast() {
        return bcast;
    }

    public boolean brokenRedirect() {
        return brokenRedirect;
    }

    public long redirect() {
        return redirect;
    }
}
