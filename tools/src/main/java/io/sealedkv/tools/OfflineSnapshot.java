package io.sealedkv.tools;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.stream.SegmentLayout;
import io.sealedkv.crypto.stream.StreamAuthenticationException;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.engine.persistence.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SortedSet;

/**
 * A snapshot file read by the engine's one reader ({@link SnapshotReader}) into a keyspace no server
 * serves: the header checked, every segment of the stream authenticated, the values kept sealed.
 * Keys already expired are authenticated with their segment but dropped, as a server start drops them.
 */
final class OfflineSnapshot {
    /** As the server's default {@code databases}. */
    static final int DEFAULT_DATABASES = 16;

    private final Keyspace keyspace;

    private OfflineSnapshot(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Reads {@code file}; a file that does not verify is a {@link SnapshotCheckException} naming the failure. */
    static OfflineSnapshot load(Path file, ValueCodec codec, int databases, Progress progress) {
        try {
            Keyspace keyspace = new Keyspace(databases);
            progress.phase("read", Files.size(file));
            try (InputStream in = progress.counting(Files.newInputStream(file))) {
                SnapshotReader.load(in, codec, keyspace, false);
            }
            return new OfflineSnapshot(keyspace);
        } catch (SnapshotException e) {
            throw failure(file, e);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams {@code file} through the reader into a census that opens every value as it comes and keeps
     * nothing; the keys already expired (authenticated, not opened), on success.
     */
    static long verify(Path file, ValueCensus census, int databases, Progress progress) {
        try {
            progress.phase("verify", Files.size(file));
            try (InputStream in = progress.counting(Files.newInputStream(file))) {
                return SnapshotReader.read(in, census.codec(), databases, census).keysExpired();
            }
        } catch (SnapshotException e) {
            throw failure(file, e);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SnapshotCheckException failure(Path file, SnapshotException e) {
        if (e.getCause() instanceof StreamAuthenticationException failed && cutInside(file, failed.segment())) {
            return new SnapshotCheckException(ExitCodes.TRUNCATED, "TRUNCATED", file + ": snapshot truncated inside"
                    + " segment " + failed.segment() + ": the file ends in that segment, which does not"
                    + " authenticate (or the last segment was changed: the two look the same)");
        }
        return SnapshotCheckException.of(file, e);
    }

    /**
     * Whether {@code segment} is the file's last and partial one: a file cut inside a segment fails to
     * authenticate there, as a change inside its last segment would.
     */
    private static boolean cutInside(Path file, long segment) {
        try (InputStream in = Files.newInputStream(file)) {
            SnapshotReader.HeaderInfo header = SnapshotReader.header(in);
            long stream = Files.size(file) - header.length() - SegmentLayout.NONCE_PREFIX_LENGTH;
            long full = header.segmentSize() + (long) SegmentLayout.TAG_LENGTH;
            return stream % full != 0 && segment == stream / full;
        } catch (IOException | SnapshotException e) {
            return false;
        }
    }

    /** The data key versions {@code file}'s header names, read without any key. */
    static SortedSet<Integer> versions(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SnapshotReader.header(in).versions();
        } catch (SnapshotException e) {
            throw SnapshotCheckException.of(file, e);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Keyspace keyspace() {
        return keyspace;
    }
}
