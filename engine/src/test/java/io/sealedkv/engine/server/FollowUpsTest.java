package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work a command leaves for its own network thread runs when the read completes, ahead of the loop's tasks. */
class FollowUpsTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void runsWhenTheReadCompletesBeforeTasksQueuedEarlier() throws Exception {
        onLoop(() -> {
            loop.execute(() -> ran.add("task"));
            FollowUps.add(loop, () -> ran.add("follow-up"));
            assertThat(ran).isEmpty();
            FollowUps.runWaiting(); // as RequestHandler.channelReadComplete
            assertThat(ran).containsExactly("follow-up");
        });
        onLoop(() -> assertThat(ran).containsExactly("follow-up", "task"));
    }

    @Test
    void runsAsATaskWhenNoReadCompletes() throws Exception {
        onLoop(() -> FollowUps.add(loop, () -> ran.add("follow-up")));
        onLoop(() -> assertThat(ran).containsExactly("follow-up"));
    }

    @Test
    void runsWhatFollowUpsLeaveInOrderAndCarriesOnPastOneThatFails() throws Exception {
        onLoop(() -> {
            FollowUps.add(loop, () -> {
                ran.add("first");
                FollowUps.add(loop, () -> ran.add("left by first"));
                FollowUps.runWaiting(); // a follow-up that completes a read of its own
            });
            FollowUps.add(loop, () -> {
                throw new IllegalStateException("a failing follow-up");
            });
            FollowUps.add(loop, () -> ran.add("third"));
            FollowUps.runWaiting();
            assertThat(ran).containsExactly("first", "third", "left by first");
        });
    }

    /** As a network thread carries on past a task that throws an Error (out of direct memory): the next still run. */
    @Test
    void aFollowUpThatThrowsAnErrorDoesNotStrandTheOnesLeftAfterIt() throws Exception {
        EventLoopGroup network = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop thread = network.next();
        try {
            thread.submit(() -> {
                FollowUps.add(thread, () -> {
                    throw new OutOfMemoryError("Cannot reserve direct buffer memory");
                });
                FollowUps.add(thread, () -> ran.add("after"));
            }).get(5, TimeUnit.SECONDS);
            thread.submit(() -> assertThat(ran).containsExactly("after")).get(5, TimeUnit.SECONDS);
        } finally {
            network.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void onLoop(Runnable check) throws Exception {
        loop.submit(check).get(5, TimeUnit.SECONDS);
    }
}
