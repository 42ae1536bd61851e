package io.sealedkv.engine.command.sealedkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.server.SealedKvServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/** SEALEDKV over a connection, INFO sealedkv as fields, and what the keyspace really holds. */
final class Admin {
    private Admin() {
    }

    static Object send(Jedis jedis, String... args) {
        return jedis.sendCommand(() -> SafeEncoder.encode("SEALEDKV"), args);
    }

    static String text(Object reply) {
        return reply instanceof byte[] bytes ? SafeEncoder.encode(bytes) : String.valueOf(reply);
    }

    static Map<String, String> info(Jedis jedis) {
        Map<String, String> fields = new HashMap<>();
        for (String line : jedis.info("sealedkv").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** The keys= part of key_version_N, 0 when the version is not listed. */
    static long keysUnder(Jedis jedis, int version) {
        String value = info(jedis).get("key_version_" + version);
        if (value == null) {
            return 0;
        }
        for (String part : value.split(",")) {
            if (part.startsWith("keys=")) {
                return Long.parseLong(part.substring(5));
            }
        }
        throw new AssertionError(value);
    }

    /** Waits until no rewrap runs, then returns its status. */
    static String awaitRewrap(SealedKvServer server, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        server.rewrap().await();
        assertThat(System.nanoTime()).as("rewrap finished in time").isLessThan(deadline);
        return server.rewrap().status();
    }

    /**
     * Every key version anything stored needs: envelope versions of strings, token versions and
     * element versions of collections. Looked at directly, not through the counters under test.
     */
    static TreeSet<Integer> versionsStored(SealedKvServer server) {
        Keyspace keyspace = server.keyspace();
        TreeSet<Integer> versions = new TreeSet<>();
        keyspace.lock().lock();
        try {
            for (int i = 0; i < keyspace.databaseCount(); i++) {
                Database db = keyspace.database(i);
                for (Entry entry : keyspace.entries(db)) {
                    if (entry.value() instanceof byte[] sealed) {
                        versions.add(EnvelopeV1.keyVersion(sealed));
                    } else {
                        CollectionValue collection = (CollectionValue) entry.value();
                        versions.add(collection.identity().tokenVersion());
                        collection.forEachSealed(sealed -> versions.add(EnvelopeV1.keyVersion(sealed)));
                    }
                }
            }
        } finally {
            keyspace.lock().unlock();
        }
        return versions;
    }

    /** Each collection on its own: the versions it needs (true when more than one). */
    static boolean anyCollectionMixed(SealedKvServer server) {
        Keyspace keyspace = server.keyspace();
        keyspace.lock().lock();
        try {
            for (int i = 0; i < keyspace.databaseCount(); i++) {
                for (Entry entry : keyspace.entries(keyspace.database(i))) {
                    if (entry.value() instanceof CollectionValue collection) {
                        TreeSet<Integer> versions = new TreeSet<>();
                        versions.add(collection.identity().tokenVersion());
                        collection.forEachSealed(sealed -> versions.add(EnvelopeV1.keyVersion(sealed)));
                        if (versions.size() > 1) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } finally {
            keyspace.lock().unlock();
        }
    }
}
