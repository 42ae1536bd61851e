package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A {@link WriteRun} that runs something (another connection's commands) between its preparation and its hold. */
final class InterleavedRun extends WriteRun {
    private final WriteRun run;
    private final Runnable between;

    InterleavedRun(WriteRun run, Runnable between) {
        this.run = run;
        this.between = between;
    }

    /**
     * Runs {@code commands} as one {@code run} of {@code session} through the dispatcher, {@code between} after its
     * preparation; the replies, one line each. Every command must join the run.
     */
    static List<String> replies(SealedKvServer server, ClientSession session, WriteRun run, Runnable between,
                                String... commands) {
        int count = commands.length;
        byte[][][] requests = new byte[count][][];
        CommandSpec[] specs = new CommandSpec[count];
        int[] hashes = new int[count];
        CommandContext context = session.context();
        for (int i = 0; i < count; i++) {
            requests[i] = request(commands[i]);
            specs[i] = server.commands().find(requests[i][0]);
            hashes[i] = context.hash(requests[i][1]);
        }
        WriteRun interleaved = new InterleavedRun(run, between);
        RuntimeException[] failures = new RuntimeException[count];
        Dispatcher dispatcher = server.dispatcher();
        Dispatcher.WriteRunDone done = dispatcher.runWrites(session, interleaved, specs, requests, hashes, 0, count,
                failures);
        assertThat(done.count()).isEqualTo(count);
        ByteBuf replies = Unpooled.buffer();
        session.writer().target(replies);
        long clock = System.nanoTime();
        for (int i = 0; i < count; i++) {
            clock = dispatcher.replyWrite(session, specs[i], requests[i], interleaved, i, failures[i], done.nanosEach(),
                    clock);
        }
        return List.of(session.writer().target().toString(StandardCharsets.UTF_8).split("\r\n"));
    }

    /** The request of a command written as words separated by single blanks. */
    static byte[][] request(String command) {
        return Arrays.stream(command.split(" ")).map(word -> word.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return run.takes(spec, args);
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        return run.accept(c, i, hash);
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        run.prepare(c, from, end);
        between.run();
    }

    @Override
    public void commit(CommandContext c, int i) {
        run.commit(c, i);
    }

    @Override
    public void reply(CommandContext c, int i) {
        run.reply(c, i);
    }

    @Override
    public boolean shortReplies() {
        return run.shortReplies();
    }

    @Override
    public void forget(int i) {
        run.forget(i);
    }
}
