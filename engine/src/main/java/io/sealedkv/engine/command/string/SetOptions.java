package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Expiry;
import io.sealedkv.engine.command.Text;

/**
 * The options of SET and GETEX, parsed with Redis's rules: NX/XX exclusive, one of EX/PX/EXAT/PXAT,
 * KEEPTTL or PERSIST excluding them, GET only for SET; anything else is a syntax error. An option may
 * repeat, an expiry option too (only its last time is parsed, so an earlier bad time goes unnoticed).
 */
final class SetOptions {
    boolean nx;
    boolean xx;
    boolean get;
    boolean keepTtl;
    boolean persist;
    /** EX, PX, EXAT or PXAT's time (SETEX's too), or null. */
    Expiry expiry;

    /** The argument naming the expiry option whose time {@link #resolveExpiry} parses, or -1. */
    private int expiryArg = -1;

    /** SET's options, the expiry time parsed too (Redis checks it before looking at the key). */
    static SetOptions parse(CommandContext c, int from, boolean forSet) {
        SetOptions o = parseNames(c, from, forSet);
        o.resolveExpiry(c);
        return o;
    }

    /**
     * The options by name only: a syntax error is thrown here, a bad expiry time only by
     * {@link #resolveExpiry} (GETEX parses it after the key's lookup and type check, as Redis).
     */
    static SetOptions parseNames(CommandContext c, int from, boolean forSet) {
        SetOptions o = new SetOptions();
        for (int i = from; i < c.argc(); i++) {
            boolean hasNext = i + 1 < c.argc();
            if (forSet && c.argIs(i, "nx") && !o.xx) {
                o.nx = true;
            } else if (forSet && c.argIs(i, "xx") && !o.nx) {
                o.xx = true;
            } else if (forSet && c.argIs(i, "get")) {
                o.get = true;
            } else if (forSet && c.argIs(i, "keepttl") && o.expiryArg < 0) {
                o.keepTtl = true;
            } else if (!forSet && c.argIs(i, "persist") && o.expiryArg < 0) {
                o.persist = true;
            } else if (hasNext && !o.keepTtl && !o.persist && isExpiryOption(c, i)
                    && (o.expiryArg < 0 || c.argIs(i, Text.lower(c.arg(o.expiryArg))))) {
                o.expiryArg = i++;
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    /** Parses the expiry option's time into {@link #expiry}, if there is one. */
    void resolveExpiry(CommandContext c) {
        if (expiryArg >= 0) {
            boolean seconds = c.argIs(expiryArg, "ex") || c.argIs(expiryArg, "exat");
            boolean absolute = c.argIs(expiryArg, "exat") || c.argIs(expiryArg, "pxat");
            expiry = Expiry.parse(c.arg(expiryArg + 1), seconds, absolute, false, c.keyspace().now(),
                    c.spec().fullName());
        }
    }

    private static boolean isExpiryOption(CommandContext c, int i) {
        return c.argIs(i, "ex") || c.argIs(i, "px") || c.argIs(i, "exat") || c.argIs(i, "pxat");
    }

    boolean hasExpiry() {
        return expiry != null;
    }

    /** The absolute expiry in Unix ms at the command's time under the lock; only with {@link #hasExpiry}. */
    long expireAt(CommandContext c) {
        return expiry.at(c.keyspace().now());
    }
}
