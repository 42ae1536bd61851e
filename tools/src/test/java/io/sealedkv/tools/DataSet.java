package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Data of every type and encoding (small and large collections, int/embstr/raw strings, binary
 * values), with TTLs, in two databases; and what a server holds, read back type by type to compare.
 */
final class DataSet {
    /** Substrings of values written by {@link #write}: none may appear where values must not be shown. */
    static final List<String> SECRETS = List.of("secret-string-value", "secret-list-item", "secret-hash-value",
            "secret-set-member", "secret-zset-member");

    private DataSet() {
    }

    static void write(Jedis jedis) {
        jedis.set("str:int", "12345");
        jedis.set("str:embstr", "secret-string-value");
        jedis.set("str:raw", "secret-string-value-" + "x".repeat(200));
        jedis.set("str:binary".getBytes(), new byte[] {0, 1, 2, (byte) 0xFF, '\n'});
        jedis.setex("str:ttl", 1000, "secret-string-value-ttl");
        jedis.rpush("list:small", "secret-list-item-a", "secret-list-item-b");
        for (int i = 0; i < 300; i++) {
            jedis.rpush("list:large", "secret-list-item-" + i);
        }
        jedis.hset("hash:small", Map.of("f1", "secret-hash-value-1", "f2", "secret-hash-value-2"));
        for (int i = 0; i < 200; i++) {
            jedis.hset("hash:large", "field" + i, "secret-hash-value-" + i);
        }
        jedis.sadd("set:ints", "1", "2", "3");
        jedis.sadd("set:small", "secret-set-member-a", "secret-set-member-b");
        for (int i = 0; i < 200; i++) {
            jedis.sadd("set:large", "secret-set-member-" + i);
        }
        jedis.zadd("zset:small", Map.of("secret-zset-member-a", 1.5, "secret-zset-member-b", -2.0));
        for (int i = 0; i < 200; i++) {
            jedis.zadd("zset:large", i * 0.5, "secret-zset-member-" + i);
        }
        jedis.expire("hash:large", 1000);
        jedis.expire("zset:small", 1000);
        jedis.select(3);
        jedis.set("db3:str", "secret-string-value-db3");
        jedis.sadd("db3:set", "secret-set-member-db3");
        jedis.select(0);
    }

    /** Every key of databases 0..15 with its type, content and whether it has a TTL. */
    static Map<String, Object> read(Jedis jedis) {
        Map<String, Object> all = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            jedis.select(db);
            for (String key : keys(jedis)) {
                String type = jedis.type(key);
                Object content = switch (type) {
                    case "string" -> List.of(jedis.get(key.getBytes()));
                    case "list" -> jedis.lrange(key, 0, -1);
                    case "hash" -> new TreeMap<>(jedis.hgetAll(key));
                    case "set" -> new ArrayList<>(new java.util.TreeSet<>(jedis.smembers(key)));
                    case "zset" -> jedis.zrangeWithScores(key, 0, -1).toString();
                    default -> throw new AssertionError("unexpected type " + type);
                };
                Map<String, Object> described = new HashMap<>();
                described.put("type", type);
                described.put("content", content instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof byte[] b
                        ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : content);
                described.put("ttl", jedis.pttl(key) > 0);
                all.put(db + ":" + key, described);
            }
        }
        jedis.select(0);
        return all;
    }

    private static List<String> keys(Jedis jedis) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    static void assertComplete(Map<String, Object> data) {
        assertThat(data).hasSize(16);
        assertThat(data.values().stream().map(d -> (String) ((Map<?, ?>) d).get("type")).distinct().toList())
                .containsExactlyInAnyOrder("string", "list", "hash", "set", "zset");
    }
}
