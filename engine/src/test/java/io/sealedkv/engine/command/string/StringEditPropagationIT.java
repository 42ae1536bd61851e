package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The range, bit, bitfield and LCS commands change values only through the write path: what they
 * change is propagated as sent, what they only read or leave unchanged is not, and what they store
 * stays sealed for its key.
 */
class StringEditPropagationIT extends ServerPerClass {
    private static final List<String> propagated = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void listen() {
        server.server().keyspace().writes().addPropagationListener((database, argv) -> {
            List<String> words = new ArrayList<>();
            for (byte[] arg : argv) {
                words.add(new String(arg, StandardCharsets.ISO_8859_1));
            }
            propagated.add(String.join(" ", words));
        });
    }

    @BeforeEach
    void populate() {
        jedis.set("s", "Hello World");
        propagated.clear();
    }

    @Test
    void writesArePropagatedAsSent() {
        send.integer("SETRANGE", "s", "6", "Redis");
        send.integer("SETBIT", "b", "7", "1");
        send.integer("BITOP", "or", "d", "s", "b");
        send.integer("BITOP", "and", "gone", "missing");
        send.array("BITFIELD", "f", "set", "u8", "0", "7", "get", "u8", "0");
        assertThat(propagated).containsExactly("SETRANGE s 6 Redis", "SETBIT b 7 1", "BITOP or d s b",
                "BITFIELD f set u8 0 7 get u8 0");
    }

    @Test
    void readsAndNoOpWritesAreNotPropagated() {
        send.bulk("GETRANGE", "s", "0", "4");
        send.bulk("SUBSTR", "s", "0", "4");
        send.integer("GETBIT", "s", "3");
        send.integer("BITCOUNT", "s");
        send.integer("BITPOS", "s", "1");
        send.bulk("LCS", "s", "s");
        send.array("BITFIELD_RO", "s", "get", "u8", "0");
        send.array("BITFIELD", "s", "get", "u8", "0");
        send.integer("SETRANGE", "s", "3", "");
        send.integer("SETRANGE", "missing", "3", "");
        send.array("BITFIELD", "s", "set", "u8", "0", "72");
        send.array("BITFIELD", "s", "overflow", "fail", "incrby", "u8", "0", "200");
        assertThat(propagated).isEmpty();
        assertThat(jedis.get("s")).isEqualTo("Hello World");
    }

    @Test
    void storedValuesStaySealedForTheirKey() {
        send.integer("SETRANGE", "s", "6", "Redis");
        send.integer("BITOP", "not", "n", "s");
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            Database db = keyspace.database(0);
            byte[] sealed = (byte[]) keyspace.lookupRead(db, bytes("s")).value();
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Hello").doesNotContain("Redis");
            byte[] opened = server.server().codec().open(SealContext.of(db.id(), bytes("s")), sealed);
            assertThat(new String(opened, StandardCharsets.ISO_8859_1)).isEqualTo("Hello Redis");
            byte[] inverted = server.server().codec().open(SealContext.of(db.id(), bytes("n")),
                    (byte[]) keyspace.lookupRead(db, bytes("n")).value());
            assertThat(inverted[0]).isEqualTo((byte) ~'H');
        } finally {
            keyspace.lock().unlock();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
