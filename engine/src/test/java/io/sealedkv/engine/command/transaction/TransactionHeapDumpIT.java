package io.sealedkv.engine.command.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MULTI holds the queued commands' arguments until EXEC or DISCARD; after either, no queued value is
 * left in the heap in clear (the test keeps only masked copies while the dump is taken).
 */
class TransactionHeapDumpIT {
    @TempDir
    Path dir;

    @Test
    void valuesQueuedByMultiAreNotInTheHeapAfterExecOrDiscard() throws Exception {
        byte[] executedMasked = HeapDumps.randomHexMasked(64);
        byte[] discardedMasked = HeapDumps.randomHexMasked(64);
        try (TestServer server = TestServer.start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            queueSet(out, in, "executed", executedMasked);
            out.write("*1\r\n$4\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(HeapDumps.readLine(in)).isEqualTo("*1");
            assertThat(HeapDumps.readLine(in)).isEqualTo("+OK");
            queueSet(out, in, "discarded", discardedMasked);
            out.write("*1\r\n$7\r\nDISCARD\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(HeapDumps.readLine(in)).isEqualTo("+OK");

            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            assertThat(HeapDumps.contains(dump, HeapDumps.unmask(executedMasked))).as("executed value").isFalse();
            assertThat(HeapDumps.contains(dump, HeapDumps.unmask(discardedMasked))).as("discarded value").isFalse();
        }
    }

    private static void queueSet(OutputStream out, InputStream in, String key, byte[] masked) throws IOException {
        out.write("*1\r\n$5\r\nMULTI\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(HeapDumps.readLine(in)).isEqualTo("+OK");
        byte[] request = HeapDumps.requestEndingWith(masked, "SET", key);
        out.write(request);
        Arrays.fill(request, (byte) 0);
        assertThat(HeapDumps.readLine(in)).isEqualTo("+QUEUED");
    }
}
