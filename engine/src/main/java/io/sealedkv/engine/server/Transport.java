package io.sealedkv.engine.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.function.Supplier;

/**
 * The network transport, as {@code io-transport} names it: {@code auto} (the default) takes io_uring where the
 * kernel offers it, else epoll, else NIO; a named one must be available, or the server refuses to start.
 * io_uring hands a network thread's reads and writes to the kernel in batches, one system call for many
 * connections: pipelined, it costs 8-28 % less CPU per request than epoll (BENCHMARKS.md, session 22).
 */
enum Transport {
    IO_URING("io_uring", IoUring::unavailabilityCause, Transport::ioUringHandlers, IoUringServerSocketChannel.class,
            IoUringChannelOption.TCP_KEEPIDLE, IoUringChannelOption.TCP_KEEPINTVL),
    EPOLL("epoll", Epoll::unavailabilityCause, EpollIoHandler::newFactory, EpollServerSocketChannel.class,
            EpollChannelOption.TCP_KEEPIDLE, EpollChannelOption.TCP_KEEPINTVL),
    /** The JDK's selector: everywhere, with the system's keepalive timing. */
    NIO("nio", () -> null, NioIoHandler::newFactory, NioServerSocketChannel.class, null, null);

    /**
     * Netty's default ring of 4096 entries keeps ~400 KB resident per event loop (it zeroes every entry at
     * start); Netty submits a full ring and goes on filling it, so a smaller one limits no connection count,
     * it only batches at most this many operations per system call.
     */
    private static final int RING_ENTRIES = 256;

    /** The {@code io-transport} value that takes the first transport available here, in declaration order. */
    static final String AUTO = "auto";

    private final String configName;
    private final Supplier<Throwable> unavailabilityCause;
    private final Supplier<IoHandlerFactory> ioHandlers;
    private final Class<? extends ServerChannel> serverChannel;
    private final ChannelOption<Integer> keepaliveIdle;
    private final ChannelOption<Integer> keepaliveInterval;

    Transport(String configName, Supplier<Throwable> unavailabilityCause, Supplier<IoHandlerFactory> ioHandlers,
            Class<? extends ServerChannel> serverChannel, ChannelOption<Integer> keepaliveIdle,
            ChannelOption<Integer> keepaliveInterval) {
        this.configName = configName;
        this.unavailabilityCause = unavailabilityCause;
        this.ioHandlers = ioHandlers;
        this.serverChannel = serverChannel;
        this.keepaliveIdle = keepaliveIdle;
        this.keepaliveInterval = keepaliveInterval;
    }

    private static IoHandlerFactory ioUringHandlers() {
        return IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setRingSize(RING_ENTRIES));
    }

    /** The name {@code io-transport} and INFO's {@code multiplexing_api} give it. */
    String configName() {
        return configName;
    }

    /** Why it cannot run here, or null when it can. */
    Throwable unavailabilityCause() {
        return unavailabilityCause.get();
    }

    IoHandlerFactory ioHandlers() {
        return ioHandlers.get();
    }

    Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    /**
     * Sets when keepalive probes start (after {@code idleSeconds} of silence, Redis's tcp-keepalive) and their
     * interval (a third of that, as Redis), where the transport can.
     */
    void keepaliveTiming(SocketChannel channel, int idleSeconds) {
        if (keepaliveIdle != null) {
            channel.config().setOption(keepaliveIdle, idleSeconds);
            channel.config().setOption(keepaliveInterval, Math.max(1, idleSeconds / 3));
        }
    }

    /**
     * The transport {@code setting} (an {@code io-transport} value) asks for.
     *
     * @throws IllegalStateException if it names one that cannot run here, with the reason
     */
    static Transport chosen(String setting) {
        for (Transport transport : values()) {
            Throwable unavailable = transport.unavailabilityCause();
            if (setting.equals(transport.configName)) {
                if (unavailable != null) {
                    throw new IllegalStateException("io-transport " + setting + " is not available here: " + unavailable);
                }
                return transport;
            }
            if (setting.equals(AUTO) && unavailable == null) {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown io-transport " + setting);
    }
}
