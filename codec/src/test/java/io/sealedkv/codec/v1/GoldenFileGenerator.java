package io.sealedkv.codec.v1;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.TestValues;
import io.sealedkv.crypto.AesGcm;
import io.sealedkv.crypto.NonceSequence;
import io.sealedkv.crypto.SealingKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Wrote the version 1 golden files once, with fixed keys and nonces. Not a test: the files are the
 * record of the released format and must never be rewritten. Kept to show how they were made; run
 * it only into an empty directory (argument: the directory).
 */
final class GoldenFileGenerator {
    private GoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Files.createDirectories(Path.of(args[0]));
        EnvelopeV1 envelope = new EnvelopeV1(CodecOptions.DEFAULTS);
        byte[] binaryKey = {'s', 'e', 's', 's', 0x00, (byte) 0xFF, '1'};
        byte[] smallValue = "hello, sealed world \u00e9\u0000\u0001\u00fe".getBytes(UTF_8);

        write(envelope, "empty", SealContext.of(0, "k".getBytes(UTF_8)), 1, 100, new byte[0], directory);
        write(envelope, "small", SealContext.of(3, binaryKey), 1, 200, smallValue, directory);
        write(envelope, "compressed", SealContext.of(0x0000_0100_0000_0005L, "user:1001:profile".getBytes(UTF_8)),
                2, 300, TestValues.jsonLike(4096, 2026), directory);
    }

    private static void write(EnvelopeV1 envelope, String name, SealContext context, int version, long counter,
                              byte[] plaintext, Path directory) throws IOException {
        NonceSequence nonces = new NonceSequence(count -> counter, 1, new FixedRandom(0x5EA1ED00 + version));
        SealingKey key = new SealingKey(version, AesGcm.create(GoldenCase.KEYS.get(version)), nonces);
        byte[] sealed = envelope.seal(key, context, plaintext);
        new GoldenCase(name, context, version, sealed[1], plaintext, sealed).writeTo(directory);
    }

    /** Hands the nonce sequence the same fixed field every time. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final int value;

        FixedRandom(int value) {
            this.value = value;
        }

        @Override
        public int nextInt() {
            return value;
        }
    }
}
