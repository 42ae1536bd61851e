package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * List elements pushed (alone and packed in nodes), read back (alone and in pipelined runs), popped, moved
 * and served to a blocked client are not in the heap in clear afterwards: the heap of this JVM (which runs
 * the server) is dumped and searched. The test keeps only masked copies of the elements; requests and
 * replies go through raw sockets so no client library keeps them either.
 */
class ListHeapDumpIT {

    @TempDir
    Path dir;

    @Test
    void listElementsAreNotInTheHeapInPlaintext() throws Exception {
        List<byte[]> masked = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            masked.add(HeapDumps.randomHexMasked(32));
        }
        try (TestServer server = TestServer.start();
             Socket client = new Socket("127.0.0.1", server.port());
             Socket waiter = new Socket("127.0.0.1", server.port())) {
            send(waiter, "BLPOP", "served", "0");
            awaitBlocked(client);
            send(client, masked.subList(0, 10), "RPUSH", "singles");
            send(client, masked.subList(10, 50), "RPUSH", "packed");
            send(client, masked.subList(50, 59), "LPUSH", "packed");
            send(client, masked.subList(59, 60), "RPUSH", "served");
            drain(client, 4);
            send(client, "LRANGE", "packed", "0", "-1");
            send(client, "LRANGE", "singles", "0", "-1");
            send(client, "LPOP", "packed", "3");
            send(client, "LINDEX", "packed", "20");
            send(client, "LMOVE", "singles", "moved", "LEFT", "RIGHT");
            send(client, "LPOS", "packed", "nothing");
            drain(client, 6);
            drain(waiter, 1);
            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            for (int i = 0; i < masked.size(); i++) {
                assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked.get(i)))).as("element %d in the heap", i).isFalse();
            }
        }
    }

    @Test
    void elementsPushedInPipelinedRunsAreNotInTheHeapInPlaintext() throws Exception {
        List<byte[]> masked = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            masked.add(HeapDumps.randomHexMasked(32));
        }
        try (TestServer server = TestServer.start();
             Socket client = new Socket("127.0.0.1", server.port())) {
            send(client, masked.subList(0, 1), "RPUSH", "runs");
            drain(client, 1);
            // One write: runs of pushes to the list this connection pushed to last, sealed as nodes and merged.
            List<byte[]> requests = new ArrayList<>();
            int size = 0;
            for (int i = 1; i < masked.size(); i++) {
                requests.add(request(masked.subList(i, i + 1), i % 3 == 0 ? "RPUSH" : "LPUSH", "runs"));
                size += requests.get(i - 1).length;
            }
            byte[] bytes = new byte[size];
            int at = 0;
            for (byte[] request : requests) {
                System.arraycopy(request, 0, bytes, at, request.length);
                at += request.length;
                Arrays.fill(request, (byte) 0);
            }
            client.getOutputStream().write(bytes);
            Arrays.fill(bytes, (byte) 0);
            drain(client, masked.size() - 1);
            send(client, "LRANGE", "runs", "0", "-1");
            send(client, "LPOP", "runs", "5");
            drain(client, 2);
            // One write: a run of pops taking elements off the edge nodes, each opened once for the run.
            ByteArrayOutputStream pops = new ByteArrayOutputStream();
            for (int i = 0; i < 12; i++) {
                pops.writeBytes(request(List.of(), i % 2 == 0 ? "LPOP" : "RPOP", "runs"));
            }
            client.getOutputStream().write(pops.toByteArray());
            drain(client, 12);
            Path dump = dir.resolve("runs.hprof");
            HeapDumps.dumpHeap(dump);
            for (int i = 0; i < masked.size(); i++) {
                assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked.get(i)))).as("element %d in the heap", i).isFalse();
            }
        }
    }

    @Test
    void elementsReadInPipelinedRunsAreNotInTheHeapInPlaintext() throws Exception {
        List<byte[]> masked = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            masked.add(HeapDumps.randomHexMasked(32));
        }
        try (TestServer server = TestServer.start();
             Socket client = new Socket("127.0.0.1", server.port())) {
            send(client, "CONFIG", "SET", "list-max-listpack-size", "8");
            send(client, masked, "RPUSH", "read");
            drain(client, 2);
            // One write: runs of reads, each node opened once for its run and kept open until the run ends.
            ByteArrayOutputStream reads = new ByteArrayOutputStream();
            for (int i = 0; i < 6; i++) {
                reads.writeBytes(request(List.of(), "LRANGE", "read", "0", "-1"));
                reads.writeBytes(request(List.of(), "LINDEX", "read", String.valueOf(7 * i)));
                reads.writeBytes(request(List.of(), "LRANGE", "read", String.valueOf(3 * i), String.valueOf(20 + i)));
            }
            reads.writeBytes(request(List.of(), "LLEN", "read"));
            reads.writeBytes(request(List.of(), "LINDEX", "read", "5"));
            reads.writeBytes(request(List.of(), "LINDEX", "read", "6"));
            client.getOutputStream().write(reads.toByteArray());
            drain(client, 21);
            Path dump = dir.resolve("reads.hprof");
            HeapDumps.dumpHeap(dump);
            for (int i = 0; i < masked.size(); i++) {
                assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked.get(i)))).as("element %d in the heap", i).isFalse();
            }
        }
    }

    @Test
    void theSearchFindsPlaintextThatIsKept() throws Exception {
        byte[] masked = HeapDumps.randomHexMasked(32);
        byte[] kept = HeapDumps.unmask(masked);
        Path dump = dir.resolve("control.hprof");
        HeapDumps.dumpHeap(dump);
        assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked))).isTrue();
        assertThat(kept).hasSize(32);
    }

    private static void awaitBlocked(Socket client) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            send(client, "INFO", "clients");
            String info = readReply(client.getInputStream());
            if (info.contains("blocked_clients:1")) {
                return;
            }
            assertThat(System.nanoTime()).as("the waiter blocks").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void send(Socket socket, String... words) throws IOException {
        send(socket, List.of(), words);
    }

    /** Sends {@code words} followed by the unmasked elements, unmasking straight into the request buffer. */
    private static void send(Socket socket, List<byte[]> maskedElements, String... words) throws IOException {
        byte[] bytes = request(maskedElements, words);
        socket.getOutputStream().write(bytes);
        Arrays.fill(bytes, (byte) 0);
    }

    /** The request of {@code words} followed by the unmasked elements, to wipe by the caller. */
    private static byte[] request(List<byte[]> maskedElements, String... words) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + (words.length + maskedElements.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String word : words) {
            request.writeBytes(("$" + word.length() + "\r\n" + word + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] head = request.toByteArray();
        int size = head.length;
        for (byte[] element : maskedElements) {
            size += 16 + element.length;
        }
        byte[] bytes = Arrays.copyOf(head, size);
        int at = head.length;
        for (byte[] element : maskedElements) {
            byte[] length = ("$" + element.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(length, 0, bytes, at, length.length);
            at += length.length;
            for (byte b : element) {
                bytes[at++] = (byte) (b ^ HeapDumps.MASK);
            }
            bytes[at++] = '\r';
            bytes[at++] = '\n';
        }
        byte[] exact = Arrays.copyOf(bytes, at);
        Arrays.fill(bytes, (byte) 0);
        return exact;
    }

    /** Reads and wipes {@code replies} replies. */
    private static void drain(Socket socket, int replies) throws IOException {
        for (int i = 0; i < replies; i++) {
            readReply(socket.getInputStream());
        }
    }

    /** One reply; bulk contents are read into a buffer that is wiped, only the structure is returned. */
    private static String readReply(InputStream in) throws IOException {
        String line = HeapDumps.readLine(in);
        switch (line.charAt(0)) {
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    byte[] content = in.readNBytes(length + 2);
                    boolean info = length > 0 && content[0] == '#';
                    String text = info ? new String(content, StandardCharsets.US_ASCII) : "$" + length;
                    Arrays.fill(content, (byte) 0);
                    return text;
                }
                return line;
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                StringBuilder all = new StringBuilder(line);
                for (int i = 0; i < n; i++) {
                    all.append(readReply(in));
                }
                return all.toString();
            }
            default -> {
                return line;
            }
        }
    }

}
