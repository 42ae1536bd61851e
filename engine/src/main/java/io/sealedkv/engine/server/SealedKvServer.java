package io.sealedkv.engine.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.acl.Acl;
import io.sealedkv.engine.blocking.BlockedClients;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.command.Commands;
import io.sealedkv.engine.metrics.MetricsEndpoint;
import io.sealedkv.engine.monitoring.Monitoring;
import io.sealedkv.engine.pubsub.EventPublisher;
import io.sealedkv.engine.pubsub.PubSub;
import io.sealedkv.engine.tracking.Tracking;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigException;
import io.sealedkv.engine.config.ConfigParameter;
import io.sealedkv.engine.keys.CountingCodec;
import io.sealedkv.engine.keys.Rewrap;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.persistence.Persistence;
import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.engine.resp.ProtocolLimits;
import io.sealedkv.engine.resp.RespDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running SealedKV server: the listening sockets, the network threads, the keyspace and the cron.
 *
 * <p>Transport: io_uring where the kernel offers it, else epoll, else NIO ({@link Transport}, {@code
 * io-transport}). {@code io-threads} network threads (by default three quarters of the cores, at least one; see
 * {@code Config}) each own a share of the connections and run their commands themselves (see {@link Keyspace} for
 * how that stays atomic); one more thread accepts them, so that a command that moves the listeners (CONFIG SET
 * port or bind) can wait for that thread. Port 0 picks a
 * free port (for tests); {@link #port()} tells which. With a {@code tls-port}, a second listener speaks TLS
 * ({@link TlsContexts})
 * and {@code port 0} means TLS only, as in Redis.
 */
public final class SealedKvServer implements AutoCloseable {
    /** The Redis version whose behaviour SealedKV follows, reported by HELLO and INFO for clients that check it. */
    public static final String REDIS_VERSION = "7.0.15";
    private static final Logger LOG = LoggerFactory.getLogger(SealedKvServer.class);
    private static final String TLS_UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";

    private final Config config;
    /** Read before every command (eviction), so looked up by name once. */
    private final ConfigParameter maxmemory;
    private final CountingCodec codec;
    private final ServerKeystore keystore;
    private final Rewrap rewrap;
    private final Keyspace keyspace;
    private final CommandTable commands;
    /**
     * The memory counted for an empty server (used_memory_startup), close to Redis's, so a maxmemory
     * below it refuses writes as Redis does and limits carry over from Redis configurations.
     */
    public static final long STARTUP_MEMORY = 1024 * 1024;

    private final Dispatcher dispatcher;
    private final Acl acl;
    private final TransactionExecutor transactions;
    private final PubSub pubSub;
    private final EventPublisher eventPublisher;
    private final Tracking tracking;
    private final ClientPause clientPause = new ClientPause();
    private final Monitoring monitoring;
    private final Persistence persistence;
    private final ClientRegistry clients = new ClientRegistry();
    private final BlockedClients blockedClients;
    private final ServerStats stats = new ServerStats();
    private final long startMillis = System.currentTimeMillis();
    private final String runId = randomHex();
    private final String replicationId = randomHex();
    private volatile List<Channel> listeners = List.of();
    /** What the plain listeners were opened for; changed only by CONFIG SET port or bind. */
    private volatile Listening listening;
    private List<Channel> tlsListeners = List.of();
    private volatile TlsContexts tls;
    private List<Channel> metricsListeners = List.of();
    private MetricsEndpoint metrics;
    private ServerBootstrap bootstrap;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private ServerCron cron;
    private Transport transport;

    private SealedKvServer(Config config, ValueCodec codec, ServerKeystore keystore) {
        this.config = config;
        this.maxmemory = config.parameter("maxmemory");
        this.keystore = keystore;
        this.codec = new CountingCodec(codec, keystore != null ? keystore.guard() : null);
        this.keyspace = new Keyspace(config.intValue("databases"));
        this.rewrap = new Rewrap(keyspace, this.codec, () -> config.longValue("rewrap-keys-per-second"));
        this.blockedClients = new BlockedClients(keyspace);
        keyspace.writes().addKeyspaceListener(blockedClients);
        trackAccessAsConfigured();
        for (String name : List.of("maxmemory", "maxmemory-policy", "lfu-log-factor", "lfu-decay-time")) {
            config.parameter(name).onChange(value -> trackAccessAsConfigured());
        }
        this.commands = Commands.all();
        this.acl = new Acl(config, commands);
        this.dispatcher = new Dispatcher(commands, this);
        this.transactions = new TransactionExecutor(this, dispatcher);
        this.pubSub = new PubSub(config::currentOutputLimits);
        this.eventPublisher = new EventPublisher(pubSub);
        keyspace.events().sink(eventPublisher);
        keyspace.events().configure((KeyspaceEvents.Classes) config.parameter("notify-keyspace-events").value());
        config.parameter("notify-keyspace-events")
                .onChange(value -> keyspace.events().configure((KeyspaceEvents.Classes) value));
        this.tracking = new Tracking(clients::byId, eventPublisher::running,
                () -> config.longValue("tracking-table-max-keys"), config::currentOutputLimits);
        keyspace.writes().addKeyspaceListener(tracking);
        keyspace.pausedBy(clientPause::paused);
        this.monitoring = new Monitoring(config);
        this.persistence = new Persistence(config, keyspace, this.codec, () -> keystore == null || keystore.available(),
                startMillis);
    }

    private void trackAccessAsConfigured() {
        String policy = config.stringValue("maxmemory-policy");
        boolean perKey = config.longValue("maxmemory") != 0 && (policy.endsWith("lru") || policy.endsWith("lfu"));
        keyspace.access().configure(policy.endsWith("lfu"), perKey,
                config.longValue("lfu-log-factor"), config.longValue("lfu-decay-time"));
    }

    /**
     * Loads the snapshot file, if any, then starts listening on the configured addresses and port.
     *
     * @throws IllegalStateException when the snapshot does not verify (the cause is the
     *     {@link SnapshotException} naming what failed) or a listener cannot be opened
     */
    public static SealedKvServer start(Config config, ValueCodec codec) throws InterruptedException {
        return start(config, codec, null);
    }

    /**
     * As {@link #start(Config, ValueCodec)}, for a {@code codec} that seals with {@code keystore}: its
     * versions then show in INFO {@code sealedkv}, and SEALEDKV KEYSTORE works on it.
     */
    public static SealedKvServer start(Config config, ValueCodec codec, ServerKeystore keystore)
            throws InterruptedException {
        SealedKvServer server = new SealedKvServer(config, codec, keystore);
        server.acl.loadAtStartup();
        try {
            server.persistence.load();
        } catch (SnapshotException e) {
            throw new IllegalStateException("refusing to start with the snapshot: " + e.getMessage(), e);
        }
        server.listen();
        return server;
    }

    private void listen() throws InterruptedException {
        transport = Transport.chosen(config.stringValue("io-transport"));
        acceptors = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        workers = new MultiThreadIoEventLoopGroup(config.intValue("io-threads"), transport.ioHandlers());
        tls = config.intValue("tls-port") == 0 ? null : TlsContexts.fromConfig(config);
        bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, config.intValue("tcp-backlog"))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // RequestHandler closes once it has answered
                .childHandler(connections(false));
        int port = config.intValue("port");
        try {
            if (port != 0 || tls == null) {
                listeners = open(bootstrap, config.stringValue("bind"), port);
            }
            if (tls != null) {
                tlsListeners = open(tlsBootstrap(), config.stringValue("bind"), config.intValue("tls-port"));
            }
            openMetrics();
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        if (port == 0 && tls == null) {
            config.set(List.of(Map.entry("port", String.valueOf(port()))), true);
        }
        listening = new Listening(config.intValue("port"), config.stringValue("bind"));
        config.parameter("port").onChange(value -> rebind(new Listening((int) (long) (Long) value, listening.bind()),
                "Unable to listen on this port"));
        config.parameter("bind").onChange(value -> rebind(new Listening(listening.port(), (String) value),
                "Failed to bind to specified addresses."));
        config.afterChangeOf("tls-", this::reconfigureTls);
        cron = new ServerCron(this);
        cron.start();
        LOG.info("Listening on {} ({} transport, {} network threads)", describeListeners(),
                transport.configName(), config.intValue("io-threads"));
    }

    private ServerBootstrap tlsBootstrap() {
        return bootstrap.clone().childHandler(connections(true));
    }

    /**
     * CONFIG SET of any tls-* parameter: a new TLS context from the whole configuration, then the TLS
     * listeners moved if tls-port changed (new sockets open before the old ones close). All or nothing:
     * on failure the current context and listeners stay. Connections already open keep their session.
     */
    private void reconfigureTls() {
        int tlsPort = config.intValue("tls-port");
        if (tlsPort == 0) {
            tlsListeners.forEach(channel -> channel.close().syncUninterruptibly());
            tlsListeners = List.of();
            return;
        }
        TlsContexts next;
        try {
            next = TlsContexts.fromConfig(config);
        } catch (IllegalStateException e) {
            LOG.warn("Keeping the current TLS configuration: {}", e.getMessage());
            throw new ConfigException(TLS_UPDATE_FAILED);
        }
        TlsContexts current = tls;
        tls = next;
        if (tlsPort != tlsPort()) {
            try {
                tlsListeners = replaced(tlsListeners, tlsBootstrap(), config.stringValue("bind"), tlsPort,
                        TLS_UPDATE_FAILED);
            } catch (ConfigException e) {
                tls = current;
                throw e;
            }
            LOG.info("Now listening on {}", describeListeners());
        }
    }

    /** The pipeline of a new connection: TLS first on a TLS listener, then the RESP decoder and the request handler. */
    private ChannelInitializer<SocketChannel> connections(boolean overTls) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                applyKeepalive(channel);
                ClientSession session = new ClientSession(clients.nextId(), channel, SealedKvServer.this,
                        defaultUserHasNoPassword());
                if (overTls) {
                    channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                }
                channel.pipeline()
                        .addLast(new InputCounter(stats))
                        .addLast(new RespDecoder(limits(session)))
                        .addLast(new RequestHandler(SealedKvServer.this, session));
            }
        };
    }

    /** The Prometheus endpoint on {@code metrics-port} (0: none), on the addresses of {@code bind}. */
    private void openMetrics() {
        int metricsPort = config.intValue("metrics-port");
        if (metricsPort == 0) {
            return;
        }
        metrics = new MetricsEndpoint(this);
        metricsListeners = open(metrics.bootstrap(), config.stringValue("bind"), metricsPort);
        LOG.info("Serving Prometheus metrics on port {}", metricsPort);
    }

    /** tcp-keepalive as it is when the connection arrives, so CONFIG SET applies to new connections as in Redis. */
    private void applyKeepalive(SocketChannel channel) {
        long keepalive = config.longValue("tcp-keepalive");
        channel.config().setOption(ChannelOption.SO_KEEPALIVE, keepalive > 0);
        if (keepalive > 0) {
            transport.keepaliveTiming(channel, (int) keepalive);
        }
    }

    /**
     * Listens on every address of {@code bind} (a leading {@code -} marks one that may be missing);
     * all or nothing: on failure the sockets opened so far are closed again.
     */
    private List<Channel> open(ServerBootstrap bootstrap, String bind, int port) {
        List<Channel> opened = new ArrayList<>();
        for (String address : bind.trim().split("\\s+")) {
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            String resolved = switch (host) {
                case "*" -> "0.0.0.0";
                case "::*" -> "::";
                default -> host;
            };
            try {
                opened.add(bootstrap.bind(new InetSocketAddress(InetAddress.getByName(resolved), port))
                        .syncUninterruptibly().channel());
            } catch (Exception e) {
                if (!optional) {
                    opened.forEach(channel -> channel.close().syncUninterruptibly());
                    throw new IllegalStateException("could not bind " + host + ":" + port + ": " + e.getMessage(), e);
                }
                LOG.debug("Skipping optional bind address {}: {}", host, e.toString());
            }
        }
        if (opened.isEmpty()) {
            throw new IllegalStateException("could not bind any of: " + bind);
        }
        return List.copyOf(opened);
    }

    /**
     * CONFIG SET port or bind: the new sockets are opened before the old ones close; the values already
     * configured are nothing to do (as Redis applies a parameter only when it changes).
     */
    private void rebind(Listening wanted, String failure) {
        if (wanted.equals(listening)) {
            return;
        }
        listeners = replaced(listeners, bootstrap, wanted.bind(), wanted.port(), failure);
        listening = wanted;
        LOG.info("Now listening on {}", describeListeners());
    }

    /** The port and bind addresses the plain listeners were opened for, as configured (port 0: any free one). */
    private record Listening(int port, String bind) {
    }

    /**
     * Listeners on {@code bind}:{@code port} in place of {@code previous}: the new sockets open before the
     * old ones close; if they cannot, {@code previous} stay and CONFIG SET gets {@code failure}.
     */
    private List<Channel> replaced(List<Channel> previous, ServerBootstrap from, String bind, int port, String failure) {
        List<Channel> opened;
        try {
            opened = open(from, bind, port);
        } catch (IllegalStateException e) {
            LOG.warn("Keeping the current listeners: {}", e.getMessage());
            throw new ConfigException(failure);
        }
        previous.forEach(channel -> channel.close().syncUninterruptibly());
        return opened;
    }

    private String describeListeners() {
        List<String> addresses = new ArrayList<>();
        for (Channel channel : listeners) {
            InetSocketAddress address = (InetSocketAddress) channel.localAddress();
            addresses.add(address.getAddress().getHostAddress() + ":" + address.getPort());
        }
        for (Channel channel : tlsListeners) {
            InetSocketAddress address = (InetSocketAddress) channel.localAddress();
            addresses.add(address.getAddress().getHostAddress() + ":" + address.getPort() + " (TLS)");
        }
        return String.join(", ", addresses);
    }

    private ProtocolLimits limits(ClientSession session) {
        ConfigParameter maxBulk = config.parameter("proto-max-bulk-len");
        ConfigParameter queryBuffer = config.parameter("client-query-buffer-limit");
        return new ProtocolLimits() {
            @Override
            public long maxBulkLength() {
                return (Long) maxBulk.value();
            }

            @Override
            public long queryBufferLimit() {
                return (Long) queryBuffer.value();
            }

            @Override
            public boolean authenticated() {
                return session.authenticated();
            }
        };
    }

    /** Registers a new connection, or says why it is refused (protected mode, maxclients). */
    String admit(ClientSession session) {
        if (ProtectedMode.refuses(config.boolValue("protected-mode"), defaultUserHasNoPassword(),
                (InetSocketAddress) session.channel().remoteAddress())) {
            LOG.debug("Refusing {}: protected mode", session.address());
            return ProtectedMode.DENIED;
        }
        if (!clients.tryAdd(session, config.longValue("maxclients"))) {
            return "ERR max number of clients reached";
        }
        return null;
    }

    /** The ACL users and the permission check. */
    public Acl acl() {
        return acl;
    }

    /** The one condition protected mode depends on besides the switch: the default user needs no password. */
    boolean defaultUserHasNoPassword() {
        return !acl.defaultUserRequiresPassword();
    }

    public String requirePass() {
        return config.stringValue("requirepass");
    }

    /**
     * What {@code maxmemory} limits: the estimated cost of the keys and values plus a fixed
     * {@link #STARTUP_MEMORY}, not the JVM's whole heap.
     */
    public long usedMemory() {
        return STARTUP_MEMORY + keyspace.usedMemory();
    }

    /** The direct memory of the string values' pages (INFO's {@code used_memory_value_arena}). */
    public long valueArenaBytes() {
        return keyspace.valueArenaBytes();
    }

    /** True when {@code maxmemory} is set. */
    boolean memoryLimited() {
        return (Long) maxmemory.value() > 0;
    }

    /** Evicts what the policy allows while over {@code maxmemory}; true when still over it. */
    boolean overMaxmemoryAfterEviction() {
        long max = (Long) maxmemory.value();
        return max > 0 && usedMemory() > max && !keyspace.evictUntil(max - STARTUP_MEMORY,
                config.stringValue("maxmemory-policy"), config.intValue("maxmemory-samples"));
    }

    /** The port the first plaintext listener is bound to; 0 when only TLS is served ({@code port 0} with a {@code tls-port}). */
    public int port() {
        List<Channel> current = listeners;
        return current.isEmpty() ? 0 : ((InetSocketAddress) current.get(0).localAddress()).getPort();
    }

    /** The port of the TLS listener, 0 when there is none. */
    public int tlsPort() {
        return tlsListeners.isEmpty() ? 0 : ((InetSocketAddress) tlsListeners.get(0).localAddress()).getPort();
    }

    public Config config() {
        return config;
    }

    /** The codec every seal and open goes through, with its counters. */
    public CountingCodec codec() {
        return codec;
    }

    /** The keystore the codec seals with, or null when the server was started without one. */
    public ServerKeystore keystore() {
        return keystore;
    }

    public Rewrap rewrap() {
        return rewrap;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public Persistence persistence() {
        return persistence;
    }

    public CommandTable commands() {
        return commands;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /**
     * The final save of SHUTDOWN or SIGTERM, with writes held from just before it (CLIENT PAUSE WRITE), so that
     * no write is acknowledged after the save and then lost with the process; released if the save fails.
     */
    public boolean saveForShutdown() {
        clientPause.pause(Long.MAX_VALUE, false);
        boolean saved = persistence.saveForShutdown();
        if (!saved) {
            clientPause.unpause();
        }
        return saved;
    }

    /** CLIENT PAUSE and UNPAUSE. */
    public ClientPause clientPause() {
        return clientPause;
    }

    /** Client-side caching: CLIENT TRACKING and its invalidations. */
    public Tracking tracking() {
        return tracking;
    }

    /** Publishes keyspace notifications; knows which connection's command holds the keyspace lock. */
    public EventPublisher eventPublisher() {
        return eventPublisher;
    }

    public PubSub pubSub() {
        return pubSub;
    }

    /** Runs the client's queued transaction (EXEC). */
    public void exec(CommandContext context) {
        transactions.exec(context);
    }

    /** Ends the client's transaction, if any, and forgets its watched keys (DISCARD, RESET, disconnect). */
    public void endTransaction(ClientSession session) {
        session.transaction().discard();
        TransactionExecutor.unwatch(keyspace, session.transaction());
    }

    public ClientRegistry clients() {
        return clients;
    }

    /** The clients blocked on keys (BLPOP, BLMOVE, ...). */
    public BlockedClients blockedClients() {
        return blockedClients;
    }

    public ServerStats stats() {
        return stats;
    }

    public long startMillis() {
        return startMillis;
    }

    /** This run's random identity (INFO's run_id), 40 hex digits as Redis's. */
    public String runId() {
        return runId;
    }

    /** The replication id INFO reports: a master without replicas has one all the same, as Redis. */
    public String replicationId() {
        return replicationId;
    }

    /** The network transport's name, as INFO's multiplexing_api gives it: io_uring, epoll or nio. */
    public String multiplexingApi() {
        return transport.configName();
    }

    /** True once {@link #close()} has begun. */
    public boolean stopped() {
        return stopped.get();
    }

    /** Stops accepting, closes every connection and the network threads; idempotent. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (cron != null) {
            cron.stop();
        }
        for (Channel channel : listeners) {
            channel.close().syncUninterruptibly();
        }
        tlsListeners.forEach(channel -> channel.close().syncUninterruptibly());
        metricsListeners.forEach(channel -> channel.close().syncUninterruptibly());
        if (metrics != null) {
            metrics.close();
        }
        for (ClientSession session : clients.all()) {
            session.channel().close();
        }
        try {
            rewrap.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        LOG.info("SealedKV is now ready to exit, bye bye...");
        terminated.countDown();
    }

    /** Stops the server from a command's thread: the network threads cannot wait for themselves. */
    public void closeAsync() {
        Thread stopper = new Thread(this::close, "sealedkv-shutdown");
        stopper.start();
    }

    /** Blocks until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Counts bytes read from clients for INFO. */
    private static final class InputCounter extends ChannelInboundHandlerAdapter {
        private final ServerStats stats;

        InputCounter(ServerStats stats) {
            this.stats = stats;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buffer) {
                stats.input(buffer.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
