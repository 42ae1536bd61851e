package io.sealedkv.tools;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.crypto.UnknownKeyVersionException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.keyspace.CollectionElements;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotReader;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens every value of an offline keyspace through the codec (each string, and every sealed block or
 * element of every collection, for the identity it is bound to), wiping each plaintext at once, checks
 * every stored element token against the opened element, and counts keys per type and sealed values per
 * data key version. The first value that does not open is a
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
                openElements(dbIndex, key, collection);
            }
        } catch (UnknownKeyVersionException | DestroyedKeyVersionException e) {
            throw new SnapshotCheckException(ExitCodes.KEY_UNAVAILABLE, "VALUE_KEY_VERSION", "the value of key "
                    + Text.repr(key) + " in database " + dbIndex + " does not open: " + e.getMessage());
        } catch (SealingException e) {
            throw new SnapshotCheckException(ExitCodes.DAMAGED, "VALUE_DOES_NOT_OPEN", "the value of key "
                    + Text.repr(key) + " in database " + dbIndex + " does not open: " + e.getMessage());
        }
    }

    /**
     * Every sealed array of a collection is opened once, through {@link CollectionElements} (which also
     * decodes the blocks); where the encoding stores an element token (hashtable, skiplist) it is
     * recomputed from the opened element with the collection's token key and must be the stored one.
     */
    private void openElements(int dbIndex, byte[] key, CollectionValue collection) {
        collection.forEachSealed(sealed -> {
            opened++;
            sealedPerVersion.merge(codec.keyVersion(sealed), 1L, Long::sum);
        });
        ElementSealer sealer = ElementSealer.of(codec, collection);
        long[] index = {0};
        try {
            CollectionElements.forEach(collection, sealer, (element, value, score, storedToken) -> {
                plaintextBytes += element.length + (value == null ? 0 : value.length);
                if (storedToken != null && !MessageDigest.isEqual(storedToken, sealer.token(element))) {
                    throw new SnapshotCheckException(ExitCodes.DAMAGED, "TOKEN_MISMATCH", "the " + collection.type().redisName()
                            + " at key " + Text.repr(key) + " in database " + dbIndex + " has a wrong element token"
                            + " (element " + index[0] + " of " + collection.size() + " in its " + collection.encoding()
                            + " order): the stored token is not the one its element gives");
                }
                index[0]++;
            });
        } catch (SnapshotCheckException | SealingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SnapshotCheckException(ExitCodes.DAMAGED, "VALUE_DOES_NOT_DECODE", "the "
                    + collection.type().redisName() + " at key " + Text.repr(key) + " in database " + dbIndex
                    + " does not decode: " + e.getClass().getSimpleName());
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
