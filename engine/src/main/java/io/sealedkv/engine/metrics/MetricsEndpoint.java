package io.sealedkv.engine.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sealedkv.engine.server.SealedKvServer;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of {@code metrics-port}: one network thread of its own (a scrape never waits behind
 * client traffic on the network threads, only for the keyspace lock while the keys per database are
 * counted) serving {@link PrometheusText} through {@link MetricsHttpHandler}.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ServerBootstrap bootstrap;

    public MetricsEndpoint(SealedKvServer server) {
        bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new MetricsHttpHandler(() -> PrometheusText.render(server)));
                    }
                });
    }

    /** The bootstrap the server binds to each of its {@code bind} addresses. */
    public ServerBootstrap bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
