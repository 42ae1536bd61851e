package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.config.ClientOutputBufferLimits;
import io.sealedkv.engine.pubsub.PushDelivery;
import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pushed messages reach a connection in the order they were pushed, whoever pushed them (review-18c F3, F4). */
class PushOrderIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private final PushDelivery delivery = new PushDelivery(() -> new ClientOutputBufferLimits.Limit(0, 0, 0));
    /** What the subscriber's socket was given, read as it passes (sent buffers are zeroed). */
    private final StringBuilder received = new StringBuilder();
    private final EmbeddedChannel subscriberChannel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            received.append(text((ByteBuf) msg));
            ctx.write(msg, promise);
        }
    });
    private final ClientSession subscriber = new ClientSession(1, subscriberChannel, server.server(), true);
    private final ClientSession publisher = new ClientSession(2, new EmbeddedChannel(), server.server(), true);

    /**
     * Runs what a test left for the subscriber's thread: the test thread stands in for every test's network thread,
     * and work it left waiting unrun (see {@link FollowUps}) would otherwise be the next test's.
     */
    @AfterEach
    void runWhatWasLeft() {
        subscriberChannel.runPendingTasks();
    }

    @Test
    void aConnectionsOwnMessageDoesNotOvertakeMessagesWaitingForIt() {
        subscriber.writer().target(Unpooled.buffer()); // its command is running
        delivery.deliver(subscriber, publisher, w -> w.bulk("first"));
        delivery.deliver(subscriber, subscriber, w -> w.bulk("own"));
        assertThat(text(subscriber.writer().target())).isEqualTo("$5\r\nfirst\r\n$3\r\nown\r\n");
        assertThat(subscriber.pushOutput().hasWaiting()).isFalse();
        subscriberChannel.runPendingTasks();
        assertThat(received).isEmpty();
        assertThat(subscriber.pushOutput().pendingBytes()).isZero();
    }

    /** Waiting messages go before an EXEC's reply (moved when it begins), not inside its array. */
    @Test
    void messagesWaitingForAConnectionGoBeforeItsExecReplyNotInsideIt() {
        subscriber.writer().target(Unpooled.buffer());
        delivery.deliver(subscriber, publisher, w -> w.bulk("before"));
        PushDelivery.moveWaitingIntoReplies(subscriber);
        subscriber.writer().array(1);
        subscriber.transaction().replying(1);
        delivery.deliver(subscriber, publisher, w -> w.bulk("during"));
        delivery.deliver(subscriber, subscriber, w -> w.bulk("own"));
        subscriber.transaction().replying(-1);
        assertThat(text(subscriber.writer().target())).isEqualTo("$6\r\nbefore\r\n*1\r\n$3\r\nown\r\n");
        subscriberChannel.runPendingTasks();
        assertThat(received).hasToString("$6\r\nduring\r\n");
    }

    /** Moved into a full reply buffer, waiting messages go through the writer's copy into a larger one. */
    @Test
    void waitingMessagesMovedIntoAFullReplyBufferDoNotGrowItInPlace() {
        ByteBuf replies = PooledByteBufAllocator.DEFAULT.ioBuffer(16, 16);
        subscriber.writer().target(replies);
        delivery.deliver(subscriber, publisher, w -> w.bulk("a message longer than sixteen bytes"));
        delivery.deliver(subscriber, subscriber, w -> w.bulk("own"));
        ByteBuf grown = subscriber.writer().target();
        assertThat(grown).isNotSameAs(replies);
        assertThat(replies.refCnt()).isZero();
        assertThat(text(grown)).isEqualTo("$35\r\na message longer than sixteen bytes\r\n$3\r\nown\r\n");
        grown.release();
    }

    @Test
    void messagesPushedBeforeAndAfterADrainAllArriveInOrder() {
        delivery.deliver(subscriber, publisher, w -> w.bulk("a"));
        delivery.deliver(subscriber, publisher, w -> w.bulk("b"));
        subscriberChannel.runPendingTasks();
        delivery.deliver(subscriber, publisher, w -> w.bulk("c"));
        subscriberChannel.runPendingTasks();
        assertThat(received).hasToString("$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(subscriber.pushOutput().pendingBytes()).isZero();
    }

    private static String text(ByteBuf buffer) {
        return buffer.toString(StandardCharsets.US_ASCII);
    }
}
