package io.sealedkv.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Plaintexts of the kinds a cache holds: random bytes, JSON-like text, long runs. */
public final class TestValues {
    private TestValues() {
    }

    /** Bytes that LZF cannot shrink. */
    public static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Records like a cache of user profiles: LZF halves them from about 1 KB up. */
    public static byte[] jsonLike(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[length];
        int filled = 0;
        while (filled < length) {
            int id = random.nextInt(1_000_000);
            byte[] record = ("{\"id\":" + id + ",\"name\":\"user-" + id + "\",\"email\":\"user" + id
                    + "@example.com\",\"active\":" + random.nextBoolean() + ",\"score\":" + random.nextInt(1000)
                    + "}\n").getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(record.length, length - filled);
            System.arraycopy(record, 0, bytes, filled, n);
            filled += n;
        }
        return bytes;
    }

    /** One byte value repeated. */
    public static byte[] run(int length, long seed) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    /** Every kind of value, from empty to a few LZF chunks. */
    public static Arbitrary<byte[]> anyValue() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
                sized(400, 200_000, TestValues::random),
                sized(0, 200_000, TestValues::jsonLike),
                sized(0, 200_000, TestValues::run));
    }

    /** Values of a few MB. */
    public static Arbitrary<byte[]> largeValue() {
        return Arbitraries.oneOf(
                sized(1 << 20, 4 << 20, TestValues::random),
                sized(1 << 20, 4 << 20, TestValues::jsonLike));
    }

    /** Values short enough to flip every bit of their envelope, compressible or not. */
    public static Arbitrary<byte[]> smallValue() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(48),
                sized(0, 64, TestValues::run),
                sized(0, 64, TestValues::jsonLike));
    }

    public static Arbitrary<SealContext> context() {
        Arbitrary<Long> database = Arbitraries.oneOf(Arbitraries.longs().between(0, 15), Arbitraries.longs());
        Arbitrary<byte[]> key = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Combinators.combine(database, key).as(SealContext::of);
    }

    private static Arbitrary<byte[]> sized(int min, int max, Maker maker) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs()).as(maker::make);
    }

    @FunctionalInterface
    private interface Maker {
        byte[] make(int length, long seed);
    }
}
