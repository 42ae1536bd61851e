package io.sealedkv.engine.pubsub;

import io.netty.buffer.ByteBuf;
import io.sealedkv.engine.config.ClientOutputBufferLimits;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an out-of-band message (a published message, a MONITOR line) to a connection that did not
 * ask for it. For another connection it is encoded in that connection's protocol into a buffer of its
 * own and left waiting for it ({@link PushOutput}); its event loop writes it, or, if a request of that
 * connection arrives first, writes it before that request's reply ({@link #writeWaiting}), so that, as in
 * Redis, a message published before a client sent a command reaches it before the command's reply. For
 * the connection whose command is running it goes into that connection's reply stream, so it keeps its
 * place among the replies. Buffers are zeroed once sent, like replies. A connection whose unsent
 * messages break the output limit of its class is closed instead of growing the server's memory.
 */
public final class PushDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(PushDelivery.class);

    private final Supplier<ClientOutputBufferLimits.Limit> limit;

    public PushDelivery(Supplier<ClientOutputBufferLimits.Limit> limit) {
        this.limit = limit;
    }

    /** Writes what {@code message} encodes to {@code target}; {@code current} runs the command (or null). */
    public void deliver(ClientSession target, ClientSession current, Consumer<RespWriter> message) {
        if (target == current) {
            RespWriter own = target.writer();
            if (!target.transaction().replying()) { // not inside an EXEC's array reply
                moveWaitingInto(target, own);
            }
            boolean muted = own.muted();
            own.muted(false);
            int start = own.position();
            message.accept(own);
            own.keep(start, own.position());
            own.muted(muted);
            return;
        }
        RespWriter writer = new RespWriter();
        writer.protocol(target.protocol());
        writer.target(target.channel().alloc().ioBuffer());
        message.accept(writer);
        send(target, writer.target());
    }

    private void send(ClientSession session, ByteBuf encoded) {
        int bytes = encoded.readableBytes();
        PushOutput output = session.pushOutput();
        output.queued(bytes);
        ClientOutputBufferLimits.Limit current = limit.get();
        if (output.overLimit(current.hardBytes(), current.softBytes(), current.softSeconds(),
                System.currentTimeMillis())) {
            output.sent(bytes);
            encoded.setZero(0, encoded.capacity());
            encoded.release();
            LOG.warn("Client {} closed for overcoming of output buffer limits.", session.address());
            session.channel().close();
            return;
        }
        output.offer(encoded);
        if (!output.scheduleDrain()) {
            return;
        }
        try {
            session.onItsThread(() -> writeWaiting(session));
        } catch (RejectedExecutionException e) {
            output.draining();
            moveWaitingInto(session, null); // its event loop has stopped (server closing): nothing will write them
        }
    }

    /** Copies the messages waiting for {@code session} into its reply stream now (EXEC, before its reply). */
    public static void moveWaitingIntoReplies(ClientSession session) {
        moveWaitingInto(session, session.writer());
    }

    /**
     * Takes the messages waiting for {@code session}: copies them into {@code replies} (its own reply stream, so
     * that its own message does not overtake them), or, when null, drops them unsent. Zeroes and frees them.
     */
    private static void moveWaitingInto(ClientSession session, RespWriter replies) {
        PushOutput output = session.pushOutput();
        for (ByteBuf message = output.poll(); message != null; message = output.poll()) {
            if (replies != null) {
                int start = replies.position();
                replies.raw(message);
                replies.keep(start, replies.position());
            }
            output.sent(message.readableBytes());
            message.setZero(0, message.capacity());
            message.release();
        }
    }

    /**
     * Writes the messages waiting for {@code session}, in the order they came; on its network thread (left by
     * {@link #send}, and its request handler before it runs a request), or once it is closed, to free them.
     */
    public static void writeWaiting(ClientSession session) {
        PushOutput output = session.pushOutput();
        output.draining();
        boolean wrote = false;
        for (ByteBuf message = output.poll(); message != null; message = output.poll()) {
            ByteBuf encoded = message;
            int bytes = encoded.readableBytes();
            encoded.retain();
            session.channel().write(encoded).addListener(done -> {
                output.sent(bytes);
                encoded.setZero(0, encoded.capacity());
                encoded.release();
            });
            wrote = true;
        }
        if (wrote) {
            session.channel().flush();
        }
    }
}
