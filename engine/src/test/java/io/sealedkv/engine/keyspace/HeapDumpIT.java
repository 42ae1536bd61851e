package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes values whose plaintext exists nowhere else, reads them back, then dumps the heap of this JVM
 * (which runs the server) and searches the dump: the plaintext must not be in it. The test itself
 * keeps only masked copies of the values while the dump is taken.
 */
class HeapDumpIT {
    private static final byte MASK = 0x5a;

    @TempDir
    Path dir;

    @Test
    void writtenValuesAreNotInTheHeapInPlaintext() throws Exception {
        byte[] smallMasked = randomHexMasked(48);
        byte[] largeMasked = randomHexMasked(4096);
        try (TestServer server = TestServer.start()) {
            storeAndReadBack(server.port(), "small", smallMasked);
            storeAndReadBack(server.port(), "large", largeMasked);
            Path dump = dir.resolve("heap.hprof");
            dumpHeap(dump);
            assertThat(contains(dump, unmask(smallMasked))).as("small value in the heap").isFalse();
            assertThat(contains(dump, unmask(largeMasked))).as("large value in the heap").isFalse();
        }
    }

    @Test
    void theSearchFindsPlaintextThatIsKept() throws Exception {
        byte[] masked = randomHexMasked(48);
        byte[] kept = unmask(masked);
        Path dump = dir.resolve("control.hprof");
        dumpHeap(dump);
        assertThat(contains(dump, unmask(masked))).isTrue();
        assertThat(kept).hasSize(48);
    }

    private static void storeAndReadBack(int port, String key, byte[] masked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = setCommand(key, masked);
            out.write(request);
            Arrays.fill(request, (byte) 0);
            assertThat(readLine(in)).isEqualTo("+OK");
            out.write(("*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("$" + masked.length);
            byte[] value = in.readNBytes(masked.length + 2);
            boolean same = true;
            for (int i = 0; i < masked.length; i++) {
                same &= value[i] == (byte) (masked[i] ^ MASK);
            }
            Arrays.fill(value, (byte) 0);
            assertThat(same).as("GET returns the stored value").isTrue();
        }
    }

    private static byte[] setCommand(String key, byte[] masked) {
        byte[] head = ("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + masked.length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + masked.length + 2);
        for (int i = 0; i < masked.length; i++) {
            request[head.length + i] = (byte) (masked[i] ^ MASK);
        }
        request[request.length - 2] = '\r';
        request[request.length - 1] = '\n';
        return request;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n' && c >= 0) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] randomHexMasked(int length) {
        byte[] random = new byte[length];
        new SecureRandom().nextBytes(random);
        byte[] masked = new byte[length];
        for (int i = 0; i < length; i++) {
            masked[i] = (byte) ("0123456789abcdef".charAt(random[i] & 0x0f) ^ MASK);
        }
        return masked;
    }

    private static byte[] unmask(byte[] masked) {
        byte[] plain = new byte[masked.length];
        for (int i = 0; i < masked.length; i++) {
            plain[i] = (byte) (masked[i] ^ MASK);
        }
        return plain;
    }

    private static void dumpHeap(Path file) throws IOException {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(file.toString(), true);
    }

    private static boolean contains(Path file, byte[] needle) throws IOException {
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
