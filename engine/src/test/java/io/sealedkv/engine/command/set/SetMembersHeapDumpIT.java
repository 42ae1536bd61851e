package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * SINTER and SPOP, adds more to the large set in a pipelined run, pops from both in a pipelined run, then
 * dumps the heap of this JVM (which runs the server): no member may be in it. The test keeps only masked
 * copies; {@link #theSearchFindsMembersThatAreKept} shows the search finds a member that is kept.
 *
 * <p>The server runs with the default codec options, compression on: the codec wipes its per-thread LZF
 * workspace after every compression attempt, so no small set's block is left there in clear.
 */
class SetMembersHeapDumpIT {
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
                assertThat(HeapDumps.readLine(in)).isEqualTo(":" + members.size());
                send(out, "SMEMBERS", key, List.of());
                assertThat(HeapDumps.readLine(in)).isEqualTo("*" + members.size());
                skipBulks(in, members.size());
                send(out, "SISMEMBER", key, members.subList(0, 1));
                assertThat(HeapDumps.readLine(in)).isEqualTo(":1");
                send(out, "SRANDMEMBER", key, List.of());
                skipBulks(in, 1);
                send(out, "SINTER", key, List.of());
                assertThat(HeapDumps.readLine(in)).isEqualTo("*" + members.size());
                skipBulks(in, members.size());
                send(out, "SPOP", key, List.of());
                skipBulks(in, 1);
            }
            // A pipelined run of SADDs to the large set this connection added to last, in one write.
            List<byte[]> run = masked(16);
            List<byte[]> adds = new ArrayList<>();
            for (byte[] member : run) {
                adds.add(request("SADD", "large", List.of(member)));
            }
            sendAll(out, adds);
            for (int i = 0; i < run.size(); i++) {
                assertThat(HeapDumps.readLine(in)).isEqualTo(":1");
            }
            // A pipelined run of SPOPs: from the large set (each member taken sealed under the hold, opened by its
            // reply) and from the small one (each popped as alone under the hold, its member kept to its reply).
            List<byte[]> pops = new ArrayList<>();
            for (String key : List.of("large", "large", "large", "small", "small", "small")) {
                pops.add(request("SPOP", key, List.of()));
            }
            sendAll(out, pops);
            skipBulks(in, pops.size());
            send(out, "OBJECT", "ENCODING", List.of("large".getBytes(StandardCharsets.US_ASCII)));
            assertThat(HeapDumps.readLine(in)).isEqualTo("$9");
            assertThat(HeapDumps.readLine(in)).isEqualTo("hashtable");
            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            List<byte[]> all = new ArrayList<>(small);
            all.addAll(large);
            all.addAll(run);
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (HeapDumps.contains(dump, HeapDumps.unmask(all.get(i)))) {
                    found.add(i);
                }
            }
            assertThat(found).as("members found in the heap (0-4 small set, 5-44 large set, 45-60 pipelined)")
                    .isEmpty();
        }
    }

    @Test
    void theSearchFindsMembersThatAreKept() throws Exception {
        byte[] masked = masked(1).get(0);
        byte[] kept = HeapDumps.unmask(masked);
        Path dump = dir.resolve("control.hprof");
        HeapDumps.dumpHeap(dump);
        assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked))).isTrue();
        assertThat(kept).hasSize(MEMBER_LENGTH);
    }

    /** Sends CMD key args..., with masked arguments unmasked straight into the request buffer. */
    private static void send(OutputStream out, String command, String key, List<byte[]> masked) throws IOException {
        byte[] request = request(command, key, masked);
        out.write(request);
        Arrays.fill(request, (byte) 0);
    }

    /** Sends {@code requests} in one write, wiping them. */
    private static void sendAll(OutputStream out, List<byte[]> requests) throws IOException {
        byte[] pipeline = new byte[0];
        for (byte[] request : requests) {
            int at = pipeline.length;
            pipeline = Arrays.copyOf(pipeline, at + request.length);
            System.arraycopy(request, 0, pipeline, at, request.length);
            Arrays.fill(request, (byte) 0);
        }
        out.write(pipeline);
        Arrays.fill(pipeline, (byte) 0);
    }

    /** The request CMD key args..., masked arguments unmasked, for the caller to send and wipe. */
    private static byte[] request(String command, String key, List<byte[]> masked) {
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
                request[at + start.length + prefix.length + j] = (byte) (i >= 2 && secret ? arg[j] ^ HeapDumps.MASK : arg[j]);
            }
            request[request.length - 2] = '\r';
            request[request.length - 1] = '\n';
        }
        return request;
    }

    private static void skipBulks(InputStream in, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String header = HeapDumps.readLine(in);
            assertThat(header).startsWith("$");
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)) + 2);
            Arrays.fill(body, (byte) 0);
        }
    }

    private static List<byte[]> masked(int count) {
        SecureRandom random = new SecureRandom();
        List<byte[]> members = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            byte[] masked = new byte[MEMBER_LENGTH];
            for (int i = 0; i < MEMBER_LENGTH; i++) {
                masked[i] = (byte) ("0123456789abcdef".charAt(random.nextInt(16)) ^ HeapDumps.MASK);
            }
            members.add(masked);
        }
        return members;
    }

}
