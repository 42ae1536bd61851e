package io.sealedkv.engine.keys;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.crypto.ElementTokens;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;

/**
 * The server's {@link ValueCodec}: the real one, counted (INFO {@code sealedkv}), and guarded by the
 * read side of the keystore's reload lock, so a {@code SEALEDKV KEYSTORE RELOAD} waits for the seals
 * and opens in flight and none runs against a keystore being replaced.
 *
 * <p>Compression bytes are counted on the sealing side: "in" is the plaintext handed to seal,
 * "out" the envelope's payload (compressed, or stored as is when compression did not pay), i.e. the
 * sealed length minus {@value EnvelopeV1#OVERHEAD} bytes of header and tag.
 */
public final class CountingCodec implements ValueCodec {
    private final ValueCodec codec;
    private final Lock guard;
    private final LongAdder seals = new LongAdder();
    private final LongAdder opens = new LongAdder();
    private final LongAdder compressionIn = new LongAdder();
    private final LongAdder compressionOut = new LongAdder();

    /** Counts {@code codec}; {@code guard} is null when the keystore cannot be reloaded (nothing to wait for). */
    public CountingCodec(ValueCodec codec, Lock guard) {
        this.codec = codec;
        this.guard = guard;
    }

    private void enter() {
        if (guard != null) {
            guard.lock();
        }
    }

    private void leave() {
        if (guard != null) {
            guard.unlock();
        }
    }

    @Override
    public byte[] seal(SealContext context, byte[] plaintext) {
        byte[] sealed;
        enter();
        try {
            sealed = codec.seal(context, plaintext);
        } finally {
            leave();
        }
        seals.increment();
        compressionIn.add(plaintext.length);
        compressionOut.add(sealed.length - EnvelopeV1.OVERHEAD);
        return sealed;
    }

    @Override
    public byte[] open(SealContext context, byte[] sealed) {
        byte[] plaintext;
        enter();
        try {
            plaintext = codec.open(context, sealed);
        } finally {
            leave();
        }
        opens.increment();
        return plaintext;
    }

    @Override
    public int keyVersion(byte[] sealed) {
        return codec.keyVersion(sealed);
    }

    @Override
    public ElementTokens tokens() {
        enter();
        try {
            return codec.tokens();
        } finally {
            leave();
        }
    }

    @Override
    public ElementTokens tokens(int version) {
        enter();
        try {
            return codec.tokens(version);
        } finally {
            leave();
        }
    }

    /** Values (and collection elements or blocks) sealed since start. */
    public long seals() {
        return seals.sum();
    }

    /** Values (and collection elements or blocks) opened since start, failed opens not included. */
    public long opens() {
        return opens.sum();
    }

    /** Plaintext bytes sealed: what went into compression. */
    public long compressionInBytes() {
        return compressionIn.sum();
    }

    /** Payload bytes sealed: what came out of compression. */
    public long compressionOutBytes() {
        return compressionOut.sum();
    }
}
