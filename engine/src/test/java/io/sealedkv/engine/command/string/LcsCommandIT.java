package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** LCS; expected replies are those of redis-server 7.0.15, byte for byte where the reply shape matters. */
class LcsCommandIT extends ServerPerClass {
    private static final String IDX_REPLY_TAIL = "$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
            + "$3\r\nlen\r\n:6\r\n";

    @BeforeEach
    void populate() {
        jedis.mset("key1", "ohmytext", "key2", "mynewtext");
    }

    @Test
    void returnsTheSubsequenceOrItsLength() {
        assertThat(send.bulk("LCS", "key1", "key2")).isEqualTo("mytext");
        assertThat(send.integer("LCS", "key1", "key2", "LEN")).isEqualTo(6);
        assertThat(send.integer("LCS", "key1", "key2", "len", "withmatchlen")).isEqualTo(6);
        assertThat(send.integer("LCS", "key1", "key2", "len", "minmatchlen", "3")).isEqualTo(6);
        assertThat(send.bulk("LCS", "key1", "key2", "withmatchlen")).isEqualTo("mytext");
        jedis.mset("a", "ABCBDAB", "b", "BDCABA", "x", "abcdefgh", "y", "xxabcyydefzz");
        assertThat(send.bulk("LCS", "a", "b")).isEqualTo("BDAB");
        assertThat(send.bulk("LCS", "x", "y")).isEqualTo("abcdef");
    }

    @Test
    void missingKeysAreEmptyStrings() {
        assertThat(send.bulk("LCS", "missing", "missing2")).isEmpty();
        assertThat(send.integer("LCS", "missing", "key1", "len")).isZero();
        assertThat(send.array("LCS", "missing", "key1", "idx")).containsExactly(bytes("matches"), List.of(),
                bytes("len"), 0L);
    }

    @Test
    void idxListsMatchingRangesLastFirst() {
        assertThat(send.array("LCS", "key1", "key2", "IDX")).containsExactly(bytes("matches"),
                List.of(List.of(List.of(4L, 7L), List.of(5L, 8L)), List.of(List.of(2L, 3L), List.of(0L, 1L))),
                bytes("len"), 6L);
        assertThat(send.array("LCS", "key1", "key2", "idx", "withmatchlen")).containsExactly(bytes("matches"),
                List.of(List.of(List.of(4L, 7L), List.of(5L, 8L), 4L), List.of(List.of(2L, 3L), List.of(0L, 1L), 2L)),
                bytes("len"), 6L);
        assertThat(send.array("LCS", "key1", "key1", "idx", "withmatchlen")).containsExactly(bytes("matches"),
                List.of(List.of(List.of(0L, 7L), List.of(0L, 7L), 8L)), bytes("len"), 8L);
    }

    @Test
    void minmatchlenFiltersShortRanges() {
        assertThat(send.array("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).containsExactly(
                bytes("matches"), List.of(List.of(List.of(4L, 7L), List.of(5L, 8L), 4L)), bytes("len"), 6L);
        assertThat(send.array("LCS", "key1", "key2", "minmatchlen", "-5", "idx")).containsExactly(bytes("matches"),
                List.of(List.of(List.of(4L, 7L), List.of(5L, 8L)), List.of(List.of(2L, 3L), List.of(0L, 1L))),
                bytes("len"), 6L);
        jedis.mset("x", "abcdefgh", "y", "xxabcyydefzz");
        assertThat(send.array("LCS", "x", "y", "idx", "minmatchlen", "3")).containsExactly(bytes("matches"),
                List.of(List.of(List.of(3L, 5L), List.of(7L, 9L)), List.of(List.of(0L, 2L), List.of(2L, 4L))),
                bytes("len"), 6L);
        assertThat(send.array("LCS", "y", "x", "idx")).containsExactly(bytes("matches"),
                List.of(List.of(List.of(7L, 9L), List.of(3L, 5L)), List.of(List.of(2L, 4L), List.of(0L, 2L))),
                bytes("len"), 6L);
    }

    @Test
    void idxIsAFlatArrayInResp2AndAMapInResp3() throws IOException {
        byte[] request = command("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request);
            assertThat(read(in, 4 + IDX_REPLY_TAIL.length())).isEqualTo("*4\r\n" + IDX_REPLY_TAIL);
            out.write(command("HELLO", "3"));
            out.write(command("PING"));
            skipPast(in, "+PONG\r\n");
            out.write(request);
            assertThat(read(in, 4 + IDX_REPLY_TAIL.length())).isEqualTo("%2\r\n" + IDX_REPLY_TAIL);
            out.write(command("LCS", "key1", "missing", "IDX"));
            String empty = "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n";
            assertThat(read(in, empty.length())).isEqualTo(empty);
        }
    }

    @Test
    void rejectsBadOptionsAndNonStrings() {
        assertThat(send.error("LCS", "key1", "key2", "len", "idx"))
                .isEqualTo("ERR If you want both the length and indexes, please just use IDX.");
        assertThat(send.error("LCS", "key1", "key2", "minmatchlen")).isEqualTo("ERR syntax error");
        assertThat(send.error("LCS", "key1", "key2", "minmatchlen", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(send.error("LCS", "missing", "key1", "minmatchlen", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(send.error("LCS", "key1", "key2", "foo")).isEqualTo("ERR syntax error");
        assertThat(send.error("LCS", "key1", "missing", "foo")).isEqualTo("ERR syntax error");
        assertThat(send.error("LCS", "key1")).isEqualTo("ERR wrong number of arguments for 'lcs' command");
    }

    @Test
    void refusesTablesLargerThanProtoMaxBulkLen() {
        try (TestServer small = TestServer.start("proto-max-bulk-len 1mb"); Jedis client = small.jedis()) {
            client.set("big1", "a".repeat(600));
            client.set("big2", "b".repeat(600));
            assertThat(new Send(client).error("LCS", "big1", "big2", "len"))
                    .isEqualTo("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            client.set("fits", "b".repeat(400));
            assertThat(new Send(client).integer("LCS", "big1", "fits", "len")).isZero();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] command(String... argv) {
        StringBuilder out = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String arg : argv) {
            out.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return bytes(out.toString());
    }

    private static String read(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** Skips replies up to and including {@code marker}, e.g. HELLO's whose length depends on the version. */
    private static void skipPast(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().endsWith(marker)) {
            int next = in.read();
            assertThat(next).isNotNegative();
            seen.append((char) next);
        }
    }
}
