package io.sealedkv.engine.server;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Proves that a certificate and a private key belong together, as OpenSSL's
 * {@code SSL_CTX_check_private_key} does for Redis: the JDK's TLS provider accepts a mismatched pair
 * and only every handshake fails later. The proof is a TLS handshake in memory between a server
 * holding the pair and a client that trusts any certificate but checks the server's signature with
 * the certificate's public key.
 */
final class TlsKeyPairProbe {
    private static final int MAX_ROUNDS = 64;

    private TlsKeyPairProbe() {
    }

    /** True when a handshake with {@code certificate} and {@code key} completes. */
    static boolean matches(File certificate, File key, String password) throws SSLException {
        SslContext server = SslContextBuilder.forServer(certificate, key, password).sslProvider(SslProvider.JDK).build();
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        SSLEngine serverEngine = server.newEngine(UnpooledByteBufAllocator.DEFAULT);
        SSLEngine clientEngine = client.newEngine(UnpooledByteBufAllocator.DEFAULT);
        try {
            return handshake(clientEngine, serverEngine);
        } catch (SSLException e) {
            return false;
        } finally {
            serverEngine.closeOutbound();
            clientEngine.closeOutbound();
        }
    }

    private static boolean handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int application = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet);
        ByteBuffer toClient = ByteBuffer.allocate(packet);
        ByteBuffer received = ByteBuffer.allocate(application);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (finished(client) && finished(server)) {
                return true;
            }
            step(client, server, toServer, received);
            step(server, client, toClient, received);
        }
        return false;
    }

    /** Lets {@code from} write what it has to send and {@code to} read it. */
    private static void step(SSLEngine from, SSLEngine to, ByteBuffer wire, ByteBuffer received) throws SSLException {
        from.wrap(ByteBuffer.allocate(0), wire);
        runTasks(from);
        wire.flip();
        while (wire.hasRemaining()) {
            received.clear();
            int before = wire.remaining();
            to.unwrap(wire, received);
            runTasks(to);
            if (wire.remaining() == before) {
                break;
            }
        }
        wire.compact();
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
