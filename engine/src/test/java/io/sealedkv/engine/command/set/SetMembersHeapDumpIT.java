package io.sealedkv.engine.command.set;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adds members whose plaintext exists nowhere else to a small set (one sealed block) and a large one
 * (members sealed one by one beside their tokens), reads them back with SMEMBERS, SISMEMBER, SRANDMEMBER,
 * SINTER and SPOP, then dumps the heap of this JVM (which runs the server): no member may be in it. The
 * test keeps only masked copies; {@link #theSearchFindsMembersThatAreKept} shows the search finds a
 * member that is kept.
 *
 * <p>The server runs with the default codec options, compression on: the codec wipes its per-thread LZF
 * workspace after every compression attempt, so no small set's block is left there in clear.
 */
class SetMembersHeapDumpIT {
    private static final byte MASK = 0x5a;
    private static final int MEMBER_LENGTH = 40;

    @TempDir
    Path dir;

    @Test
    void setMembersAreNotInTheHeapInPlaintext() throws Exception {
        List<byte[]> small = masked(5);
        List<byte[]> large = masked(40);
        try (TestServer server = TestServer.start("set-max-listpack-entries 16");
             Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (var entry : List.of(new Object[] {"small", small}, new Object[] {"large", large})) {
                String key = (String) entry[0];
                @SuppressWarnings("unchecked")
                List<byte[]> members = (List<byte[]>) entry[1];
                send(out, "SADD", key, members);
                assertThat(readLine(in)).isEqualTo(":" + members.size());
                send(out, "SMEMBERS", key, List.of());
                assertThat(readLine(in)).isEqualTo("*" + members.size());
                skipBulks(in, members.size());
                send(out, "SISMEMBER", key, members.subList(0, 1));
                assertThat(readLine(in)).isEqualTo(":1");
                send(out, "SRANDMEMBER", key, List.of());
                skipBulks(in, 1);
                send(out, "SINTER", key, List.of());
                assertThat(readLine(in)).isEqualTo("*" + members.size());
                skipBulks(in, members.size());
                send(out, "SPOP", key, List.of());
                skipBulks(in, 1);
            }
            send(out, "OBJECT", "ENCODING", List.of("large".getBytes(StandardCharsets.US_ASCII)));
            assertThat(readLine(in)).isEqualTo("$9");
            assertThat(readLine(in)).isEqualTo("hashtable");
            Path dump = dir.resolve("heap.hprof");
            dumpHeap(dump);
            List<byte[]> all = new ArrayList<>(small);
            all.addAll(large);
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (contains(dump, unmask(all.get(i)))) {
                    found.add(i);
                }
            }
            assertThat(found).as("members found in the heap (0-4 small set, 5-44 large set)").isEmpty();
        }
    }

    @Test
    void theSearchFindsMembersThatAreKept() throws Exception {
        byte[] masked = masked(1).get(0);
        byte[] kept = unmask(masked);
        Path dump = dir.resolve("control.hprof");
        dumpHeap(dump);
        assertThat(contains(dump, unmask(masked))).isTrue();
        assertThat(kept).hasSize(MEMBER_LENGTH);
    }

    /** Sends CMD key args..., with masked arguments unmasked straight into the request buffer. */
    private static void send(OutputStream out, String command, String key, List<byte[]> masked) throws IOException {
        boolean secret = !command.equals("OBJECT");
        List<byte[]> args = new ArrayList<>();
        args.add(command.getBytes(StandardCharsets.US_ASCII));
        args.add(key.getBytes(StandardCharsets.US_ASCII));
        args.addAll(masked);
        StringBuilder head = new StringBuilder("*" + args.size() + "\r\n");
        byte[] request = new byte[0];
        for (int i = 0; i < args.size(); i++) {
            byte[] arg = args.get(i);
            byte[] prefix = ("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] start = i == 0 ? head.toString().getBytes(StandardCharsets.US_ASCII) : new byte[0];
            int at = request.length;
            request = Arrays.copyOf(request, at + start.length + prefix.length + arg.length + 2);
            System.arraycopy(start, 0, request, at, start.length);
            System.arraycopy(prefix, 0, request, at + start.length, prefix.length);
            for (int j = 0; j < arg.length; j++) {
                request[at + start.length + prefix.length + j] = (byte) (i >= 2 && secret ? arg[j] ^ MASK : arg[j]);
            }
            request[request.length - 2] = '\r';
            request[request.length - 1] = '\n';
        }
        out.write(request);
        Arrays.fill(request, (byte) 0);
    }

    private static void skipBulks(InputStream in, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String header = readLine(in);
            assertThat(header).startsWith("$");
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)) + 2);
            Arrays.fill(body, (byte) 0);
        }
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

    private static List<byte[]> masked(int count) {
        SecureRandom random = new SecureRandom();
        List<byte[]> members = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            byte[] masked = new byte[MEMBER_LENGTH];
            for (int i = 0; i < MEMBER_LENGTH; i++) {
                masked[i] = (byte) ("0123456789abcdef".charAt(random.nextInt(16)) ^ MASK);
            }
            members.add(masked);
        }
        return members;
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
