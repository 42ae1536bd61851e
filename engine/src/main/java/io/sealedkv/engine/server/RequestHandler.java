package io.sealedkv.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.sealedkv.engine.blocking.BlockedReply;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.list.ListReadRun;
import io.sealedkv.engine.config.ClientOutputBufferLimits;
import io.sealedkv.engine.pubsub.PushDelivery;
import io.sealedkv.engine.pubsub.PushOutput;
import io.sealedkv.engine.resp.ProtocolError;
import io.sealedkv.engine.resp.RespWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the requests of one connection as they are decoded, in order, and batches their replies: one
 * buffer collects the replies of everything read in one go (a pipeline), flushed when the read batch
 * ends or the buffer grows large. Stops reading while the client does not take its replies.
 *
 * <p>While the client is blocked (BLPOP ...), requests that arrive are queued, not run; reading pauses
 * once {@value #MAX_QUEUED} are waiting. The blocked command's reply is written by {@link #resume} on
 * this connection's thread, and the queued requests then run in order.
 *
 * <p>Data commands of an authenticated client that arrive in one read are held back, up to
 * {@value #BATCH} of them, until the read ends or another kind of request comes: then their keys are
 * hashed and their chains warmed together ({@link io.sealedkv.engine.keyspace.Database#touch}), so the
 * cache misses of a pipeline overlap outside the lock, and they run one by one as if run on arrival,
 * except that consecutive GETs take the lock once for all their lookups ({@link Dispatcher#lookUpGets}),
 * and consecutive SETs (or INCR-likes, pushes to lists, pops from one list, HSETs to one hash, SADDs to one
 * set, ZADDs to one sorted set, ZPOPMINs and ZPOPMAXs, or SPOPs without a count) once for all their stores
 * ({@link Dispatcher#runWrites}), where that answers and changes exactly what one by one would; consecutive
 * LRANGEs and LINDEXes open a list node they share once ({@link ListReadRun}). Only
 * commands that cannot change how the next request is decoded (authentication lifts the unauthenticated
 * limits) are held back, and nothing else of this connection runs in between.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final int FLUSH_THRESHOLD = 64 * 1024;
    private static final int MAX_QUEUED = 1024;
    private static final int BATCH = 32;
    /** More than the replies of a run of {@value #BATCH} writes take, when {@linkplain WriteRun#shortReplies short}. */
    private static final int RUN_REPLIES = 4096;
    /**
     * Room for the replies of one read at first: a 16-deep pipeline of 100-byte values fits, so the
     * writer need not move its replies to a larger buffer (a copy and a zeroing) on the way.
     */
    private static final int REPLY_BUFFER = 2048;

    private final SealedKvServer server;
    private final ClientSession session;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private ByteBuf pending;
    private final byte[][][] batch = new byte[BATCH][][];
    private final CommandSpec[] batchSpecs = new CommandSpec[BATCH];
    private final byte[][] batchKeys = new byte[BATCH][];
    private final int[] batchHashes = new int[BATCH];
    private final int[] chains = new int[BATCH];
    private final byte[][] sealed = new byte[BATCH][];
    private final ConnectionRuns writeRuns = new ConnectionRuns(BATCH);
    private final ListReadRun listReads = new ListReadRun();
    private final RuntimeException[] failures = new RuntimeException[BATCH];
    private int batched;
    /** Keeps what the warming read, so the JIT cannot drop the reads. */
    private int touched;

    RequestHandler(SealedKvServer server, ClientSession session) {
        this.server = server;
        this.session = session;
        session.onResume(this::resume);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        server.stats().connectionReceived();
        String refusal = server.admit(session);
        if (refusal != null) {
            server.stats().connectionRejected();
            session.closeAfterReply();
            RespWriter writer = session.writer();
            writer.target(ctx.alloc().ioBuffer());
            writer.error(refusal);
            ctx.writeAndFlush(writer.target()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        runBatch(ctx);
        server.clients().remove(session);
        server.endTransaction(session);
        server.pubSub().unsubscribeAll(session);
        server.tracking().disable(session);
        server.monitoring().monitors().remove(session);
        server.blockedClients().disconnected(session);
        queued.forEach(RequestHandler::drop);
        queued.clear();
        PushDelivery.writeWaiting(session); // a closed channel fails the writes, which frees and zeroes them
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (server.stopped()) {
            // close() has begun: its close of this channel is a task that io_uring runs only after up to 128 rounds
            // of reads (seconds under pipelined load), so the connection is closed here rather than kept reading
            drop(msg);
            ctx.close();
            return;
        }
        if (session.pushOutput().hasWaiting()) {
            writePending(ctx);
            PushDelivery.writeWaiting(session);
        }
        if (msg instanceof byte[][] request && session.authenticated() && !session.closing() && !session.blocked()
                && queued.isEmpty()) {
            CommandSpec spec = server.dispatcher().dataCommand(request);
            if (spec != null) {
                batch[batched] = request;
                batchSpecs[batched] = spec;
                batchKeys[batched] = request[1];
                if (++batched == BATCH) {
                    runBatch(ctx);
                }
                return;
            }
        }
        runBatch(ctx);
        receive(ctx, msg, null);
    }

    /** Runs the held-back requests: their keys hashed and warmed together first, then each as it came. */
    private void runBatch(ChannelHandlerContext ctx) {
        int count = batched;
        if (count == 0) {
            return;
        }
        batched = 0;
        for (int i = 0; i < count; i++) {
            batchHashes[i] = session.context().hash(batchKeys[i]);
        }
        touched += server.keyspace().database(session.database()).touch(batchKeys, batchHashes, chains, count);
        int i = 0;
        while (i < count) {
            int ran = runGets(ctx, i, count);
            if (ran == 0) {
                ran = runWrites(ctx, i, count);
            }
            if (ran == 0) {
                ran = runListReads(ctx, i, count);
            }
            if (ran > 0) {
                i += ran;
                continue;
            }
            runHeldBack(ctx, i);
            i++;
        }
    }

    /** Runs held-back request {@code i} as it came. */
    private void runHeldBack(ChannelHandlerContext ctx, int i) {
        byte[][] request = batch[i];
        CommandSpec spec = batchSpecs[i];
        session.context().prepared(batchKeys[i], batchHashes[i]);
        forget(i);
        receive(ctx, request, spec);
    }

    /**
     * Runs the LRANGEs and LINDEXes that follow one another from {@code from} each as it came, as one
     * {@link ListReadRun} (a node they read is opened once for them) when they run as they would alone
     * ({@link Dispatcher#runsAsAlone}); returns how many it ran (0: none).
     */
    private int runListReads(ChannelHandlerContext ctx, int from, int count) {
        int to = from;
        while (to < count && ListReadRun.takes(batchSpecs[to], batch[to])) {
            to++;
        }
        if (to - from < 2 || session.blocked() || session.closing() || !queued.isEmpty()
                || !server.dispatcher().runsAsAlone(session)) {
            return 0;
        }
        try (ListReadRun run = listReads.start()) {
            for (int i = from; i < to; i++) {
                runHeldBack(ctx, i);
            }
        }
        return to - from;
    }

    private void forget(int i) {
        batch[i] = null;
        batchSpecs[i] = null;
        batchKeys[i] = null;
    }

    /**
     * Runs the GETs that follow one another from {@code from} with one lock hold for their lookups
     * ({@link Dispatcher#lookUpGets}) when they would run now; returns how many it ran (0: none).
     */
    private int runGets(ChannelHandlerContext ctx, int from, int count) {
        int to = from;
        while (to < count && Dispatcher.plainGet(batchSpecs[to], batch[to])) {
            to++;
        }
        if (to - from < 2 || session.blocked() || session.closing() || !queued.isEmpty()) {
            return 0;
        }
        Dispatcher.GetRun run = server.dispatcher().lookUpGets(session, batchSpecs, batch, batchKeys,
                batchHashes, from, to, sealed);
        if (run == null) {
            return 0;
        }
        RespWriter writer = session.writer();
        long clock = System.nanoTime();
        for (int i = from; i < from + run.count(); i++) {
            if (session.closing()) {
                Dispatcher.wipe(batch[i]);
            } else {
                if (pending == null) {
                    pending = ctx.alloc().ioBuffer(REPLY_BUFFER);
                }
                writer.target(pending);
                clock = server.dispatcher().replyGet(session, batchSpecs[i], batch[i], run, sealed[i], clock);
                pending = writer.target();
                if (pending.readableBytes() >= FLUSH_THRESHOLD) {
                    write(ctx, pending);
                    pending = null;
                    clock = System.nanoTime(); // a GET's time is not the socket's
                }
            }
            sealed[i] = null;
            forget(i);
        }
        return run.count();
    }

    /**
     * Runs the SETs (or INCR-likes, LPUSHes and RPUSHes, LPOPs and RPOPs, HSETs, SADDs, ZADDs, sorted-set pops or
     * SPOPs) that follow one another from {@code from} as one run ({@link Dispatcher#runWrites}) when they would run
     * now; returns how many it ran (0: none). Not when the replies could cross the flush threshold: a flush can
     * close the client (output buffer limit), and the writes after that point must then not have run; for
     * the same reason a run whose replies are not {@linkplain WriteRun#shortReplies short} runs only
     * without such a limit.
     */
    private int runWrites(ChannelHandlerContext ctx, int from, int count) {
        WriteRun run = writeRun(from);
        if (run == null || session.blocked() || session.closing() || !queued.isEmpty()
                || (pending != null && pending.readableBytes() >= FLUSH_THRESHOLD - RUN_REPLIES)
                || (!run.shortReplies() && !outputLimit().none())) {
            return 0;
        }
        int to = from + 1;
        while (to < count && run.takes(batchSpecs[to], batch[to])) {
            to++;
        }
        if (to - from < 2) {
            return 0;
        }
        Dispatcher.WriteRunDone done = server.dispatcher().runWrites(session, run, batchSpecs, batch, batchHashes,
                from, to, failures);
        if (done == null) {
            return 0;
        }
        if (pending == null) {
            pending = ctx.alloc().ioBuffer(REPLY_BUFFER);
        }
        session.writer().target(pending);
        long clock = System.nanoTime();
        for (int i = from; i < from + done.count(); i++) {
            clock = server.dispatcher().replyWrite(session, batchSpecs[i], batch[i], run, i, failures[i],
                    done.nanosEach(), clock);
            failures[i] = null;
            forget(i);
        }
        pending = session.writer().target();
        return done.count();
    }

    /** The kind of run the held-back request {@code i} can start, or null. */
    private WriteRun writeRun(int i) {
        return writeRuns.forRequest(batchSpecs[i], batch[i]);
    }

    /** Runs or queues one request; {@code spec}, when known, is its command as found in the table. */
    private void receive(ChannelHandlerContext ctx, Object msg, CommandSpec spec) {
        if (session.closing()) {
            drop(msg);
            return;
        }
        if (session.blocked() || !queued.isEmpty()) {
            queued.add(msg);
            if (queued.size() >= MAX_QUEUED) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        process(ctx, msg, spec);
    }

    private static void drop(Object msg) {
        if (msg instanceof byte[][] dropped) {
            Dispatcher.wipe(dropped);
        }
    }

    /** Runs one request and collects its reply; a request that blocks the client sends what came before. */
    private void process(ChannelHandlerContext ctx, Object msg, CommandSpec spec) {
        RespWriter writer = session.writer();
        if (pending == null) {
            pending = ctx.alloc().ioBuffer(REPLY_BUFFER);
        }
        writer.target(pending);
        if (msg instanceof byte[][] request) {
            boolean ran = spec != null ? server.dispatcher().dispatch(session, request, spec)
                    : server.dispatcher().dispatch(session, request);
            if (!ran) {
                postpone(msg);
            }
        } else if (msg instanceof ProtocolError error) {
            protocolError(error);
        }
        pending = writer.target();
        if (session.closing()) {
            write(ctx, pending).addListener(ChannelFutureListener.CLOSE);
            ctx.flush();
            pending = null;
        } else if (pending.readableBytes() >= FLUSH_THRESHOLD) {
            write(ctx, pending);
            pending = null;
        } else if (session.blocked()) {
            flush(ctx);
        }
    }

    /** CLIENT PAUSE holds the request: it waits, first in the queue, until the pause ends. */
    private void postpone(Object msg) {
        queued.addFirst(msg);
        session.blocked(true);
        server.clientPause().await(session, () -> session.resume(c -> { }));
    }

    /** The blocking command is served (or timed out): its reply, then the requests queued meanwhile. */
    private void resume(BlockedReply reply) {
        ChannelHandlerContext ctx = context;
        session.blocked(false);
        if (!ctx.channel().isActive()) {
            return;
        }
        RespWriter writer = session.writer();
        if (pending == null) {
            pending = ctx.alloc().ioBuffer(REPLY_BUFFER);
        }
        writer.target(pending);
        int replyStart = writer.mark();
        try {
            reply.write(session.context());
        } catch (RuntimeException e) {
            writer.discardFrom(replyStart); // the error alone, as Dispatcher answers a command failing mid-reply
            writer.error(ErrorReplies.of(e, "blocking command"));
        }
        pending = writer.target();
        while (!queued.isEmpty() && !session.blocked() && !session.closing()) {
            process(ctx, queued.poll(), null);
        }
        if (session.closing()) {
            queued.forEach(RequestHandler::drop);
            queued.clear();
        }
        if (queued.size() < MAX_QUEUED) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
        broadcast();
        flush(ctx);
    }

    private void protocolError(ProtocolError error) {
        if (error.logMessage() != null) {
            LOG.warn("{} Connection from {} aborted.", error.logMessage(), session.address());
        } else {
            LOG.info("Protocol error ({}) from client: {}", error.reason(), session.describe());
        }
        if (!error.silent()) {
            session.writer().muted(false);
            session.writer().error("ERR Protocol error: " + error.reason());
        }
        session.closeAfterReply();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        runBatch(ctx);
        broadcast();
        flush(ctx);
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
        FollowUps.runWaiting();
    }

    /**
     * The client's end of the connection is shut (its FIN): the requests it sent are answered, then the
     * connection closed, as Redis does. Half-closure is on for this, since io_uring would otherwise close the
     * channel before the read's {@link #channelReadComplete}, dropping the replies of the last read.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            channelReadComplete(ctx);
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * Sends the BCAST batches once this connection has run what it could (a read's requests, or those queued
     * behind a blocking command or a pause when it is served): Redis sends them before it next waits for events.
     */
    private void broadcast() {
        if (!server.tracking().idle()) {
            server.tracking().broadcast();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void flush(ChannelHandlerContext ctx) {
        writePending(ctx);
        ctx.flush();
    }

    /** Writes the replies gathered so far (without flushing). */
    private void writePending(ChannelHandlerContext ctx) {
        if (pending != null) {
            if (pending.isReadable()) {
                write(ctx, pending);
            } else {
                pending.release();
            }
            pending = null;
        }
    }

    /**
     * Writes a reply buffer and zeroes it once sent, before it returns to the pool: replies carry opened
     * values, which must not outlive their command in memory. The replies are all below the writer
     * index (the writer never writes past it), so only that part is zeroed, not the whole capacity.
     */
    private ChannelFuture write(ChannelHandlerContext ctx, ByteBuf replies) {
        int bytes = replies.readableBytes();
        server.stats().output(bytes);
        PushOutput output = session.pushOutput();
        output.queued(bytes);
        int written = replies.writerIndex();
        replies.retain();
        ChannelFuture sent = ctx.write(replies).addListener(done -> {
            output.sent(bytes);
            replies.setZero(0, written);
            replies.release();
        });
        enforceOutputLimit(ctx, output);
        return sent;
    }

    /**
     * client-output-buffer-limit for replies: a client whose unsent output breaks its class's limit
     * is closed at once, its pending output dropped, and logged by its CLIENT LIST line (no values).
     */
    private void enforceOutputLimit(ChannelHandlerContext ctx, PushOutput output) {
        ClientOutputBufferLimits.Limit limit = outputLimit();
        if (limit.none() || session.closing()
                || !output.overLimit(limit.hardBytes(), limit.softBytes(), limit.softSeconds(), System.currentTimeMillis())) {
            return;
        }
        LOG.warn("Client {} closed for overcoming of output buffer limits ({} bytes pending).", session.describe(),
                output.pendingBytes());
        session.closeAfterReply();
        ctx.close();
    }

    /** The output buffer limit of this client's class (pubsub while subscribed, else normal). */
    private ClientOutputBufferLimits.Limit outputLimit() {
        ClientOutputBufferLimits limits = server.config().currentOutputLimits();
        return session.subscriptions().any() ? limits.pubsub() : limits.normal();
    }

    private void release() {
        if (pending != null) {
            pending.setZero(0, pending.capacity());
            pending.release();
            pending = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SSLException tls = tlsFailure(cause);
        if (tls != null) {
            LOG.info("Error accepting a client connection from {}: {}", session.address(), tls.getMessage());
        } else if (!(cause instanceof IOException)) {
            LOG.warn("Closing connection {} after an unexpected error: {}", session.address(), cause.toString());
        }
        ctx.close();
    }

    /** A failed handshake or a record that is not TLS (plaintext on the TLS port): the client's problem, not ours. */
    private static SSLException tlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }
}
