package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.Arrays;
import java.util.List;

/**
 * A collection's crypto whose tokens for a command's member arguments were computed before the lock,
 * and members that were missing from the set sealed before the lock as well: asked for the token (or
 * the seal) of one of those very arrays, it hands the one computed (each seal once); anything else goes
 * to the collection's sealer. The tokens are HMAC outputs, no secret; the arguments are wiped by the
 * context.
 */
final class Pretokened implements ElementCrypto {
    private final ElementCrypto sealer;
    private final byte[][] members;
    private final byte[][] tokens;
    private final boolean[] absent;
    private final byte[][] sealed;
    /** Where the next search starts (the last member found): commands go through members in argument order. */
    private int last;

    private Pretokened(ElementCrypto sealer, byte[][] members, byte[][] tokens) {
        this.sealer = sealer;
        this.members = members;
        this.tokens = tokens;
        this.absent = new boolean[members.length];
        this.sealed = new byte[members.length][];
    }

    /** Under the lock: notes which members {@code tree} lacks; true when any (and none sealed yet). */
    boolean anyAbsent(ZTree tree) {
        boolean any = false;
        for (int i = 0; i < members.length; i++) {
            absent[i] = tree.find(ElementToken.high(tokens[i]), ElementToken.low(tokens[i])) < 0;
            any |= absent[i];
        }
        return any;
    }

    /** The members' tokens, in argument order. */
    List<byte[]> tokens() {
        return Arrays.asList(tokens);
    }

    /** After the lock: seals the members {@link #anyAbsent} found missing. */
    void sealAbsent() {
        for (int i = 0; i < members.length; i++) {
            if (absent[i]) {
                sealed[i] = sealer.seal(members[i]);
            }
        }
    }

    /** Computes the tokens of {@code members} (argument arrays) for {@code sealer}'s collection. */
    static Pretokened of(ElementCrypto sealer, byte[][] members) {
        byte[][] tokens = new byte[members.length][];
        for (int i = 0; i < members.length; i++) {
            tokens[i] = sealer.token(members[i]);
        }
        return new Pretokened(sealer, members, tokens);
    }

    @Override
    public CollectionIdentity identity() {
        return sealer.identity();
    }

    @Override
    public byte[] seal(byte[] plaintext) {
        int i = indexOf(plaintext);
        if (i >= 0 && sealed[i] != null) {
            byte[] done = sealed[i];
            sealed[i] = null;
            return done;
        }
        return sealer.seal(plaintext);
    }

    @Override
    public byte[] open(byte[] sealed) {
        return sealer.open(sealed);
    }

    @Override
    public byte[] token(byte[] data, int offset, int length) {
        int i = offset == 0 && length == data.length ? indexOf(data) : -1;
        return i >= 0 ? tokens[i] : sealer.token(data, offset, length);
    }

    /** The index of this very array among the members, or -1. */
    private int indexOf(byte[] data) {
        for (int k = 0; k < members.length; k++) {
            int i = (last + k) % members.length;
            if (members[i] == data) {
                last = i;
                return i;
            }
        }
        return -1;
    }
}
