package io.sealedkv.tools.rdb;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.engine.persistence.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
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
 * Sealed snapshot to RDB file: loads the snapshot with the engine's one reader
 * ({@link SnapshotReader}: header, key versions, stream authentication all verified), opens every value
 * and writes it in clear as an RDB file (Redis RDB has no encryption). The file is written as a
 * temporary file created with mode 0600 in the target's directory, forced to disk and renamed, so it
 * is never readable by others, not even while it is written. Each opened value is wiped once written,
 * and the write buffer when the file is done.
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
        Keyspace keyspace = new Keyspace(databases);
        try (InputStream in = Files.newInputStream(snapshot)) {
            SnapshotReader.load(in, codec, keyspace, false);
        }
        Path directory = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(directory, "temp-export-", ".rdb",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Map<Integer, Map<String, Long>> counts = new TreeMap<>();
        long keys = 0;
        long bytes;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 RdbOutput out = new RdbOutput(channel)) {
                RdbWriter writer = new RdbWriter(out);
                writer.header(rdbVersion, System.currentTimeMillis() / 1000);
                SealedValues opening = new SealedValues(codec, new io.sealedkv.engine.config.Config());
                for (int i = 0; i < keyspace.databaseCount(); i++) {
                    Database db = keyspace.database(i);
                    if (db.size() == 0) {
                        continue;
                    }
                    writer.database(i, db.size(), db.expiringCount());
                    for (Entry entry : keyspace.entries(db)) {
                        RdbValue value = opening.open(db.id(), entry.key(), entry.value());
                        try {
                            writer.key(entry.key(), db.expireAt(entry), value);
                        } finally {
                            value.wipe();
                        }
                        keys++;
                        counts.computeIfAbsent(i, d -> new TreeMap<>()).merge(value.type(), 1L, Long::sum);
                    }
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
        return new ExportReport(rdbVersion, keys, counts, Files.size(snapshot), bytes,
                (System.nanoTime() - start) / 1e9);
    }
}
