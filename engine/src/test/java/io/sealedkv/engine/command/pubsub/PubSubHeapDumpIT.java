package io.sealedkv.engine.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published message passes through the server's buffers on its way to each subscriber; once
 * delivered, it is not left in the heap in clear (the test keeps only masked copies while the dump is taken).
 */
class PubSubHeapDumpIT {
    @TempDir
    Path dir;

    @Test
    void aDeliveredMessageIsNotInTheHeap() throws Exception {
        byte[] masked = HeapDumps.randomHexMasked(64);
        try (TestServer server = TestServer.start();
             Socket subscriber = new Socket("127.0.0.1", server.port());
             Socket publisher = new Socket("127.0.0.1", server.port())) {
            InputStream subscribed = subscriber.getInputStream();
            subscriber.getOutputStream().write("*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line : new String[] {"*3", "$9", "subscribe", "$2", "ch", ":1"}) {
                assertThat(HeapDumps.readLine(subscribed)).isEqualTo(line);
            }
            OutputStream out = publisher.getOutputStream();
            byte[] request = HeapDumps.requestEndingWith(masked, "PUBLISH", "ch");
            out.write(request);
            Arrays.fill(request, (byte) 0);
            assertThat(HeapDumps.readLine(publisher.getInputStream())).isEqualTo(":1");
            for (String line : new String[] {"*3", "$7", "message", "$2", "ch", "$" + masked.length}) {
                assertThat(HeapDumps.readLine(subscribed)).isEqualTo(line);
            }
            assertThat(HeapDumps.readsUnmasked(subscribed, masked)).as("the subscriber got the message").isTrue();

            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked))).as("message in the heap").isFalse();
        }
    }
}
