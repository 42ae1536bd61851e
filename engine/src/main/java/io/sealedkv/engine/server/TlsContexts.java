package io.sealedkv.engine.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.sealedkv.engine.config.Config;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the {@code tls-port} listener, built once at startup from the {@code tls-*}
 * parameters with the JDK's TLS provider: certificate chain and key from PEM files (the key in
 * PKCS#8, optionally encrypted with {@code tls-key-file-pass}), client certificates checked against
 * {@code tls-ca-cert-file} and every certificate file in {@code tls-ca-cert-dir} when
 * {@code tls-auth-clients} is {@code yes} (required) or {@code optional}. Any problem stops the
 * server with a message naming the parameter, before a socket is opened.
 */
final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final String FAILED = "Failed to configure TLS: ";

    private final SslContext context;
    private final boolean preferServerCiphers;
    private final boolean sessionCaching;

    private TlsContexts(SslContext context, boolean preferServerCiphers, boolean sessionCaching) {
        this.context = context;
        this.preferServerCiphers = preferServerCiphers;
        this.sessionCaching = sessionCaching;
    }

    /**
     * The TLS settings of {@code config}.
     *
     * @throws IllegalStateException naming what is missing or unreadable
     */
    static TlsContexts fromConfig(Config config) {
        String certFile = config.stringValue("tls-cert-file");
        String keyFile = config.stringValue("tls-key-file");
        if (certFile.isEmpty()) {
            throw new IllegalStateException(FAILED + "No tls-cert-file configured!");
        }
        if (keyFile.isEmpty()) {
            throw new IllegalStateException(FAILED + "No tls-key-file configured!");
        }
        String password = config.stringValue("tls-key-file-pass");
        File certificate = readable("tls-cert-file", certFile);
        File key = readable("tls-key-file", keyFile);
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(certificate, key, password.isEmpty() ? null : password);
        } catch (IllegalArgumentException e) {
            throw failure(e, keyFile);
        }
        builder.sslProvider(SslProvider.JDK)
                .protocols(config.stringValue("tls-protocols").split(" "))
                .clientAuth(clientAuth(config.stringValue("tls-auth-clients")));
        if (!config.stringValue("tls-auth-clients").equals("no")) {
            builder.trustManager(trustedCertificates(config));
        }
        List<String> ciphers = enabledCiphers(config.stringValue("tls-ciphers"), config.stringValue("tls-ciphersuites"));
        if (ciphers != null) {
            builder.ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE);
        }
        boolean caching = config.boolValue("tls-session-caching");
        if (caching) {
            builder.sessionCacheSize(config.longValue("tls-session-cache-size"))
                    .sessionTimeout(config.longValue("tls-session-cache-timeout"));
        } else if (!"false".equals(System.getProperty("jdk.tls.server.enableSessionTicketExtension"))) {
            LOG.warn("tls-session-caching no keeps no session on the server, but the JVM still resumes sessions "
                    + "from stateless tickets unless started with -Djdk.tls.server.enableSessionTicketExtension=false");
        }
        try {
            SslContext context = builder.build();
            if (!TlsKeyPairProbe.matches(certificate, key, password.isEmpty() ? null : password)) {
                throw new IllegalStateException(FAILED + "Failed to load private key: " + keyFile
                        + ": key values mismatch (it is not the key of the certificate in " + certFile + ")");
            }
            return new TlsContexts(context, config.boolValue("tls-prefer-server-ciphers"), caching);
        } catch (SSLException | IllegalArgumentException e) {
            throw failure(e, keyFile);
        }
    }

    /** A handler for one new connection; the handshake starts when the client speaks. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setUseCipherSuitesOrder(preferServerCiphers);
        engine.setSSLParameters(parameters);
        if (!sessionCaching) {
            handler.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    engine.getSession().invalidate();
                }
            });
        }
        return handler;
    }

    private static File readable(String parameter, String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException(FAILED + parameter + " '" + path + "' is not a readable file");
        }
        return file.toFile();
    }

    private static ClientAuth clientAuth(String setting) {
        return switch (setting) {
            case "yes" -> ClientAuth.REQUIRE;
            case "optional" -> ClientAuth.OPTIONAL;
            default -> ClientAuth.NONE;
        };
    }

    /** The certificates of tls-ca-cert-file and of every file in tls-ca-cert-dir that holds some. */
    private static X509Certificate[] trustedCertificates(Config config) {
        String caFile = config.stringValue("tls-ca-cert-file");
        String caDir = config.stringValue("tls-ca-cert-dir");
        if (caFile.isEmpty() && caDir.isEmpty()) {
            throw new IllegalStateException(FAILED + "Either tls-ca-cert-file or tls-ca-cert-dir must be specified "
                    + "when tls-cluster, tls-replication or tls-auth-clients are enabled!");
        }
        List<X509Certificate> trusted = new ArrayList<>();
        if (!caFile.isEmpty()) {
            List<X509Certificate> certificates = certificates(readable("tls-ca-cert-file", caFile).toPath());
            if (certificates.isEmpty()) {
                throw new IllegalStateException(FAILED + "tls-ca-cert-file '" + caFile + "' holds no certificate");
            }
            trusted.addAll(certificates);
        }
        if (!caDir.isEmpty()) {
            trusted.addAll(directoryCertificates(caDir));
        }
        return trusted.toArray(X509Certificate[]::new);
    }

    private static List<X509Certificate> directoryCertificates(String caDir) {
        Path dir = Path.of(caDir);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(FAILED + "tls-ca-cert-dir '" + caDir + "' is not a directory");
        }
        List<X509Certificate> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    found.addAll(certificates(file));
                } catch (IllegalStateException e) {
                    LOG.debug("Skipping {} in tls-ca-cert-dir: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(FAILED + "cannot list tls-ca-cert-dir '" + caDir + "': " + e, e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException(FAILED + "tls-ca-cert-dir '" + caDir + "' holds no certificate");
        }
        return found;
    }

    private static List<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(FAILED + "cannot read certificates from '" + file + "': " + describe(e), e);
        }
    }

    /**
     * TLS 1.2 ciphers from {@code tls-ciphers} and TLS 1.3 suites from {@code tls-ciphersuites}, each
     * falling back to the JDK's defaults for its protocol; null when neither is set (JDK defaults).
     */
    static List<String> enabledCiphers(String tls12, String tls13) {
        if (tls12.isBlank() && tls13.isBlank()) {
            return null;
        }
        Set<String> supported;
        String[] defaults;
        try {
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(null, null, null);
            supported = Set.of(jdk.getSupportedSSLParameters().getCipherSuites());
            defaults = jdk.getDefaultSSLParameters().getCipherSuites();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(FAILED + "the JDK's TLS provider is unavailable: " + e, e);
        }
        Set<String> enabled = new LinkedHashSet<>();
        enabled.addAll(tls13.isBlank() ? Arrays.stream(defaults).filter(TlsContexts::isTls13).toList()
                : named("tls-ciphersuites", tls13, supported));
        enabled.addAll(tls12.isBlank() ? Arrays.stream(defaults).filter(c -> !isTls13(c)).toList()
                : named("tls-ciphers", tls12, supported));
        return List.copyOf(enabled);
    }

    private static boolean isTls13(String javaName) {
        return javaName.startsWith("TLS_AES_") || javaName.startsWith("TLS_CHACHA20_");
    }

    private static List<String> named(String parameter, String list, Set<String> supported) {
        List<String> names = new ArrayList<>();
        for (String name : list.trim().split("[:,\\s]+")) {
            String upper = name.toUpperCase(Locale.ROOT);
            String javaName = upper.startsWith("TLS_") || upper.startsWith("SSL_") ? upper
                    : CipherSuiteConverter.toJava(name, "TLS");
            if (javaName == null || !supported.contains(javaName)) {
                throw new IllegalStateException(FAILED + parameter + ": unknown or unsupported cipher '" + name
                        + "' (give cipher names separated by ':'; OpenSSL's cipher-string keywords are not supported)");
            }
            names.add(javaName);
        }
        return names;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static IllegalStateException failure(Exception e, String keyFile) {
        String detail = describe(e);
        return new IllegalStateException(FAILED + detail + (detail.contains("private key") ? keyHint(keyFile) : ""), e);
    }

    private static String keyHint(String keyFile) {
        return " (tls-key-file '" + keyFile + "' must be a PEM private key in PKCS#8; convert a traditional "
                + "RSA or EC key with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key)";
    }
}
