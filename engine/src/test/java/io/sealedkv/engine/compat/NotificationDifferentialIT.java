package io.sealedkv.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyspace notifications against a real redis-server: each block of {@code compat/cases-notify.txt}
 * runs on a writer connection of each server while a second connection subscribes to
 * {@code __key*__:*}; the replies must be equal byte for byte and the subscriber must receive the
 * same messages in the same order. Each block starts after FLUSHALL with
 * {@code notify-keyspace-events KEA} (a block may set other classes). The corpus format is
 * {@code compat/cases.txt}'s, plus one line that is not sent: {@code SLEEP-MS <n>} waits, so a key's
 * time can pass. Skipped without redis-server, except under {@code CI=true}.
 */
class NotificationDifferentialIT {
    private static final String CORPUS = "compat/cases-notify.txt";
    private static final String END = "notify-end-of-block";

    @RegisterExtension
    static final BothServers servers = new BothServers();

    @TestFactory
    Stream<DynamicTest> notificationsAreRedisOnes() throws IOException {
        List<CaseBlock> blocks;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            blocks = CorpusParser.parse(CORPUS, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(blocks).isNotEmpty();
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.name(), () -> {
            List<String> expected = transcript(servers.redis().port(), block);
            List<String> actual = transcript(servers.sealedKv().port(), block);
            assertThat(actual).as("%s: replies (> ...) and messages (! ...), Redis on the left", block.name())
                    .containsExactlyElementsOf(expected);
        }));
    }

    /** The replies to the block's commands, then the messages the subscriber received. */
    private static List<String> transcript(int port, CaseBlock block) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        try (RespConnection writer = new RespConnection(port); RespConnection subscriber = new RespConnection(port)) {
            writer.call("FLUSHALL");
            writer.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            subscriber.call("PSUBSCRIBE", "__key*__:*");
            subscriber.call("SUBSCRIBE", END);
            if (block.resp3()) {
                writer.call("HELLO", "3");
            }
            for (CaseCommand command : block.commands()) {
                if (new String(command.args().get(0), StandardCharsets.US_ASCII).equals("SLEEP-MS")) {
                    Thread.sleep(Long.parseLong(new String(command.args().get(1), StandardCharsets.US_ASCII)));
                    continue;
                }
                RespReply reply = writer.call(command.args());
                lines.add("> " + command.text() + " -> " + (command.comparison() == Comparison.EXACT
                        ? Escape.text(reply.raw()) : String.valueOf(reply.type())));
            }
            writer.call("PUBLISH", END, "x");
            while (true) {
                RespReply message = subscriber.read();
                String channel = new String(message.elements().get(message.elements().size() - 2).payload(),
                        StandardCharsets.UTF_8);
                if (channel.equals(END)) {
                    break;
                }
                lines.add("! " + channel + " " + Escape.text(message.elements().get(message.elements().size() - 1).payload()));
            }
            writer.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
        return lines;
    }
}
