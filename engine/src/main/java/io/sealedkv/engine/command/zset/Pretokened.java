package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A collection's crypto whose tokens for a command's member arguments were computed before the lock:
 * asked for the token of one of those very arrays, it hands the one computed; anything else goes to the
 * collection's sealer. The tokens are HMAC outputs, no secret; the arguments are wiped by the context.
 */
final class Pretokened implements ElementCrypto {
    private final ElementCrypto sealer;
    private final Map<byte[], byte[]> tokens;

    private Pretokened(ElementCrypto sealer, Map<byte[], byte[]> tokens) {
        this.sealer = sealer;
        this.tokens = tokens;
    }

    /** Computes the tokens of {@code members} (argument arrays) for {@code sealer}'s collection. */
    static Pretokened of(ElementCrypto sealer, byte[][] members) {
        Map<byte[], byte[]> tokens = new IdentityHashMap<>(members.length * 2);
        for (byte[] member : members) {
            tokens.computeIfAbsent(member, sealer::token);
        }
        return new Pretokened(sealer, tokens);
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
        byte[] token = offset == 0 && length == data.length ? tokens.get(data) : null;
        return token != null ? token : sealer.token(data, offset, length);
    }
}
