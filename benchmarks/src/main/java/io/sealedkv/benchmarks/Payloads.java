package io.sealedkv.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Benchmark inputs: JSON-like text (compresses as real cached documents do) and random bytes. */
final class Payloads {
    private Payloads() {
    }

    static byte[] of(String kind, int size, long seed) {
        return kind.equals("random") ? random(size, seed) : jsonLike(size, seed);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] jsonLike(int size, long seed) {
        Random random = new Random(seed);
        String[] fields = {"patient_id", "name", "dob", "diagnosis", "account", "balance", "status", "updated_at"};
        StringBuilder text = new StringBuilder(size + 64);
        while (text.length() < size) {
            String field = fields[random.nextInt(fields.length)];
            text.append("{\"").append(field).append("\":\"").append(Long.toString(random.nextLong() & 0xffffff, 36))
                    .append("\",\"seq\":").append(random.nextInt(1000)).append("},");
        }
        byte[] out = new byte[size];
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, out, 0, size);
        return out;
    }
}
