package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;

/**
 * A collection's crypto whose tokens for a command's member arguments were computed before the lock:
 * asked for the token of one of those very arrays, it hands the one computed; anything else goes to the
 * collection's sealer. The tokens are HMAC outputs, no secret; the arguments are wiped by the context.
 */
final class Pretokened implements ElementCrypto {
    private final ElementCrypto sealer;
    private final byte[][] members;
    private final byte[][] tokens;
    /** Where the next look-up starts: commands look their members up in argument order. */
    private int next;

    private Pretokened(ElementCrypto sealer, byte[][] members, byte[][] tokens) {
        this.sealer = sealer;
        this.members = members;
        this.tokens = tokens;
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
        return sealer.seal(plaintext);
    }

    @Override
    public byte[] open(byte[] sealed) {
        return sealer.open(sealed);
    }

    @Override
    public byte[] token(byte[] data, int offset, int length) {
        if (offset == 0 && length == data.length) {
            for (int k = 0; k < members.length; k++) {
                int i = (next + k) % members.length;
                if (members[i] == data) {
                    next = i + 1;
                    return tokens[i];
                }
            }
        }
        return sealer.token(data, offset, length);
    }
}
