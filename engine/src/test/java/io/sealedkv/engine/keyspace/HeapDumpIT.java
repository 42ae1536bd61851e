package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes values whose plaintext exists nowhere else, reads them back, then dumps the heap of this JVM
 * (which runs the server) and searches the dump: the plaintext must not be in it. The test itself
 * keeps only masked copies of the values while the dump is taken.
 */
class HeapDumpIT {

    @TempDir
    Path dir;

    @Test
    void writtenValuesAreNotInTheHeapInPlaintext() throws Exception {
        byte[] smallMasked = HeapDumps.randomHexMasked(48);
        byte[] largeMasked = HeapDumps.randomHexMasked(4096);
        byte[] hugeMasked = HeapDumps.randomHexMasked(3 * ValueArena.MAX_VALUE);
        try (TestServer server = TestServer.start()) {
            storeAndReadBack(server.port(), "small", smallMasked);
            storeAndReadBack(server.port(), "large", largeMasked);
            storeAndReadBack(server.port(), "huge", hugeMasked);
            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            assertThat(HeapDumps.contains(dump, HeapDumps.unmask(smallMasked))).as("small value in the heap").isFalse();
            assertThat(HeapDumps.contains(dump, HeapDumps.unmask(largeMasked))).as("large value in the heap").isFalse();
            assertThat(HeapDumps.contains(dump, HeapDumps.unmask(hugeMasked))).as("huge value in the heap").isFalse();
            ValueArena arena = arenaOf(server.server().keyspace(), "small");
            assertThat(arenaOf(server.server().keyspace(), "large")).isSameAs(arena);
            assertThat(arenaOf(server.server().keyspace(), "huge")).as("too long for the arena").isNull();
            assertThat(inArena(arena, HeapDumps.unmask(smallMasked))).as("small value in the arena").isFalse();
            assertThat(inArena(arena, HeapDumps.unmask(largeMasked))).as("large value in the arena").isFalse();
        }
    }

    /** The search of the arena's pages works: a value's sealed bytes are found there. */
    @Test
    void theArenaSearchFindsTheSealedValue() throws Exception {
        try (TestServer server = TestServer.start()) {
            storeAndReadBack(server.port(), "small", HeapDumps.randomHexMasked(48));
            Keyspace keyspace = server.server().keyspace();
            byte[] sealed;
            keyspace.lock().lock();
            try {
                sealed = (byte[]) keyspace.database(0).raw("small".getBytes(StandardCharsets.US_ASCII)).value();
            } finally {
                keyspace.lock().unlock();
            }
            assertThat(inArena(arenaOf(keyspace, "small"), sealed)).isTrue();
        }
    }

    private static ValueArena arenaOf(Keyspace keyspace, String key) {
        keyspace.lock().lock();
        try {
            Object stored = keyspace.database(0).raw(key.getBytes(StandardCharsets.US_ASCII)).stored();
            return stored instanceof ValueArena arena ? arena : null;
        } finally {
            keyspace.lock().unlock();
        }
    }

    private static boolean inArena(ValueArena arena, byte[] needle) {
        for (int i = 0; i < arena.pageCount(); i++) {
            ByteBuffer page = arena.page(i);
            byte[] bytes = new byte[page.remaining()];
            page.get(bytes);
            if (HeapDumps.indexOf(bytes, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theSearchFindsPlaintextThatIsKept() throws Exception {
        byte[] masked = HeapDumps.randomHexMasked(48);
        byte[] kept = HeapDumps.unmask(masked);
        Path dump = dir.resolve("control.hprof");
        HeapDumps.dumpHeap(dump);
        assertThat(HeapDumps.contains(dump, HeapDumps.unmask(masked))).isTrue();
        assertThat(kept).hasSize(48);
    }

    private static void storeAndReadBack(int port, String key, byte[] masked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = HeapDumps.requestEndingWith(masked, "SET", key);
            out.write(request);
            Arrays.fill(request, (byte) 0);
            assertThat(HeapDumps.readLine(in)).isEqualTo("+OK");
            out.write(("*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(HeapDumps.readLine(in)).isEqualTo("$" + masked.length);
            assertThat(HeapDumps.readsUnmasked(in, masked)).as("GET returns the stored value").isTrue();
        }
    }
}
