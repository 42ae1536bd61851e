package io.sealedkv.codec;

import io.sealedkv.crypto.ElementTokens;

/**
 * The one pipeline every value passes through: LZF compression (when it pays and is enabled), then
 * AES-256-GCM under the key ring's primary data key, in a versioned envelope (see
 * {@code io.sealedkv.codec.v1.EnvelopeV1} for the bytes). Thread-safe.
 *
 * <p>Failures are typed, all {@link io.sealedkv.crypto.SealingException}s: an unknown envelope
 * version ({@link UnsupportedEnvelopeVersionException}), a value too short or inconsistent
 * ({@link MalformedEnvelopeException}), an unknown or destroyed key version
 * ({@link io.sealedkv.crypto.UnknownKeyVersionException},
 * {@link io.sealedkv.crypto.DestroyedKeyVersionException}) and a failed tag
 * ({@link io.sealedkv.crypto.AuthenticationFailedException}). Open never returns unverified bytes.
 */
public interface ValueCodec {
    /** Seals {@code plaintext} for {@code context}; sealing the same input twice gives different bytes. */
    byte[] seal(SealContext context, byte[] plaintext);

    /** Verifies and opens a value sealed for exactly {@code context}. */
    byte[] open(SealContext context, byte[] sealed);

    /** The data key version a sealed value names, read from its header without opening it. */
    int keyVersion(byte[] sealed);

    /**
     * The element token function new collections use: the one of the primary data key version. A
     * collection keeps using the version it started with ({@link #tokens(int)}).
     */
    ElementTokens tokens();

    /** The element token function of data key {@code version}. */
    ElementTokens tokens(int version);
}
