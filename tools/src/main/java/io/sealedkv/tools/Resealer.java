package io.sealedkv.tools;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import java.util.Arrays;

/**
 * An offline keyspace sealed again under another codec's primary data key: a string is opened for its
 * database and key and sealed for the same place; a collection is copied as COPY copies it (every
 * element opened and sealed again for a fresh identity with fresh tokens). Database ids are kept, so
 * values stay bound to the database they were in. Each plaintext is wiped once sealed again.
 */
final class Resealer {
    private Resealer() {
    }

    static Keyspace reseal(Keyspace from, ValueCodec source, ValueCodec target, Progress progress) {
        Keyspace to = new Keyspace(from.databaseCount());
        long[] ids = new long[from.databaseCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from.database(i).id();
        }
        to.assignDatabaseIds(ids);
        for (int i = 0; i < ids.length; i++) {
            Database db = from.database(i);
            for (Entry entry : from.entries(db)) {
                to.load(to.database(i), entry.key(), value(db, entry, source, target), db.expireAt(entry));
                progress.advance(1);
            }
        }
        return to;
    }

    private static Object value(Database db, Entry entry, ValueCodec source, ValueCodec target) {
        if (entry.value() instanceof CollectionValue collection) {
            return collection.copy(ElementSealer.of(source, collection), ElementSealer.forNew(target));
        }
        SealContext context = SealContext.of(db.id(), entry.key());
        byte[] plaintext = source.open(context, (byte[]) entry.value());
        try {
            return target.seal(context, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
