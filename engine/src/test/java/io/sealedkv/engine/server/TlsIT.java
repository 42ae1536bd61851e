package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealedkv.engine.config.ConfigFileException;
import io.sealedkv.engine.testing.TestCertificates;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** TLS on {@code tls-port} over real sockets, with a Bouncy Castle test PKI. */
class TlsIT {
    private static TestCertificates pki;

    @BeforeAll
    static void createPki() {
        pki = TestCertificates.create();
    }

    @Test
    void jedisTalksToTheTlsPortWithTheTestCa() {
        try (TestServer server = TestServer.start(pki.serverDirectives(TestCertificates.freePort(), "no"));
             Jedis jedis = tlsJedis(server.server().tlsPort(), pki.clientContext(false))) {
            assertThat(server.port()).as("port 0 with a tls-port: TLS only").isZero();
            assertThat(jedis.set("k", "sealed over TLS")).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("sealed over TLS");
            assertThat(jedis.configGet("tls-port").get("tls-port")).isEqualTo(String.valueOf(server.server().tlsPort()));
        }
    }

    @Test
    void redisCliConnectsWithTlsAndAClientCertificate() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/redis-cli"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("redis-cli is required under CI=true");
        }
        assumeTrue(installed, "redis-cli not installed");
        try (TestServer server = TestServer.start(pki.serverDirectives(TestCertificates.freePort(), "yes"))) {
            Process cli = new ProcessBuilder("redis-cli", "--tls", "--cacert", pki.ca().toString(),
                    "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                    "-h", "127.0.0.1", "-p", String.valueOf(server.server().tlsPort()), "ECHO", "over-tls")
                    .redirectErrorStream(true).start();
            assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("over-tls");
        }
    }

    @Test
    void mutualTlsRefusesClientsWithoutACertificate() throws IOException {
        try (TestServer server = TestServer.start(pki.serverDirectives(TestCertificates.freePort(), "yes"))) {
            int port = server.server().tlsPort();
            assertThat(exchange(pki.clientContext(false), port, "PING\r\n")).as("no client certificate").isNull();
            assertThat(exchange(pki.clientContext(true), port, "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void optionalClientAuthAcceptsClientsWithAndWithoutCertificate() throws IOException {
        try (TestServer server = TestServer.start(pki.serverDirectives(TestCertificates.freePort(), "optional"))) {
            int port = server.server().tlsPort();
            assertThat(exchange(pki.clientContext(false), port, "PING\r\n")).isEqualTo("+PONG\r\n");
            assertThat(exchange(pki.clientContext(true), port, "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void tls11IsRefusedWithAProtocolVersionAlert() throws IOException {
        try (TestServer server = TestServer.start(pki.serverDirectives(TestCertificates.freePort(), "no"));
             Socket socket = new Socket("127.0.0.1", server.server().tlsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(clientHello(0x0302));
            byte[] answer = readUntilClosed(socket.getInputStream());
            assertThat(answer.length).as("an alert record, not a ServerHello").isGreaterThanOrEqualTo(7);
            assertThat(answer[0]).as("record type alert").isEqualTo((byte) 0x15);
            assertThat(answer[6]).as("protocol_version").isEqualTo((byte) 70);
        }
    }

    @Test
    void onlyTheConfiguredProtocolsAreOffered() throws IOException {
        String[] directives = withExtra(pki.serverDirectives(TestCertificates.freePort(), "no"), "tls-protocols TLSv1.3");
        try (TestServer server = TestServer.start(directives)) {
            int port = server.server().tlsPort();
            assertThat(exchange(pki.clientContext(false, "TLSv1.2"), port, "PING\r\n")).isNull();
            assertThat(exchange(pki.clientContext(false, "TLSv1.3"), port, "PING\r\n")).isEqualTo("+PONG\r\n");
        }
        assertThatThrownBy(() -> TestServer.start("tls-protocols TLSv1.1")).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("argument must be TLSv1.2 and/or TLSv1.3, not 'TLSv1.1'");
    }

    @Test
    void configuredCiphersAreTheOnesNegotiated() throws IOException {
        String[] directives = withExtra(pki.serverDirectives(TestCertificates.freePort(), "no"),
                "tls-ciphers ECDHE-ECDSA-AES256-GCM-SHA384", "tls-ciphersuites TLS_CHACHA20_POLY1305_SHA256",
                "tls-prefer-server-ciphers yes");
        try (TestServer server = TestServer.start(directives)) {
            int port = server.server().tlsPort();
            assertThat(session(pki.clientContext(false, "TLSv1.2"), port).getCipherSuite())
                    .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
            assertThat(session(pki.clientContext(false, "TLSv1.3"), port).getCipherSuite())
                    .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        }
        String[] keyword = withExtra(pki.serverDirectives(TestCertificates.freePort(), "no"), "tls-ciphers HIGH:!aNULL");
        assertThatThrownBy(() -> TestServer.start(keyword)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tls-ciphers: unknown or unsupported cipher 'HIGH'");
    }

    @Test
    void anEncryptedKeyOpensWithTlsKeyFilePass() throws IOException {
        String[] directives = withExtra(pki.serverDirectives(TestCertificates.freePort(), "no"),
                "tls-key-file " + pki.encryptedServerKey(), "tls-key-file-pass " + TestCertificates.KEY_PASSWORD);
        try (TestServer server = TestServer.start(directives)) {
            assertThat(exchange(pki.clientContext(false), server.server().tlsPort(), "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void plaintextOnTheTlsPortIsClosedWhileOtherClientsGoOn() throws IOException {
        int plainPort = TestCertificates.freePort();
        String[] directives = withExtra(pki.serverDirectives(TestCertificates.freePort(), "no"), "port " + plainPort);
        try (TestServer server = TestServer.start(directives);
             Jedis plain = new Jedis("127.0.0.1", plainPort, 5000);
             Jedis tls = tlsJedis(server.server().tlsPort(), pki.clientContext(false))) {
            assertThat(plain.set("k", "v")).isEqualTo("OK");
            try (Socket socket = new Socket("127.0.0.1", server.server().tlsPort())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(readUntilClosed(socket.getInputStream()), StandardCharsets.ISO_8859_1))
                        .doesNotContain("PONG");
            }
            assertThat(plain.get("k")).isEqualTo("v");
            assertThat(tls.get("k")).isEqualTo("v");
        }
    }

    @Test
    void missingOrBadFilesStopTheServerWithAClearMessage() throws IOException {
        int port = TestCertificates.freePort();
        assertThatThrownBy(() -> TestServer.start("tls-port " + port)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Failed to configure TLS: No tls-cert-file configured!");
        assertThatThrownBy(() -> TestServer.start(withExtra(pki.serverDirectives(port, "no"), "tls-cert-file /nonexistent/x.crt")))
                .hasMessage("Failed to configure TLS: tls-cert-file '/nonexistent/x.crt' is not a readable file");
        Path garbage = Files.writeString(pki.dir().resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TestServer.start(withExtra(pki.serverDirectives(port, "no"), "tls-key-file " + garbage)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Failed to configure TLS: ")
                .hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> TestServer.start(withExtra(pki.serverDirectives(port, "no"), "tls-cert-file " + garbage)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Failed to configure TLS: ");
        assertThatThrownBy(() -> TestServer.start(withExtra(pki.serverDirectives(port, "yes"), "tls-ca-cert-file \"\"")))
                .hasMessage("Failed to configure TLS: Either tls-ca-cert-file or tls-ca-cert-dir must be specified "
                        + "when tls-cluster, tls-replication or tls-auth-clients are enabled!");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStartAndByConfigSet() throws IOException {
        TestCertificates other = TestCertificates.create();
        int port = TestCertificates.freePort();
        assertThatThrownBy(() -> TestServer.start(withExtra(pki.serverDirectives(port, "no"), "tls-key-file " + other.serverKey())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Failed to configure TLS: Failed to load private key: " + other.serverKey()
                        + ": key values mismatch");
        try (TestServer server = TestServer.start(pki.serverDirectives(port, "no"));
             Jedis jedis = tlsJedis(port, pki.clientContext(false))) {
            assertThatThrownBy(() -> jedis.configSet("tls-key-file", other.serverKey().toString()))
                    .hasMessage("ERR CONFIG SET failed (possibly related to argument 'tls-key-file') - "
                            + "Unable to update TLS configuration. Check server logs.");
            assertThat(jedis.configGet("tls-key-file").get("tls-key-file")).isEqualTo(pki.serverKey().toString());
            assertThat(exchange(pki.clientContext(false), port, "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aCaDirectoryTrustsTheCertificatesItHolds() throws IOException {
        Path caDir = Files.createDirectories(pki.dir().resolve("cadir"));
        Files.copy(pki.ca(), caDir.resolve("ca.pem"));
        Files.writeString(caDir.resolve("README"), "not a certificate");
        String[] directives = withExtra(pki.serverDirectives(TestCertificates.freePort(), "yes"),
                "tls-ca-cert-file \"\"", "tls-ca-cert-dir " + caDir);
        try (TestServer server = TestServer.start(directives)) {
            assertThat(exchange(pki.clientContext(true), server.server().tlsPort(), "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void configSetTurnsTlsOnMovesItAndTurnsItOff() throws IOException {
        String failed = "ERR CONFIG SET failed (possibly related to argument 'tls-port') - "
                + "Unable to update TLS configuration. Check server logs.";
        int first = TestCertificates.freePort();
        try (TestServer server = TestServer.start(); Jedis jedis = new Jedis("127.0.0.1", server.port(), 30_000)) {
            assertThatThrownBy(() -> jedis.configSet("tls-port", String.valueOf(first))).hasMessage(failed);
            assertThat(jedis.configGet("tls-port").get("tls-port")).isEqualTo("0");
            Map<String, String> enable = new LinkedHashMap<>();
            enable.put("tls-cert-file", pki.serverCert().toString());
            enable.put("tls-key-file", pki.serverKey().toString());
            enable.put("tls-auth-clients", "no");
            enable.put("tls-port", String.valueOf(first));
            assertThat(jedis.configSet(enable)).isEqualTo("OK");
            assertThat(exchange(pki.clientContext(false), first, "PING\r\n")).isEqualTo("+PONG\r\n");
            int second = TestCertificates.freePort();
            assertThat(jedis.configSet("tls-port", String.valueOf(second))).isEqualTo("OK");
            assertThat(exchange(pki.clientContext(false), second, "PING\r\n")).isEqualTo("+PONG\r\n");
            assertThat(exchange(pki.clientContext(false), first, "PING\r\n")).as("old port closed").isNull();
            assertThat(jedis.configSet("tls-port", "0")).isEqualTo("OK");
            assertThat(exchange(pki.clientContext(false), second, "PING\r\n")).isNull();
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void configSetOfANewCertificateAndKeyServesNewConnectionsAndABadFileChangesNothing() throws IOException {
        TestCertificates renewed = TestCertificates.create();
        try (TestServer server = TestServer.start(pki.serverDirectives(TestCertificates.freePort(), "no"));
             Jedis jedis = tlsJedis(server.server().tlsPort(), pki.clientContext(false))) {
            int port = server.server().tlsPort();
            Map<String, String> broken = new LinkedHashMap<>();
            broken.put("tls-cert-file", renewed.serverCert().toString());
            broken.put("tls-key-file", "/nonexistent/server.key");
            assertThatThrownBy(() -> jedis.configSet(broken))
                    .hasMessage("ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - "
                            + "Unable to update TLS configuration. Check server logs.");
            assertThat(jedis.configGet("tls-cert-file").get("tls-cert-file")).isEqualTo(pki.serverCert().toString());
            assertThat(exchange(pki.clientContext(false), port, "PING\r\n")).isEqualTo("+PONG\r\n");
            assertThat(jedis.configSet(Map.of("tls-cert-file", renewed.serverCert().toString(),
                    "tls-key-file", renewed.serverKey().toString()))).isEqualTo("OK");
            assertThat(exchange(renewed.clientContext(false), port, "PING\r\n")).isEqualTo("+PONG\r\n");
            assertThat(exchange(pki.clientContext(false), port, "PING\r\n")).as("the old CA no longer verifies").isNull();
            assertThat(jedis.ping()).as("an open connection keeps its session").isEqualTo("PONG");
        }
    }

    static Jedis tlsJedis(int port, SSLContext context) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(context.getSocketFactory()).socketTimeoutMillis(30_000).build());
    }

    /** The reply to {@code request} over TLS, or null when the handshake or the connection fails. */
    private static String exchange(SSLContext context, int port, String request) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[1024];
            int n = socket.getInputStream().read(buffer);
            return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    private static SSLSession session(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read(new byte[16])).isPositive();
            return socket.getSession();
        }
    }

    private static String[] withExtra(String[] directives, String... extra) {
        List<String> all = new ArrayList<>(List.of(directives));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept the connection open");
        } catch (IOException e) {
            // a reset after the alert ends the exchange too
        }
        return out.toByteArray();
    }

    /** A minimal ClientHello offering only {@code version} (no supported_versions extension), as an old client sends. */
    private static byte[] clientHello(int version) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        int[] suites = {0xc013, 0xc009, 0x002f, 0x0035};
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 2 + suites.length * 2 + 2);
        body.putShort((short) version).put(random).put((byte) 0).putShort((short) (suites.length * 2));
        for (int suite : suites) {
            body.putShort((short) suite);
        }
        body.put((byte) 1).put((byte) 0);
        int length = body.position();
        ByteBuffer record = ByteBuffer.allocate(5 + 4 + length);
        record.put((byte) 0x16).putShort((short) 0x0301).putShort((short) (4 + length));
        record.put((byte) 1).put((byte) 0).putShort((short) length).put(body.array(), 0, length);
        return record.array();
    }
}
