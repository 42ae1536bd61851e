package io.sealedkv.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @Property(tries = 200)
    void theReaderSeesExactlyTheSourceBytes(@ForAll @Size(max = 5000) byte[] data,
                                            @ForAll @IntRange(min = 1, max = 700) int chunkSize,
                                            @ForAll @IntRange(min = 1, max = 4) int depth,
                                            @ForAll @IntRange(min = 1, max = 900) int readSize) throws IOException {
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(new TrickleInputStream(data, null), chunkSize, depth)) {
            assertArrayEquals(data, readAll(ahead, readSize));
            assertEquals(-1, ahead.read());
        }
    }

    @Property(tries = 200)
    void aFailureComesAfterExactlyTheBytesReadBeforeItAndAgainOnEveryLaterRead(
            @ForAll @Size(max = 3000) byte[] data, @ForAll @IntRange(min = 1, max = 700) int chunkSize) {
        IllegalStateException failure = new IllegalStateException("authentication failed at segment 3");
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(new TrickleInputStream(data, failure), chunkSize, 2)) {
            assertSame(failure, assertThrows(IllegalStateException.class, () -> copy(ahead, seen)));
            assertSame(failure, assertThrows(IllegalStateException.class, ahead::read));
        }
        assertArrayEquals(data, seen.toByteArray());
    }

    @Test
    void checkedFailuresPassThroughUnchanged() {
        IOException failure = new IOException("disk gone");
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(new TrickleInputStream(new byte[10], failure), 4, 1)) {
            assertSame(failure, assertThrows(IOException.class, () -> readAll(ahead, 3)));
        }
    }

    @Test
    void closeStopsTheThreadOfAnEndlessSourceAndLeavesTheSourceOpen() throws IOException {
        EndlessInputStream source = new EndlessInputStream();
        ReadAheadInputStream ahead = new ReadAheadInputStream(source, 16, 2);
        assertEquals(0x5A, ahead.read());
        ahead.close();
        assertFalse(readAheadThreadAlive());
        assertFalse(source.closed);
    }

    private static boolean readAheadThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("sealedkv-snapshot-read-ahead") && t.isAlive());
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        for (int n; (n = in.read(buffer, 0, readSize)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buffer = new byte[37];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    /** Gives its bytes a few at a time, then ends or throws {@code failure}. */
    private static final class TrickleInputStream extends InputStream {
        private final ByteArrayInputStream bytes;
        private final Exception failure;

        TrickleInputStream(byte[] data, Exception failure) {
            this.bytes = new ByteArrayInputStream(data);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = bytes.read(b, off, Math.min(len, 13));
            if (n < 0 && failure instanceof IOException e) {
                throw e;
            }
            if (n < 0 && failure instanceof RuntimeException e) {
                throw e;
            }
            return n;
        }
    }

    private static final class EndlessInputStream extends InputStream {
        volatile boolean closed;

        @Override
        public int read() {
            return 0x5A;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0x5A);
            return len;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
