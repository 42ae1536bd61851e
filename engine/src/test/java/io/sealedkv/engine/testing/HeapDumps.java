package io.sealedkv.engine.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What the heap-dump tests share: test values kept only masked (XOR {@link #MASK}) in the test's own
 * memory, so a plaintext found in the dump can only come from the server; dumping this JVM's heap
 * (the in-process server's); and searching the dump file for bytes.
 */
public final class HeapDumps {
    public static final byte MASK = 0x5a;

    private HeapDumps() {
    }

    /** {@code length} random hex digits, masked. */
    public static byte[] randomHexMasked(int length) {
        return randomMasked(length, "0123456789abcdef");
    }

    /** {@code length} random characters of {@code alphabet}, masked. */
    public static byte[] randomMasked(int length, String alphabet) {
        byte[] random = new byte[length];
        new SecureRandom().nextBytes(random);
        byte[] masked = new byte[length];
        for (int i = 0; i < length; i++) {
            masked[i] = (byte) (alphabet.charAt((random[i] & 0xff) % alphabet.length()) ^ MASK);
        }
        return masked;
    }

    public static byte[] unmask(byte[] masked) {
        byte[] plain = new byte[masked.length];
        for (int i = 0; i < masked.length; i++) {
            plain[i] = (byte) (masked[i] ^ MASK);
        }
        return plain;
    }

    /**
     * The RESP request {@code words..., value} whose last argument is the unmasked {@code masked}; the
     * caller sends it and wipes it.
     */
    public static byte[] requestEndingWith(byte[] masked, String... words) {
        StringBuilder head = new StringBuilder("*" + (words.length + 1) + "\r\n");
        for (String word : words) {
            head.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
        }
        head.append('$').append(masked.length).append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + masked.length + 2);
        for (int i = 0; i < masked.length; i++) {
            request[headBytes.length + i] = (byte) (masked[i] ^ MASK);
        }
        request[request.length - 2] = '\r';
        request[request.length - 1] = '\n';
        return request;
    }

    /** Reads a bulk string's {@code masked.length} bytes and CRLF, compares them with the unmasked value and wipes them. */
    public static boolean readsUnmasked(InputStream in, byte[] masked) throws IOException {
        byte[] value = in.readNBytes(masked.length + 2);
        boolean same = value.length == masked.length + 2;
        for (int i = 0; same && i < masked.length; i++) {
            same = value[i] == (byte) (masked[i] ^ MASK);
        }
        Arrays.fill(value, (byte) 0);
        return same;
    }

    /** Dumps the live objects of this JVM's heap to {@code file}. */
    public static void dumpHeap(Path file) throws IOException {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(file.toString(), true);
    }

    /** True when {@code needle} occurs in the file, read in windows that overlap by the needle's length. */
    public static boolean contains(Path file, byte[] needle) throws IOException {
        byte[] window = new byte[1 << 20];
        int carry = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(window, carry, window.length - carry)) > 0) {
                int filled = carry + n;
                if (indexOf(window, filled, needle) >= 0) {
                    return true;
                }
                carry = Math.min(needle.length - 1, filled);
                System.arraycopy(window, filled - carry, window, 0, carry);
            }
        }
        return false;
    }

    /** A RESP line without its CR LF. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n' && c >= 0) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, haystack.length, needle);
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
