package io.sealedkv.engine.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.keyspace.MemoryCost;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP over a real socket. */
class MemoryIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Object memory(Jedis jedis, String... args) {
        return jedis.sendCommand(() -> "MEMORY".getBytes(StandardCharsets.US_ASCII), args);
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    /** MEMORY STATS as a flat name to value map; db.N entries are nested lists. */
    private static Map<String, Object> stats(Jedis jedis) {
        List<?> flat = (List<?>) memory(jedis, "STATS");
        Map<String, Object> stats = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            Object value = flat.get(i + 1);
            stats.put(text(flat.get(i)), value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value);
        }
        return stats;
    }

    @Test
    void memoryUsageMeasuresTheSealedValueAndGrowsWithIt() {
        Jedis jedis = server.emptyJedis();
        jedis.set("small", "v");
        jedis.set("large", "x".repeat(10_000));
        Long small = jedis.memoryUsage("small");
        Long large = jedis.memoryUsage("large");
        // more than the key's table slots, its name and the seal's nonce and tag: the value is counted
        assertThat(small).isGreaterThan(MemoryCost.PER_KEY + "small".length() + 12 + 16);
        assertThat(large).isGreaterThan(small);
        assertThat(jedis.memoryUsage("small", 0)).isEqualTo(small);
        assertThat(memory(jedis, "USAGE", "small", "SAMPLES", "1", "samples", "2")).isEqualTo(small);
        assertThat(jedis.memoryUsage("missing")).isNull();
    }

    @Test
    void memoryUsageOfCollectionsCountsTheirElements() {
        Jedis jedis = server.emptyJedis();
        jedis.rpush("list", "a");
        jedis.hset("hash", "f", "v");
        long list = jedis.memoryUsage("list");
        long hash = jedis.memoryUsage("hash");
        for (int i = 0; i < 200; i++) {
            jedis.rpush("list", "element-" + i);
            jedis.hset("hash", "field-" + i, "value-" + i);
        }
        assertThat(jedis.memoryUsage("list")).isGreaterThan(list);
        assertThat(jedis.memoryUsage("hash")).isGreaterThan(hash);
    }

    @Test
    void memoryUsageRejectsBadSamplesAsRedis() {
        Jedis jedis = server.emptyJedis();
        jedis.set("k", "v");
        assertThatThrownBy(() -> memory(jedis, "USAGE", "k", "SAMPLES", "-1")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> memory(jedis, "USAGE", "k", "SAMPLES", "x"))
                .hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> memory(jedis, "USAGE", "k", "SAMPLES")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> memory(jedis, "USAGE", "k", "FOO", "1")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> memory(jedis, "USAGE"))
                .hasMessage("ERR wrong number of arguments for 'memory|usage' command");
        assertThatThrownBy(() -> memory(jedis, "STATS", "x"))
                .hasMessage("ERR wrong number of arguments for 'memory|stats' command");
        assertThatThrownBy(() -> memory(jedis, "NOPE")).hasMessage("ERR unknown subcommand 'NOPE'. Try MEMORY HELP.");
    }

    @Test
    void clientsBuffersAreCountedAsRedisCountsThem() throws IOException {
        Jedis jedis = server.emptyJedis();
        long before = (Long) stats(jedis).get("clients.normal");
        try (RawClient queuing = new RawClient(server.port())) {
            queuing.send("MULTI\r\n").read();
            queuing.send("SET k " + "x".repeat(20_000) + "\r\n").read();
            assertThat((Long) stats(jedis).get("clients.normal")).isGreaterThanOrEqualTo(before + 20_000);
            assertThat(infoField(jedis, "mem_clients_normal")).isGreaterThanOrEqualTo(before + 20_000);
            assertThat(stats(jedis)).containsEntry("clients.slaves", 0L).containsEntry("cluster.links", 0L);
            queuing.send("DISCARD\r\n").read();
        }
        assertThat((Long) stats(jedis).get("clients.normal")).isLessThan(before + 20_000);
    }

    private static long infoField(Jedis jedis, String name) {
        return jedis.info("memory").lines().filter(line -> line.startsWith(name + ":"))
                .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1))).findFirst().orElseThrow();
    }

    @Test
    void memoryStatsAddsUpTheKeyspace() {
        Jedis jedis = server.emptyJedis();
        Map<String, Object> empty = stats(jedis);
        assertThat(empty).containsEntry("keys.count", 0L).containsEntry("startup.allocated", 1024L * 1024)
                .containsEntry("total.allocated", 1024L * 1024).containsEntry("keys.bytes-per-key", 0L)
                .containsKeys("peak.allocated", "dataset.percentage", "peak.percentage", "jvm.heap.used",
                        "jvm.heap.committed", "jvm.heap.max");
        jedis.set("a", "1");
        jedis.select(3);
        jedis.set("b", "x".repeat(1000));
        jedis.sadd("c", "m1", "m2");
        Map<String, Object> filled = stats(jedis);
        long total = (Long) filled.get("total.allocated");
        long usage = jedis.memoryUsage("b") + jedis.memoryUsage("c");
        jedis.select(0);
        usage += jedis.memoryUsage("a");
        assertThat(total).isEqualTo(1024L * 1024 + usage);
        assertThat(filled).containsEntry("keys.count", 3L)
                .containsEntry("keys.bytes-per-key", usage / 3)
                .containsEntry("overhead.total", 1024L * 1024 + 3 * MemoryCost.PER_KEY)
                .containsEntry("dataset.bytes", usage - 3 * MemoryCost.PER_KEY);
        assertThat((Long) filled.get("peak.allocated")).isGreaterThanOrEqualTo(total);
        assertThat(jedis.info("memory")).containsPattern("used_memory_peak:\\d+\r\nused_memory_peak_human:")
                .containsPattern("used_memory_peak_perc:\\d+\\.\\d\\d%\r\n")
                .contains("used_memory_overhead:" + (1024L * 1024 + 3 * MemoryCost.PER_KEY) + "\r\n")
                .contains("used_memory_dataset:" + (usage - 3 * MemoryCost.PER_KEY) + "\r\n")
                .containsPattern("mem_fragmentation_ratio:\\d+\\.\\d\\d\r\n")
                .containsPattern("used_memory_rss_human:\\d+\\.\\d\\d[KMG]\r\n");
        assertThat(infoField(jedis, "total_system_memory")).isPositive();
        assertThat(filled).containsKey("db.0");
        assertThat((List<?>) filled.get("db.3")).hasSize(6);
        assertThat(text(((List<?>) filled.get("db.3")).get(0))).isEqualTo("overhead.hashtable.main");
        assertThat(((List<?>) filled.get("db.3")).get(1)).isEqualTo(2L * MemoryCost.PER_KEY);
        assertThat(filled).doesNotContainKey("db.1");
        double percentage = Double.parseDouble((String) filled.get("dataset.percentage"));
        assertThat(percentage).isCloseTo(100.0 * (usage - 3 * MemoryCost.PER_KEY) / usage, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void memoryDoctorJudgesOnlyAFilledInstance() {
        Jedis jedis = server.emptyJedis();
        assertThat(jedis.memoryDoctor()).startsWith("Hi Sam, this instance is empty or is using very little memory");
        byte[] value = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(value);
        for (int i = 0; i < 200; i++) {
            jedis.set(("big" + i).getBytes(StandardCharsets.US_ASCII), value);
        }
        assertThat(jedis.memoryDoctor()).startsWith("Hi Sam, I can't find any memory issue in your instance.");
        for (int i = 0; i < 120; i++) {
            jedis.del("big" + i);
        }
        assertThat(jedis.memoryDoctor()).contains(" * Peak memory: In the past this instance used more than 150%");
        jedis.flushAll();
    }

    @Test
    void memoryMallocStatsPurgeAndHelp() {
        Jedis jedis = server.jedis();
        assertThat(text(memory(jedis, "MALLOC-STATS"))).startsWith("___ Begin JVM memory pool statistics ___\n")
                .contains("used=").doesNotContain("jemalloc");
        assertThat(jedis.memoryPurge()).isEqualTo("OK");
        List<?> help = (List<?>) memory(jedis, "HELP");
        assertThat(help).hasSize(14);
        assertThat(text(help.get(0))).isEqualTo("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    }

    @Test
    void resp3RepliesAreAMapWithDoublesAndNullForAMissingKey() throws IOException {
        server.emptyJedis().set("k", "v");
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("HELLO 3\r\n");
            assertThat(raw.read().text()).startsWith("%");
            raw.send("MEMORY USAGE missing\r\n");
            assertThat(raw.read().text()).isEqualTo("_\r\n");
            raw.send("MEMORY STATS\r\n");
            String stats = raw.read().text();
            assertThat(stats).startsWith("%20\r\n$14\r\npeak.allocated\r\n:")
                    .contains("$4\r\ndb.0\r\n%3\r\n$23\r\noverhead.hashtable.main\r\n:" + MemoryCost.PER_KEY + "\r\n")
                    .containsPattern("\\$18\r\ndataset.percentage\r\n,[0-9.]+\r\n");
            raw.send("MEMORY MALLOC-STATS\r\n");
            assertThat(raw.read().text()).startsWith("=").contains("txt:___ Begin JVM memory pool statistics ___\n");
            raw.send("MEMORY DOCTOR\r\n");
            assertThat(raw.read().text()).startsWith("=272\r\ntxt:Hi Sam, this instance is empty");
        }
    }
}
