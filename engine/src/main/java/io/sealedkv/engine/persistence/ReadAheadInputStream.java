package io.sealedkv.engine.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a few chunks ahead of its reader, so that a snapshot
 * stream is decrypted and verified on one CPU while its body is parsed on another. The reader sees
 * exactly the bytes the source gave, in order, then the source's end or the very exception the source
 * threw, at the same position (a salvaging load keeps every byte that verified); a failure is thrown
 * again by every later read, as the source itself does. {@link #close} stops the thread and wipes the
 * buffers (the body holds key names in clear); it does not close the source. Not thread-safe.
 */
final class ReadAheadInputStream extends InputStream {
    private static final long POLL_MILLIS = 50;

    private final InputStream source;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final byte[][] buffers;
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private Throwable failure;
    private boolean ended;

    private record Chunk(byte[] buffer, int length, Throwable failure) {
    }

    /** Starts reading {@code source} in chunks of {@code chunkSize} bytes, at most {@code depth} ahead. */
    ReadAheadInputStream(InputStream source, int chunkSize, int depth) {
        this.source = Objects.requireNonNull(source, "source");
        // every buffer may be waiting to be read, followed by the end or a failure
        this.filled = new ArrayBlockingQueue<>(depth + 2);
        this.free = new ArrayBlockingQueue<>(depth + 1);
        this.buffers = new byte[depth + 1][];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new byte[chunkSize];
            free.add(buffers[i]);
        }
        this.thread = new Thread(this::produce, "sealedkv-snapshot-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public int read() throws IOException {
        return fill() ? current.buffer[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current.buffer, position, b, off, n);
        position += n;
        return n;
    }

    /** Stops the reading thread and wipes every buffer. */
    @Override
    public void close() {
        closed = true;
        filled.clear();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (byte[] buffer : buffers) {
            Arrays.fill(buffer, (byte) 0);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes bytes of the current chunk available; false at the source's end. */
    private boolean fill() throws IOException {
        while (current == null || position == current.length) {
            rethrowFailure();
            if (ended) {
                return false;
            }
            if (current != null) {
                free.add(current.buffer);
                current = null;
            }
            Chunk next = take();
            if (next.failure != null) {
                failure = next.failure;
            } else if (next.length < 0) {
                ended = true;
            } else {
                current = next;
                position = 0;
            }
        }
        return true;
    }

    private void rethrowFailure() throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private Chunk take() throws IOException {
        try {
            return filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the snapshot", e);
        }
    }

    private void produce() {
        try {
            while (!closed) {
                byte[] buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (buffer != null && !fillFromSource(buffer)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            hand(new Chunk(null, 0, new IOException("snapshot read-ahead interrupted", e)));
        }
    }

    /** Fills {@code buffer} from the source and hands it over; false once the end or a failure is handed over. */
    private boolean fillFromSource(byte[] buffer) {
        int length = 0;
        try {
            while (length < buffer.length) {
                int n = source.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    handFinal(buffer, length, new Chunk(null, -1, null));
                    return false;
                }
                length += n;
            }
        } catch (IOException | RuntimeException | Error e) {
            handFinal(buffer, length, new Chunk(null, 0, e));
            return false;
        }
        hand(new Chunk(buffer, length, null));
        return true;
    }

    /** Hands over the bytes read before the end or failure, then the end or failure itself. */
    private void handFinal(byte[] buffer, int length, Chunk last) {
        if (length > 0) {
            hand(new Chunk(buffer, length, null));
        }
        hand(last);
    }

    /** Never waits: {@code filled} has room for every buffer and the end or failure after them. */
    private void hand(Chunk chunk) {
        filled.add(chunk);
    }
}
