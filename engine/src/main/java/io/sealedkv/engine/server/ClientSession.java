package io.sealedkv.engine.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.sealedkv.engine.acl.Acl;
import io.sealedkv.engine.acl.AclUser;
import io.sealedkv.engine.blocking.BlockedReply;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.pubsub.PushOutput;
import io.sealedkv.engine.pubsub.Subscriptions;
import io.sealedkv.engine.resp.RespDecoder;
import io.sealedkv.engine.tracking.TrackingState;
import io.sealedkv.engine.resp.RespWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The state of one connection: identity, selected database, protocol, authentication, reply mode,
 * and the reusable {@link CommandContext} its commands run in. Changed only by the connection's own
 * network thread; other connections read it for CLIENT LIST and CLIENT KILL.
 */
public final class ClientSession {
    private final long id;
    private final Channel channel;
    private final long createdMillis = System.currentTimeMillis();
    private final RespWriter writer = new RespWriter();
    private final CommandContext context;
    private final Transaction transaction = new Transaction();
    private final Subscriptions subscriptions = new Subscriptions();
    private final PushOutput pushOutput = new PushOutput();
    private final TrackingState tracking = new TrackingState();
    private volatile String name = "";
    private volatile int database;
    private volatile boolean authenticated;
    private volatile AclUser user;
    private volatile long lastInteractionMillis = createdMillis;
    private volatile String lastCommand = "NULL";
    private volatile ReplyMode replyMode = ReplyMode.ON;
    private volatile boolean noEvict;
    /** Fed by MONITOR (flag O in CLIENT LIST); read by CLIENT LIST on other threads. */
    private volatile boolean monitor;
    private volatile boolean closeAfterReply;
    private volatile boolean blocked;
    private volatile Consumer<BlockedReply> resumer;
    /** Tasks {@link #onItsThread} left on this connection's event loop that have not begun. */
    private final AtomicInteger tasksWaiting = new AtomicInteger();

