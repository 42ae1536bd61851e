package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.types.set.SetValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Sets under the generic key commands (COPY, RENAME, MOVE, expiry) and through their payload (snapshots, DUMP). */
class SetKeysIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @AfterEach
    void restoreThresholds() {
        jedis.configSet("set-max-intset-entries", "512");
        jedis.configSet("set-max-listpack-entries", "128");
    }

    private void fill(String form) {
        if (form.equals("large")) {
            jedis.configSet("set-max-intset-entries", "2");
            jedis.configSet("set-max-listpack-entries", "2");
        }
        jedis.sadd("s", form.equals("intset") ? new String[] {"3", "1", "2"} : new String[] {"a", "b", "c", "1"});
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "listpack", "large"})
    void payloadRoundTripsEveryForm(String form) throws IOException {
        fill(form);
        SetValue original = (SetValue) value("s");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writePayload(new DataOutputStream(bytes));
        byte[] payload = bytes.toByteArray();
        SetValue read = (SetValue) CollectionReaders.read(ValueType.SET,
                new DataInputStream(new ByteArrayInputStream(payload)));
        assertThat(read.identity()).isEqualTo(original.identity());
        assertThat(read.encoding()).isEqualTo(form.equals("large") ? "hashtable" : form);
        assertThat(read.size()).isEqualTo(original.size());
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            keyspace.writes().set(keyspace.database(0), "restored".getBytes(StandardCharsets.US_ASCII), read, false);
        } finally {
            keyspace.lock().unlock();
        }
        assertThat(jedis.smembers("restored")).isEqualTo(jedis.smembers("s"));
        assertThat(jedis.sismember("restored", form.equals("intset") ? "2" : "b")).isTrue();
        for (int cut : new int[] {0, 5, 13, payload.length - 1}) {
            assertThatThrownBy(() -> CollectionReaders.read(ValueType.SET,
                    new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(payload, cut)))))
                    .as("cut at %d", cut).isInstanceOf(IOException.class);
        }
        byte[] badForm = payload.clone();
        badForm[12] = 9;
        assertThatThrownBy(() -> CollectionReaders.read(ValueType.SET,
                new DataInputStream(new ByteArrayInputStream(badForm)))).hasMessageContaining("unknown form");
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "listpack", "large"})
    void copyReseals(String form) {
        fill(form);
        assertThat(jedis.copy("s", "t", false)).isTrue();
        assertThat(jedis.smembers("t")).isEqualTo(jedis.smembers("s"));
        assertThat(jedis.objectEncoding("t")).isEqualTo(jedis.objectEncoding("s"));
        SetValue original = (SetValue) value("s");
        SetValue copy = (SetValue) value("t");
        assertThat(copy.identity().id()).isNotEqualTo(original.identity().id());
        jedis.sadd("t", "new");
        assertThat(jedis.sismember("s", "new")).isFalse();
        assertThat(jedis.sinter("s", "t")).isEqualTo(jedis.smembers("s"));
        ElementSealer sealer = ElementSealer.of(server.server().codec(), copy);
        copy.forEachSealed(sealed -> Arrays.fill(sealer.open(sealed), (byte) 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "listpack", "large"})
    void renameAndMoveKeepTheSetAndItsExpiry(String form) {
        fill(form);
        Set<String> members = new TreeSet<>(jedis.smembers("s"));
        jedis.expire("s", 1000);
        SetValue before = (SetValue) value("s");
        assertThat(jedis.rename("s", "r")).isEqualTo("OK");
        assertThat(value("r")).isSameAs(before);
        assertThat(jedis.ttl("r")).isBetween(990L, 1000L);
        assertThat(jedis.move("r", 1)).isEqualTo(1);
        jedis.select(1);
        assertThat(new TreeSet<>(jedis.smembers("r"))).isEqualTo(members);
        assertThat(jedis.ttl("r")).isPositive();
        jedis.sadd("r", "more");
        assertThat(jedis.scard("r")).isEqualTo(members.size() + 1);
        jedis.select(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "listpack", "large"})
    void expiredSetsAreGone(String form) {
        fill(form);
        assertThat(jedis.pexpireAt("s", 1)).isEqualTo(1);
        assertThat(jedis.exists("s")).isFalse();
        assertThat(jedis.scard("s")).isZero();
        assertThat(jedis.sadd("s", "fresh")).isEqualTo(1);
        assertThat(jedis.smembers("s")).containsExactly("fresh");
        jedis.pexpire("s", 30);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (jedis.exists("s") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(jedis.sismember("s", "fresh")).isFalse();
        assertThat(jedis.type("s")).isEqualTo("none");
    }

    private static Object value(String key) {
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            Database db = keyspace.database(0);
            Entry entry = keyspace.lookup(db, key.getBytes(StandardCharsets.US_ASCII),
                    Keyspace.NO_TOUCH | Keyspace.NO_STATS);
            return entry.value();
        } finally {
            keyspace.lock().unlock();
        }
    }
}
