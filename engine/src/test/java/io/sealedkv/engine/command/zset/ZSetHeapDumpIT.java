package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Sorted-set members whose plaintext exists nowhere else are added (to a listpack set and to a set
 * large enough to be a skiplist, with equal scores so inserts compare members), read back with
 * ZRANGE, ZSCORE, ZRANK, ZRANGEBYLEX, ZPOPMIN, ZUNIONSTORE, BZPOPMIN, BZMPOP and a BZPOPMAX served after
 * blocking, ZADDs and pops pipelined in runs ({@link ZAddRun}, {@link ZPopRun}), then the heap of this JVM
 * (which runs the server) is dumped and searched: no member may be in it. The test keeps only masked
 * copies; requests are built and read over a raw socket and wiped.
 */
class ZSetHeapDumpIT {
    private static final int LARGE = 300;

    @TempDir
    Path dir;

    @Test
    void membersAreNotInTheHeapInPlaintext() throws Exception {
        List<byte[]> small = masked(5);
        List<byte[]> large = masked(LARGE);
        List<byte[]> piped = masked(12);
        try (TestServer server = TestServer.start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            call(out, in, "ZADD", "small", small, true);
            call(out, in, "ZADD", "large", large, true);
            assertThat(call(out, in, "OBJECT", "ENCODING", "large")).contains("skiplist");
            for (String key : new String[] {"small", "large"}) {
                List<byte[]> expected = key.equals("small") ? small : large;
                assertThat(rangeMatches(out, in, key, expected)).as(key).isTrue();
                call(out, in, "ZSCORE", key, expected.subList(0, 1), false);
                call(out, in, "ZRANK", key, expected.subList(1, 2), false);
                call(out, in, "ZRANGEBYLEX", key, List.of(), false);
            }
            call(out, in, "ZUNIONSTORE", "u", "2", "small", "large");
            call(out, in, "ZPOPMIN", "u", "3");
            call(out, in, "COPY", "large", "copied");
            assertThat(call(out, in, "BZPOPMIN", "u", "0")).startsWith("*3");
            assertThat(call(out, in, "BZMPOP", "0", "1", "u", "MAX", "COUNT", "2")).startsWith("*2");
            try (Socket waiter = new Socket("127.0.0.1", server.port())) {
                waiter.getOutputStream().write("*3\r\n$8\r\nBZPOPMAX\r\n$1\r\nw\r\n$1\r\n0\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (server.server().blockedClients().count() != 1) {
                    assertThat(System.nanoTime()).as("BZPOPMAX blocks").isLessThan(deadline);
                    Thread.sleep(5);
                }
                call(out, in, "ZUNIONSTORE", "w", "1", "small");
                assertThat(skipReply(waiter.getInputStream())).startsWith("*3");
            }
            call(out, in, "ZADD", "large", piped.subList(0, 1), true);
            pipelinedAdds(out, in, "large", piped.subList(1, piped.size()));
            out.write("*3\r\n$7\r\nZPOPMIN\r\n$5\r\nlarge\r\n$1\r\n2\r\n".repeat(4)
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 4; i++) {
                assertThat(skipReply(in)).startsWith("*4");
            }
            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            List<byte[]> all = new ArrayList<>(small);
            all.addAll(large);
            all.addAll(piped);
            assertThat(findAny(dump, all)).as("a member in the heap").isEqualTo(-1);
        }
    }

    @Test
    void theSearchFindsAMemberThatIsKept() throws Exception {
        List<byte[]> masked = masked(1);
        byte[] kept = HeapDumps.unmask(masked.get(0));
        Path dump = dir.resolve("control.hprof");
        HeapDumps.dumpHeap(dump);
        assertThat(findAny(dump, masked)).isZero();
        assertThat(kept).hasSize(32);
    }

