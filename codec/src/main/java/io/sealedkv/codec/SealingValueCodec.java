package io.sealedkv.codec;

import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.KeyRing;
import java.util.Objects;

/**
 * The {@link ValueCodec} of SealedKV: seals under the key ring's current primary key in the
 * {@link EnvelopeV1} format and opens with exactly the key version a value names. Thread-safe.
 */
public final class SealingValueCodec implements ValueCodec {
    private final KeyRing keys;
    private final EnvelopeV1 envelope;

    public SealingValueCodec(KeyRing keys, CodecOptions options) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.envelope = new EnvelopeV1(options);
    }

    /** A codec with {@link CodecOptions#DEFAULTS}. */
    public SealingValueCodec(KeyRing keys) {
        this(keys, CodecOptions.DEFAULTS);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code plaintext} is longer than {@link CodecOptions#maxValueBytes()}
     */
    @Override
    public byte[] seal(SealContext context, byte[] plaintext) {
        return envelope.seal(keys.primary(), context, plaintext);
    }

    @Override
    public byte[] open(SealContext context, byte[] sealed) {
        return envelope.open(keys, context, sealed);
    }

    @Override
    public int keyVersion(byte[] sealed) {
        return EnvelopeV1.keyVersion(sealed);
    }

    @Override
    public ElementTokens tokens() {
        return keys.tokens(keys.primary().version());
    }

    @Override
    public ElementTokens tokens(int version) {
        return keys.tokens(version);
    }
}
