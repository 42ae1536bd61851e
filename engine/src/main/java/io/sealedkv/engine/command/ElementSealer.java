package io.sealedkv.engine.command;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import java.nio.charset.StandardCharsets;

/**
 * Seals, opens and tokenizes the elements (or blocks of elements) of one collection: everything is
 * sealed through the value codec (LZF, then AES-GCM under the primary data key) for the collection's
 * {@link CollectionIdentity}, and tokens use the identity's token key. Cheap to create: make one per
 * command (it is not for sharing between threads).
 */
public final class ElementSealer implements ElementCrypto {
    private static final byte[] CONTEXT_NAME = "sealedkv collection".getBytes(StandardCharsets.US_ASCII);

    private final ValueCodec codec;
    private final CollectionIdentity identity;
    private final SealContext context;
    private ElementTokens tokens;

    private ElementSealer(ValueCodec codec, CollectionIdentity identity) {
        this.codec = codec;
        this.identity = identity;
        this.context = SealContext.of(identity.id(), CONTEXT_NAME);
    }

    /** The sealer of an existing collection. */
    public static ElementSealer of(ValueCodec codec, CollectionValue collection) {
        return new ElementSealer(codec, collection.identity());
    }

    /** The sealer of an existing identity (a collection being rebuilt). */
    public static ElementSealer of(ValueCodec codec, CollectionIdentity identity) {
        return new ElementSealer(codec, identity);
    }

    /** The sealer of a collection about to be created (or copied): a fresh identity, primary tokens. */
    public static ElementSealer forNew(ValueCodec codec) {
        return new ElementSealer(codec, CollectionIdentity.fresh(codec.tokens().version()));
    }

    @Override
    public CollectionIdentity identity() {
        return identity;
    }

    @Override
    public byte[] seal(byte[] plaintext) {
        try {
            return codec.seal(context, plaintext);
        } catch (IllegalArgumentException e) {
            throw Errors.stringTooLong();
        }
    }

    @Override
    public byte[] open(byte[] sealed) {
        return codec.open(context, sealed);
    }

    @Override
    public byte[] token(byte[] data, int offset, int length) {
        return tokens().token(data, offset, length);
    }

    private ElementTokens tokens() {
        if (tokens == null) {
            tokens = codec.tokens(identity.tokenVersion());
        }
        return tokens;
    }
}