    /** Members of 32 random hex digits, masked, in ascending order. */
    private static List<byte[]> masked(int count) {
        SecureRandom random = new SecureRandom();
        List<byte[]> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] m = new byte[32];
            for (int j = 0; j < m.length; j++) {
                m[j] = (byte) ("0123456789abcdef".charAt(random.nextInt(16)) ^ HeapDumps.MASK);
            }
            members.add(m);
        }
        members.sort((a, b) -> Arrays.compareUnsigned(unmaskedView(a), unmaskedView(b)));
        return members;
    }

    private static byte[] unmaskedView(byte[] masked) {
        return HeapDumps.unmask(masked);
    }

    /** Sends a command whose masked members are unmasked only inside the wiped request buffer. */
    private static String call(OutputStream out, InputStream in, String name, String key, List<byte[]> members,
                               boolean withScores) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        int argc = 2 + members.size() * (withScores ? 2 : 1) + (name.equals("ZRANGEBYLEX") ? 2 : 0);
        request.write(("*" + argc + "\r\n").getBytes(StandardCharsets.US_ASCII));
        bulk(request, name.getBytes(StandardCharsets.US_ASCII));
        bulk(request, key.getBytes(StandardCharsets.US_ASCII));
        if (name.equals("ZRANGEBYLEX")) {
            bulk(request, "-".getBytes(StandardCharsets.US_ASCII));
            bulk(request, "+".getBytes(StandardCharsets.US_ASCII));
        }
        for (byte[] m : members) {
            if (withScores) {
                bulk(request, "0".getBytes(StandardCharsets.US_ASCII));
            }
            unmaskedBulk(request, m);
        }
        byte[] bytes = request.toByteArray();
        out.write(bytes);
        Arrays.fill(bytes, (byte) 0);
        return skipReply(in);
    }

    /** One packet of {@code ZADD key 0 member} per masked member (a run), each unmasked only in the wiped packet. */
    private static void pipelinedAdds(OutputStream out, InputStream in, String key, List<byte[]> members)
            throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        for (byte[] m : members) {
            packet.write("*4\r\n".getBytes(StandardCharsets.US_ASCII));
            bulk(packet, "ZADD".getBytes(StandardCharsets.US_ASCII));
            bulk(packet, key.getBytes(StandardCharsets.US_ASCII));
            bulk(packet, "0".getBytes(StandardCharsets.US_ASCII));
            unmaskedBulk(packet, m);
        }
        byte[] bytes = packet.toByteArray();
        out.write(bytes);
        Arrays.fill(bytes, (byte) 0);
        for (int i = 0; i < members.size(); i++) {
            assertThat(skipReply(in)).isEqualTo(":1");
        }
    }

    private static String call(OutputStream out, InputStream in, String... argv) throws IOException {
        StringBuilder request = new StringBuilder("*" + argv.length + "\r\n");
        for (String a : argv) {
            request.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        return skipReply(in);
    }

    /** A bulk string of the masked member, unmasked as it is written into {@code out} (wiped by the caller). */
    private static void unmaskedBulk(ByteArrayOutputStream out, byte[] masked) throws IOException {
        out.write(("$" + masked.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte b : masked) {
            out.write(b ^ HeapDumps.MASK);
        }
        out.write('\r');
        out.write('\n');
    }

    private static void bulk(ByteArrayOutputStream out, byte[] arg) throws IOException {
        out.write(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(arg);
        out.write('\r');
        out.write('\n');
    }

    /** Reads one reply; bulk payloads are wiped unread. Returns the header lines (no payloads). */
    private static String skipReply(InputStream in) throws IOException {
        String line = HeapDumps.readLine(in);
        char type = line.charAt(0);
        if (type == '$' || type == '=') {
            int n = Integer.parseInt(line.substring(1));
            if (n >= 0) {
                byte[] payload = in.readNBytes(n + 2);
                String shown = n < 16 && type == '$' ? new String(payload, 0, n, StandardCharsets.US_ASCII) : "";
                Arrays.fill(payload, (byte) 0);
                return line + " " + shown;
            }
            return line;
        }
        if (type == '*' || type == '%' || type == '~') {
            int n = Integer.parseInt(line.substring(1));
            StringBuilder all = new StringBuilder(line);
            for (int i = 0; i < n * (type == '%' ? 2 : 1); i++) {
                all.append(' ').append(skipReply(in));
            }
            return all.toString();
        }
        return line;
    }

    /** ZRANGE key 0 -1 returns exactly the masked members, compared without unmasking them in the heap. */
    private static boolean rangeMatches(OutputStream out, InputStream in, String key, List<byte[]> expected)
            throws IOException {
        String request = "*4\r\n$6\r\nZRANGE\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\n0\r\n$2\r\n-1\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        String header = HeapDumps.readLine(in);
        if (!header.equals("*" + expected.size())) {
            return false;
        }
        boolean same = true;
        for (byte[] m : expected) {
            same &= HeapDumps.readLine(in).equals("$" + m.length);
            byte[] value = in.readNBytes(m.length + 2);
            for (int i = 0; i < m.length; i++) {
                same &= value[i] == (byte) (m[i] ^ HeapDumps.MASK);
            }
            Arrays.fill(value, (byte) 0);
        }
        return same;
    }

    /**
     * The index of the first member (given masked; its 32 hex digits) found in the file, or -1. Only
     * runs of at least 32 hex digits can hold one, so only those are looked up.
     */
    private static int findAny(Path file, List<byte[]> masked) throws IOException {
        java.util.Map<java.nio.ByteBuffer, Integer> wanted = new java.util.HashMap<>();
        for (int k = 0; k < masked.size(); k++) {
            wanted.put(java.nio.ByteBuffer.wrap(masked.get(k)), k);
        }
        byte[] run = new byte[1 << 16];
        int length = 0;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            int b;
            while (true) {
                b = in.read();
                boolean hex = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
                if (hex && length < run.length) {
                    run[length++] = (byte) (b ^ HeapDumps.MASK);
                    continue;
                }
                for (int i = 0; i + 32 <= length; i++) {
                    Integer found = wanted.get(java.nio.ByteBuffer.wrap(run, i, 32));
                    if (found != null) {
                        return found;
                    }
                }
                length = 0;
                if (b < 0) {
                    return -1;
                }
            }
        }
    }
}
