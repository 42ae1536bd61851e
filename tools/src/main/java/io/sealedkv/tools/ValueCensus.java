package io.sealedkv.tools;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.crypto.UnknownKeyVersionException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotReader;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens every value of an offline keyspace through the codec (each string, and every sealed block or
 * element of every collection, for the identity it is bound to), wiping each plaintext at once, and
 * counts keys per type and sealed values per data key version. The first value that does not open is a
 * {@link SnapshotCheckException} naming its key.
 */
final class ValueCensus implements SnapshotReader.EntrySink {
    private final Map<String, Long> types = new TreeMap<>();
    private final Map<Integer, Long> sealedPerVersion = new TreeMap<>();
    private final Map<Integer, Long> tokenVersions = new TreeMap<>();
    private long keys;
    private long opened;
    private long plaintextBytes;

    private final ValueCodec codec;

    private ValueCensus(ValueCodec codec) {
        this.codec = codec;
    }

    /** A census that opens each entry as the reader streams it (nothing is kept): hand it to the reader. */
    static ValueCensus streaming(ValueCodec codec) {
        return new ValueCensus(codec);
    }

    @Override
    public boolean entry(int dbIndex, long dbId, byte[] key, Object value, long expireAt) {
        open(dbIndex, dbId, key, value);
        return true;
    }

    static ValueCensus openAll(Keyspace keyspace, ValueCodec codec, Progress progress) {
        ValueCensus census = new ValueCensus(codec);
        long total = 0;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            total += keyspace.database(i).size();
        }
        progress.phase("open", total);
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.database(i);
            for (Entry entry : keyspace.entries(db)) {
                census.open(db.index(), db.id(), entry.key(), entry.value());
                progress.advance(1);
            }
        }
        return census;
    }

    private void open(int dbIndex, long dbId, byte[] key, Object value) {
        keys++;
        try {
            if (value instanceof byte[] sealed) {
                types.merge("string", 1L, Long::sum);
                count(codec.keyVersion(sealed), codec.open(SealContext.of(dbId, key), sealed));
            } else {
                CollectionValue collection = (CollectionValue) value;
                types.merge(collection.type().redisName(), 1L, Long::sum);
                tokenVersions.merge(collection.identity().tokenVersion(), 1L, Long::sum);
                codec.tokens(collection.identity().tokenVersion());
                ElementSealer sealer = ElementSealer.of(codec, collection);
                collection.forEachSealed(sealed -> count(codec.keyVersion(sealed), sealer.open(sealed)));
            }
        } catch (UnknownKeyVersionException | DestroyedKeyVersionException e) {
            throw new SnapshotCheckException(ExitCodes.KEY_UNAVAILABLE, "VALUE_KEY_VERSION", "the value of key "
                    + Escape.quoted(key) + " in database " + dbIndex + " does not open: " + e.getMessage());
        } catch (SealingException e) {
            throw new SnapshotCheckException(ExitCodes.DAMAGED, "VALUE_DOES_NOT_OPEN", "the value of key "
                    + Escape.quoted(key) + " in database " + dbIndex + " does not open: " + e.getMessage());
        }
    }

    private void count(int version, byte[] plaintext) {
        opened++;
        plaintextBytes += plaintext.length;
        Arrays.fill(plaintext, (byte) 0);
        sealedPerVersion.merge(version, 1L, Long::sum);
    }

    ValueCodec codec() {
        return codec;
    }

    long keys() {
        return keys;
    }

    /** Keys per type, by Redis's type names. */
    Map<String, Long> types() {
        return types;
    }

    /** Sealed values (strings, collection blocks and elements) opened, per data key version. */
    Map<Integer, Long> sealedPerVersion() {
        return sealedPerVersion;
    }

    /** Collections per data key version of their element tokens. */
    Map<Integer, Long> tokenVersions() {
        return tokenVersions;
    }

    long opened() {
        return opened;
    }

    long plaintextBytes() {
        return plaintextBytes;
    }
}
