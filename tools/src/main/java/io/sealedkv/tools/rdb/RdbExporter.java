package io.sealedkv.tools.rdb;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.engine.persistence.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sealed snapshot to RDB file: streams the snapshot through the engine's one reader
 * ({@link SnapshotReader}: header, key versions, stream authentication all verified, each segment
 * before any of its entries is handed over), opens every value and writes it in clear as an RDB file
 * (Redis RDB has no encryption); nothing but the entry at hand is kept, so any size exports in little
 * memory. The file is written as a temporary file created with mode 0600 in the target's directory,
 * forced to disk and renamed only once the whole snapshot verified, so it is never readable by others
 * and never left half written. Each opened value is wiped once written, and the write buffer when the
 * file is done. As in {@code sealedkv verify}, a key repeated within a database (which only a faulty
 * writer could put inside the authenticated stream) is not looked for.
 */
public final class RdbExporter {
    private final ValueCodec codec;
    private final int databases;

    public RdbExporter(ValueCodec codec, int databases) {
        this.codec = codec;
        this.databases = databases;
    }

    /** Writes {@code snapshot}'s keys to {@code target} as an RDB file of {@code rdbVersion}. */
    public ExportReport run(Path snapshot, Path target, int rdbVersion, boolean replace)
            throws SnapshotException, IOException {
        long start = System.nanoTime();
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists (--force replaces it)");
        }
        Path directory = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(directory, "temp-export-", ".rdb",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Writing writing;
        long bytes;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 RdbOutput out = new RdbOutput(channel)) {
                RdbWriter writer = new RdbWriter(out);
                writer.header(rdbVersion, System.currentTimeMillis() / 1000);
                writing = new Writing(writer, new SealedValues(codec, new Config()));
                try (InputStream in = Files.newInputStream(snapshot)) {
                    SnapshotReader.read(in, codec, databases, writing);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                writer.finish();
                channel.force(true);
                bytes = out.written();
            }
            if (replace) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            temp = null;
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
        return new ExportReport(rdbVersion, writing.keys, writing.counts, Files.size(snapshot), bytes,
                (System.nanoTime() - start) / 1e9);
    }

    /** Writes each entry as the reader hands it over: a SELECTDB where the database changes, then the key. */
    private static final class Writing implements SnapshotReader.EntrySink {
        private final RdbWriter writer;
        private final SealedValues opening;
        private final Map<Integer, Map<String, Long>> counts = new TreeMap<>();
        private int database = -1;
        private long keys;

        Writing(RdbWriter writer, SealedValues opening) {
            this.writer = writer;
            this.opening = opening;
        }

        @Override
        public boolean entry(int dbIndex, long dbId, byte[] key, Object value, long expireAt) {
            try {
                if (dbIndex != database) {
                    writer.database(dbIndex);
                    database = dbIndex;
                }
                RdbValue opened = opening.open(dbId, key, value);
                try {
                    writer.key(key, expireAt, opened);
                } finally {
                    opened.wipe();
                }
                keys++;
                counts.computeIfAbsent(dbIndex, d -> new TreeMap<>()).merge(opened.type(), 1L, Long::sum);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
