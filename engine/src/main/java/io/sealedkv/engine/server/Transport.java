package io.sealedkv.engine.server;

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

/**
 * The network transport, as {@code io-transport} names it: {@code auto} (the default) takes io_uring where the
 * kernel offers it, else epoll, else NIO; a named one must be available, or the server refuses to start.
 * io_uring hands a network thread's reads and writes to the kernel in batches, one system call for many
 * connections: pipelined, it costs 8-28 % less CPU per request than epoll (BENCHMARKS.md, session 22).
 */
enum Transport {
    IO_URING("io_uring") {
        /**
         * Netty's default ring of 4096 entries keeps ~400 KB resident per event loop (it zeroes every entry
         * at start); Netty submits a full ring and goes on filling it, so a smaller one limits no connection
         * count, it only batches at most this many operations per system call.
         */
        private static final int RING_ENTRIES = 256;

        @Override
        Throwable unavailabilityCause() {
            return IoUring.unavailabilityCause();
        }

        @Override
        IoHandlerFactory ioHandlers() {
            return IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setRingSize(RING_ENTRIES));
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return IoUringServerSocketChannel.class;
        }

        @Override
        void keepaliveTiming(SocketChannel channel, int idleSeconds) {
            channel.config().setOption(IoUringChannelOption.TCP_KEEPIDLE, idleSeconds);
            channel.config().setOption(IoUringChannelOption.TCP_KEEPINTVL, probeInterval(idleSeconds));
        }
    },
    EPOLL("epoll") {
        @Override
        Throwable unavailabilityCause() {
            return Epoll.unavailabilityCause();
        }

        @Override
        IoHandlerFactory ioHandlers() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        void keepaliveTiming(SocketChannel channel, int idleSeconds) {
            channel.config().setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds);
            channel.config().setOption(EpollChannelOption.TCP_KEEPINTVL, probeInterval(idleSeconds));
        }
    },
    /** The JDK's selector: everywhere. */
    NIO("nio") {
        @Override
        Throwable unavailabilityCause() {
            return null;
        }

        @Override
        IoHandlerFactory ioHandlers() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        void keepaliveTiming(SocketChannel channel, int idleSeconds) {
            // The JDK's selector channels take the system's keepalive timing.
        }
    };

    /** The {@code io-transport} values: {@code auto} and each transport's name. */
    static final String AUTO = "auto";

    private final String configName;

    Transport(String configName) {
        this.configName = configName;
    }

    /** The name {@code io-transport} and INFO's {@code multiplexing_api} give it. */
    String configName() {
        return configName;
    }

    /** Why it cannot run here, or null when it can. */
    abstract Throwable unavailabilityCause();

    abstract IoHandlerFactory ioHandlers();

    abstract Class<? extends ServerChannel> serverChannel();

    /** Sets when keepalive probes start (after {@code idleSeconds} of silence, Redis's tcp-keepalive) and their interval. */
    abstract void keepaliveTiming(SocketChannel channel, int idleSeconds);

    /** Redis probes every third of the idle time. */
    private static int probeInterval(int idleSeconds) {
        return Math.max(1, idleSeconds / 3);
    }

    /**
     * The transport {@code setting} (an {@code io-transport} value) asks for.
     *
     * @throws IllegalStateException if it names one that cannot run here, with the reason
     */
    static Transport chosen(String setting) {
        for (Transport transport : values()) {
            boolean available = transport.unavailabilityCause() == null;
            if (setting.equals(transport.configName)) {
                if (!available) {
                    throw new IllegalStateException("io-transport " + setting + " is not available here: "
                            + transport.unavailabilityCause());
                }
                return transport;
            }
            if (setting.equals(AUTO) && available) {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown io-transport " + setting);
    }
}
