package io.sealedkv.engine.command.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approach of HeapDumpIT for hash fields and values: they are sent (HSET into a listpack hash and
 * into a hashtable hash, alone and in a pipelined run), read back (HGET, HGETALL, HSCAN, HRANDFIELD), then the heap of
 * this JVM is dumped and searched. The test keeps only masked copies while the dump is taken.
 *
 * <p>The server runs with the default codec options, compression on: the codec wipes its per-thread LZF
 * workspace after every compression attempt, so the literal runs of the last compressed block are not
 * left there in clear.
 */
class HashHeapDumpIT {

    @TempDir
    Path dir;

    @Test
    void fieldsAndValuesAreNotInTheHeapInPlaintext() throws Exception {
        List<byte[]> masked = new ArrayList<>();
        try (TestServer server = TestServer.start("hash-max-listpack-entries 4");
             Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String key : new String[] {"small", "large"}) {
                int fields = key.equals("small") ? 3 : 8;
                for (int i = 0; i < fields; i++) {
                    byte[] field = HeapDumps.randomHexMasked(24);
                    byte[] value = HeapDumps.randomHexMasked(40);
                    masked.add(field);
                    masked.add(value);
                    send(out, key, "HSET", field, value);
                    assertThat(HeapDumps.readLine(in)).isEqualTo(":1");
                    send(out, key, "HGET", field);
                    assertThat(HeapDumps.readLine(in)).isEqualTo("$40");
                    assertThat(sameAsMasked(in.readNBytes(42), value)).isTrue();
                }
                for (String read : new String[] {"HGETALL", "HSCAN", "HRANDFIELD"}) {
                    byte[][] extra = read.equals("HSCAN") ? new byte[][] {{'0'}}
                        : read.equals("HRANDFIELD") ? new byte[][] {{'-', '5'}, "WITHVALUES".getBytes()} : new byte[0][];
                    sendPlain(out, read, key, extra);
                    drain(in, socket);
                }
            }
            // One write: a run of HSETs into the hashtable this connection wrote last, sealed before the lock.
            List<byte[]> run = new ArrayList<>();
            int size = 0;
            for (int i = 0; i < 16; i++) {
                byte[] field = HeapDumps.randomHexMasked(24);
                byte[] value = HeapDumps.randomHexMasked(40);
                masked.add(field);
                masked.add(value);
                run.add(request("large", "HSET", field, value));
                size += run.get(i).length;
            }
            byte[] pipeline = new byte[size];
            int at = 0;
            for (byte[] request : run) {
                System.arraycopy(request, 0, pipeline, at, request.length);
                at += request.length;
                Arrays.fill(request, (byte) 0);
            }
            out.write(pipeline);
            out.flush();
            Arrays.fill(pipeline, (byte) 0);
            for (int i = 0; i < run.size(); i++) {
                assertThat(HeapDumps.readLine(in)).isEqualTo(":1");
            }
            Path dump = dir.resolve("hash.hprof");
            HeapDumps.dumpHeap(dump);
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < masked.size(); i++) {
                if (HeapDumps.contains(dump, HeapDumps.unmask(masked.get(i)))) {
                    found.add(i);
                }
            }
            assertThat(found).as("elements in the heap").isEmpty();
        }
    }

    @Test
    void theSearchFindsAFieldThatIsKept() throws Exception {
        byte[] masked = HeapDumps.randomHexMasked(24);
        byte[] kept = HeapDumps.unmask(masked);
        Path dump = dir.resolve("control.hprof");
        HeapDumps.dumpHeap(dump);
        assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked))).isTrue();
        assertThat(kept).hasSize(24);
    }

    /** Sends {@code command key} then the masked arguments, unmasked only inside the request buffer. */
    private static void send(OutputStream out, String key, String command, byte[]... maskedArgs) throws IOException {
        byte[] request = request(key, command, maskedArgs);
        out.write(request);
        out.flush();
        Arrays.fill(request, (byte) 0);
    }

    /** The request {@code command key} then the masked arguments unmasked, for the caller to send and wipe. */
    private static byte[] request(String key, String command, byte[]... maskedArgs) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(("*" + (2 + maskedArgs.length) + "\r\n$" + command.length() + "\r\n" + command + "\r\n$"
            + key.length() + "\r\n" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
        int size = head.size();
        for (byte[] arg : maskedArgs) {
            size += 16 + arg.length;
        }
        byte[] request = new byte[size];
        int pos = 0;
        byte[] h = head.toByteArray();
        System.arraycopy(h, 0, request, 0, h.length);
        pos += h.length;
        for (byte[] arg : maskedArgs) {
            byte[] len = ("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(len, 0, request, pos, len.length);
            pos += len.length;
            for (byte b : arg) {
                request[pos++] = (byte) (b ^ HeapDumps.MASK);
            }
            request[pos++] = '\r';
            request[pos++] = '\n';
        }
        byte[] sized = Arrays.copyOf(request, pos);
        Arrays.fill(request, (byte) 0);
        return sized;
    }

    private static void sendPlain(OutputStream out, String command, String key, byte[]... args) throws IOException {
        StringBuilder s = new StringBuilder("*" + (2 + args.length) + "\r\n$" + command.length() + "\r\n" + command
            + "\r\n$" + key.length() + "\r\n" + key + "\r\n");
        for (byte[] arg : args) {
            s.append('$').append(arg.length).append("\r\n").append(new String(arg, StandardCharsets.US_ASCII))
                .append("\r\n");
        }
        out.write(s.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads and wipes whatever the server sent within a short while (a reply of plaintext elements). */
    private static void drain(InputStream in, Socket socket) throws IOException {
        socket.setSoTimeout(500);
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                Arrays.fill(buffer, 0, n, (byte) 0);
            }
        } catch (java.net.SocketTimeoutException e) {
            Arrays.fill(buffer, (byte) 0);
        }
        socket.setSoTimeout(0);
    }

    private static boolean sameAsMasked(byte[] reply, byte[] masked) {
        boolean same = true;
        for (int i = 0; i < masked.length; i++) {
            same &= reply[i] == (byte) (masked[i] ^ HeapDumps.MASK);
        }
        Arrays.fill(reply, (byte) 0);
        return same;
    }

}
