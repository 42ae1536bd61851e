package io.sealedkv.tools.rdb;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Everything a server holds, read over the wire the same way from Redis and from SealedKV: per database,
 * per key (hex), its type, value (lists in order, sets sorted, hashes and zsets by member) and absolute
 * expiry (PEXPIRETIME), so two servers compare with one equals.
 */
final class KeyspaceModel {
    private KeyspaceModel() {
    }

    static Map<Integer, Map<String, String>> read(Jedis jedis, int databases) {
        HexFormat hex = HexFormat.of();
        Map<Integer, Map<String, String>> model = new TreeMap<>();
        for (int db = 0; db < databases; db++) {
            jedis.select(db);
            Map<String, String> keys = new TreeMap<>();
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                ScanResult<byte[]> page = jedis.scan(cursor, new ScanParams().count(1000));
                for (byte[] key : page.getResult()) {
                    keys.put(hex.formatHex(key), describe(jedis, key));
                }
                cursor = page.getCursorAsBytes();
            } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
            if (!keys.isEmpty()) {
                model.put(db, keys);
            }
        }
        jedis.select(0);
        return model;
    }

    private static String describe(Jedis jedis, byte[] key) {
        HexFormat hex = HexFormat.of();
        String type = jedis.type(key);
        String value = switch (type) {
            case "string" -> hex.formatHex(jedis.get(key));
            case "list" -> jedis.lrange(key, 0, -1).stream().map(hex::formatHex).toList().toString();
            case "set" -> new TreeSet<>(jedis.smembers(key).stream().map(hex::formatHex).toList()).toString();
            case "hash" -> {
                Map<String, String> sorted = new TreeMap<>();
                jedis.hgetAll(key).forEach((f, v) -> sorted.put(hex.formatHex(f), hex.formatHex(v)));
                yield sorted.toString();
            }
            case "zset" -> {
                List<String> items = new ArrayList<>();
                for (Tuple t : jedis.zrangeWithScores(key, 0, -1)) {
                    items.add(hex.formatHex(t.getBinaryElement()) + "=" + t.getScore());
                }
                yield items.toString();
            }
            default -> "?";
        };
        return type + " " + value + " expireat=" + jedis.pexpireTime(key);
    }
}