    ClientSession(long id, Channel channel, SealedKvServer server, boolean authenticated) {
        this.id = id;
        this.channel = channel;
        this.authenticated = authenticated;
        this.user = server.acl().defaultUser();
        this.context = new CommandContext(server, this);
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public RespWriter writer() {
        return writer;
    }

    public CommandContext context() {
        return context;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Pushed messages not yet taken by the socket, against the pubsub output limit. */
    public PushOutput pushOutput() {
        return pushOutput;
    }

    /** CLIENT TRACKING settings; see {@link io.sealedkv.engine.tracking.Tracking}. */
    public TrackingState tracking() {
        return tracking;
    }

    /** The MULTI state; used by the connection's own thread only. */
    public Transaction transaction() {
        return transaction;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public int database() {
        return database;
    }

    public void database(int index) {
        this.database = index;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** The ACL user the connection runs as: {@code default} until AUTH or HELLO AUTH names another. */
    public AclUser user() {
        return user;
    }

    /** Authenticated as {@code user} (AUTH, HELLO AUTH). */
    public void authenticatedAs(AclUser user) {
        this.user = user;
        this.authenticated = true;
    }

    public int protocol() {
        return writer.protocol();
    }

    public void protocol(int version) {
        writer.protocol(version);
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    public void replyMode(ReplyMode mode) {
        this.replyMode = mode;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean on) {
        this.noEvict = on;
    }

    /** Set by {@link io.sealedkv.engine.monitoring.Monitors} while this connection is a monitor. */
    public void monitor(boolean on) {
        this.monitor = on;
    }

    /** Closes the connection once the replies written so far are flushed (QUIT, CLIENT KILL of self). */
    public void closeAfterReply() {
        this.closeAfterReply = true;
    }

    boolean closing() {
        return closeAfterReply;
    }

    /** True from a blocking command's registration until its reply is written; it runs nothing meanwhile. */
    public boolean blocked() {
        return blocked;
    }

    /** Set by the blocking machinery when it blocks the client; cleared on the client's thread as it resumes. */
    public void blocked(boolean blocked) {
        this.blocked = blocked;
    }

    /** Writes the reply of the served (or timed out) blocking command on this connection's thread, then resumes. */
    public void resume(BlockedReply reply) {
        onItsThread(() -> resumer.accept(reply));
    }

    /**
     * Runs {@code work} on this connection's network thread: when the current read completes if the caller is that
     * thread ({@link FollowUps}), else as a task of its event loop, which refuses it once stopped. While a task
     * left that way has not begun, work of the thread itself is a task too, behind it: as a follow-up it would
     * overtake it (a served BLPOP's reply written before a message published earlier from another thread).
     *
     * @throws RejectedExecutionException if the event loop has stopped
     */
    public void onItsThread(Runnable work) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop() && tasksWaiting.get() == 0) {
            FollowUps.add(loop, work);
            return;
        }
        tasksWaiting.incrementAndGet();
        try {
            loop.execute(() -> {
                tasksWaiting.decrementAndGet();
                work.run();
            });
        } catch (RejectedExecutionException e) {
            tasksWaiting.decrementAndGet();
            throw e;
        }
    }

    void onResume(Consumer<BlockedReply> resumer) {
        this.resumer = resumer;
    }

    void touched(String command) {
        lastInteractionMillis = System.currentTimeMillis();
        lastCommand = command;
    }

    public long idleSeconds() {
        return (System.currentTimeMillis() - lastInteractionMillis) / 1000;
    }

    public String address() {
        return format((InetSocketAddress) channel.remoteAddress());
    }

    public String localAddress() {
        return format((InetSocketAddress) channel.localAddress());
    }

    private static String format(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        String host = address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }

    /**
     * Redis's client type, for CLIENT LIST and CLIENT KILL TYPE: "pubsub" while the connection has a
     * subscription of any kind (in RESP3 too), "normal" otherwise (no connection here is a master or replica).
     */
    public String type() {
        return subscriptions.any() ? "pubsub" : "normal";
    }

    /** One CLIENT LIST line, with Redis's field names. */
    public String describe() {
        long age = (System.currentTimeMillis() - createdMillis) / 1000;
        long qbuf = queryBufferBytes();
        long multiMem = transaction.queuedBytes();
        long omem = outputBytes();
        return "id=" + id + " addr=" + address() + " laddr=" + localAddress() + " fd=-1 name=" + name
                + " age=" + age + " idle=" + idleSeconds() + " flags=" + flags() + " db=" + database
                + " sub=" + subscriptions.channelCount() + " psub=" + subscriptions.patternCount()
                + " ssub=" + subscriptions.shardChannelCount() + " multi=" + transaction.multiCount()
                + " qbuf=" + qbuf + " qbuf-free=0 argv-mem=0"
                + " multi-mem=" + multiMem + " rbs=0 rbp=0 obl=0 oll=0 omem=" + omem + " tot-mem=" + (qbuf + multiMem + omem)
                + " events=r cmd=" + lastCommand
                + " user=" + user.name() + " redir=" + (tracking.on() ? tracking.redirect() : -1) + " resp="
                + protocol();
    }

    /** What the connection's buffers hold: CLIENT LIST's tot-mem (query buffer, queued commands, output). */
    public long memoryBytes() {
        return queryBufferBytes() + transaction.queuedBytes() + outputBytes();
    }

    private long queryBufferBytes() {
        RespDecoder decoder = channel.pipeline().get(RespDecoder.class);
        return decoder == null ? 0 : Math.max(0, decoder.bufferedBytes());
    }

    private long outputBytes() {
        return Math.max(0, pushOutput.pendingBytes());
    }

    /**
     * CLIENT LIST flags in Redis's order: O monitor, P subscribed, x in MULTI, b blocked, t tracking, R tracking
     * redirect broken, B tracking in BCAST mode, d a watched key changed (EXEC will fail), e no-evict, N when
     * none applies.
     */
    private String flags() {
        boolean tracked = tracking.on();
        String flags = (monitor ? "O" : "") + (subscriptions.any() ? "P" : "")
                + (transaction.multiCount() >= 0 ? "x" : "")
                + (blocked ? "b" : "")
                + (tracked ? "t" : "") + (tracked && tracking.brokenRedirect() ? "R" : "")
                + (tracked && tracking.bcast() ? "B" : "") + (transaction.watched().touched() ? "d" : "")
                + (noEvict ? "e" : "");
        return flags.isEmpty() ? "N" : flags;
    }

    /** Back to the state of a new connection (RESET), but for NO-EVICT, which Redis 7.0 keeps. */
    public void reset(Acl acl) {
        user = acl.defaultUser();
        database = 0;
        name = "";
        protocol(2);
        replyMode = ReplyMode.ON;
        authenticated = !acl.defaultUserRequiresPassword();
    }
}
