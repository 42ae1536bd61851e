package io.sealedkv.tools.rdb;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.Persistence;
import io.sealedkv.engine.persistence.SnapshotException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RDB file to sealed snapshot: parses the RDB, seals every value as the server would
 * ({@link SealedValues}) into an engine {@link Keyspace}, and saves that keyspace through the engine's
 * {@link Persistence} (the one snapshot writer: temporary file, fsync, atomic rename). Nothing is
 * written unless the whole RDB parsed and verified, CRC-64 included. Keys whose expiry has passed are
 * left out, as Redis leaves them out when it loads.
 */
public final class RdbImporter {
    private final ValueCodec codec;
    private final Config config;
    private final boolean skipUnsupported;

    /**
     * @param config the server configuration the snapshot is for: {@code databases} and the collection
     *     thresholds (defaults as the server's)
     */
    public RdbImporter(ValueCodec codec, Config config, boolean skipUnsupported) {
        this.codec = codec;
        this.config = config;
        this.skipUnsupported = skipUnsupported;
    }

    /** Imports {@code rdb} into the snapshot file {@code target}, replacing it atomically if it exists. */
    public ImportReport run(Path rdb, Path target) throws BadRdbException, SnapshotException, IOException {
        long start = System.nanoTime();
        Keyspace keyspace = new Keyspace(config.intValue("databases"));
        long size = Files.size(rdb);
        Collector collector;
        int version;
        try (InputStream in = Files.newInputStream(rdb)) {
            collector = load(in, size, keyspace);
            version = collector.version;
        }
        Config snapshotConfig = new Config();
        Path absolute = target.toAbsolutePath();
        snapshotConfig.set(List.of(Map.entry("dir", absolute.getParent().toString()),
                Map.entry("dbfilename", absolute.getFileName().toString()),
                Map.entry("databases", Integer.toString(keyspace.databaseCount()))), true);
        new Persistence(snapshotConfig, keyspace, codec, () -> true, System.currentTimeMillis()).save();
        return new ImportReport(version, collector.keys, collector.counts, collector.expired, collector.skipped,
                !collector.unverified, size, Files.size(target), (System.nanoTime() - start) / 1e9);
    }

    /** Parses {@code in} ({@code size} bytes) and seals every key into {@code keyspace}, which must be empty. */
    Collector load(InputStream in, long size, Keyspace keyspace) throws BadRdbException {
        Collector collector = new Collector(keyspace, new SealedValues(codec, config));
        collector.version = RdbParser.parse(new RdbInput(in, size), collector, skipUnsupported);
        return collector;
    }

    /** Seals each parsed key into the keyspace and counts it. */
    static final class Collector implements RdbParser.Handler {
        private final Keyspace keyspace;
        private final SealedValues sealing;
        private final long now = System.currentTimeMillis();
        final Map<Long, Map<String, Long>> counts = new TreeMap<>();
        final Map<String, Long> skipped = new TreeMap<>();
        int version;
        long keys;
        long expired;
        boolean unverified;

        Collector(Keyspace keyspace, SealedValues sealing) {
            this.keyspace = keyspace;
            this.sealing = sealing;
        }

        @Override
        public void aux(byte[] name, byte[] value) {
            // redis-ver, ctime, used-mem ...: nothing SealedKV keeps
        }

        @Override
        public void key(long db, byte[] key, long expireAtMillis, RdbValue value) throws BadRdbException {
            try {
                if (db >= keyspace.databaseCount()) {
                    throw new BadRdbException("the RDB holds database " + db + " but the snapshot is for "
                            + keyspace.databaseCount() + " databases (--databases)");
                }
                if (expireAtMillis >= 0 && expireAtMillis <= now) {
                    expired++;
                    return;
                }
                if (value.isEmpty()) {
                    skipped("empty " + value.type());
                    return;
                }
                Database database = keyspace.database((int) db);
                Object sealed = sealing.seal(database.id(), key, value);
                if (!keyspace.load(database, key, sealed, expireAtMillis)) {
                    throw new BadRdbException("the RDB holds a key twice in database " + db);
                }
                keys++;
                counts.computeIfAbsent(db, d -> new TreeMap<>()).merge(value.type(), 1L, Long::sum);
            } finally {
                value.wipe();
            }
        }

        @Override
        public void skipped(String what) {
            skipped.merge(what, 1L, Long::sum);
        }

        @Override
        public void unverified() {
            unverified = true;
        }
    }
}
