package io.sealedkv.engine.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitOP;

/** OBJECT ENCODING names the encoding Redis would have, which depends on how the value was made. */
class ObjectEncodingIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void valuesAsSentAreIntEmbstrOrRawByContent() {
        Jedis jedis = server.emptyJedis();
        jedis.set("n", "12");
        jedis.set("s", "short");
        jedis.set("l", "x".repeat(45));
        jedis.append("fresh", "34");
        assertThat(jedis.objectEncoding("n")).isEqualTo("int");
        assertThat(jedis.objectEncoding("s")).isEqualTo("embstr");
        assertThat(jedis.objectEncoding("l")).isEqualTo("raw");
        assertThat(jedis.objectEncoding("fresh")).isEqualTo("int");
    }

    @Test
    void editsInPlaceLeaveRawStringsThatMovesKeep() {
        Jedis jedis = server.emptyJedis();
        jedis.set("n", "1");
        jedis.append("n", "2");
        jedis.setrange("r", 0, "ab");
        jedis.setbit("b", 1, true);
        jedis.bitop(BitOP.OR, "o", "n", "r");
        jedis.rename("n", "moved");
        jedis.copy("moved", "copied", false);
        for (String key : new String[] {"r", "b", "o", "moved", "copied"}) {
            assertThat(jedis.objectEncoding(key)).as(key).isEqualTo("raw");
        }
        jedis.incr("moved");
        jedis.set("copied", "7");
        assertThat(jedis.objectEncoding("moved")).isEqualTo("int");
        assertThat(jedis.objectEncoding("copied")).isEqualTo("int");
    }

    @Test
    void floatIncrementsAreNeverInt() {
        Jedis jedis = server.emptyJedis();
        jedis.incrByFloat("f", 3);
        jedis.incrByFloat("big", 1e44);
        assertThat(jedis.get("f")).isEqualTo("3");
        assertThat(jedis.objectEncoding("f")).isEqualTo("embstr");
        assertThat(jedis.objectEncoding("big")).isEqualTo("raw");
    }
}
