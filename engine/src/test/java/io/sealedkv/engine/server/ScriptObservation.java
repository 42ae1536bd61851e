package io.sealedkv.engine.server;

import static io.sealedkv.engine.server.RawReplyConnection.resp;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import redis.clients.jedis.Jedis;

/**
 * Everything a script of commands leaves that a client or a replica could tell apart: the replies, the
 * data, the propagated commands, keyspace notifications, WATCH signals and stats. A pipelined run must
 * leave the same observation as the same commands sent one by one.
 */
record ScriptObservation(List<String> replies, List<String> data, List<String> propagated, List<String> notified,
                         List<String> signalled, List<String> stats) {

    /** What a test compares of a key of type {@code type}, or null for nothing more than its type. */
    @FunctionalInterface
    interface Content {
        String of(Jedis jedis, String key, String type);
    }

    /**
     * Empties the server, lets {@code setup} write the starting data, then on one connection sends {@code first}
     * alone (a client that wrote before: its later runs may take the fast paths) and {@code script} in one
     * packet or one command at a time; {@code data} reads what is compared of each key, and
     * {@code propagatedLine} evens out what differs between two runs by time alone (an absolute expiry).
     */
    static ScriptObservation of(TestServer server, RecordedEffects effects, Consumer<Jedis> setup, List<String> first,
                                List<List<String>> script, boolean onePacket, List<String> keys,
                                Content data, UnaryOperator<String> propagatedLine)
            throws Exception {
        long dirtyBefore;
        try (Jedis jedis = server.jedis()) {
            jedis.flushAll();
            setup.accept(jedis);
            jedis.configResetStat();
            dirtyBefore = InfoCounts.dirty(jedis);
        }
        effects.clear();
        List<String> replies = new ArrayList<>();
        try (RawReplyConnection connection = new RawReplyConnection(server.port())) {
            connection.send(resp(List.of(first)));
            replies.add(connection.reply());
            replies.addAll(connection.replies(script, onePacket));
        }
        try (Jedis jedis = server.jedis()) {
            List<String> stats = InfoCounts.counted(jedis, dirtyBefore);
            return new ScriptObservation(replies, data(jedis, keys, data),
                    effects.propagated().stream().map(propagatedLine).toList(), effects.notified(),
                    effects.signalled(), stats);
        }
    }

    /** Each key's type in databases 0 and 1, and for a key that has one, its content as {@code data} reads it. */
    private static List<String> data(Jedis jedis, List<String> keys, Content data) {
        List<String> read = new ArrayList<>();
        for (int db : new int[] {0, 1}) {
            jedis.select(db);
            for (String key : keys) {
                String type = jedis.type(key);
                read.add(db + " " + key + " " + type);
                String content = data.of(jedis, key, type);
                if (content != null) {
                    read.add(content);
                }
            }
        }
        return read;
    }
}
