package io.sealedkv.tools;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Which running server a command talks to, as redis-cli's {@code -h -p -a}. The fields carry the
 * defaults too: picocli applies {@code defaultValue} only to a group it instantiates, i.e. when one
 * of its options was given.
 */
final class ServerOptions {
    @Option(names = {"-u", "--uri"}, paramLabel = "URI",
            description = "redis://[[user]:password@]host[:port], instead of --host/--port/--password.")
    URI uri;

    @Option(names = "--host", paramLabel = "HOST", description = "Server host (default ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default ${DEFAULT-VALUE}).",
            defaultValue = "6379")
    int port = 6379;

    @Option(names = {"-a", "--password"}, paramLabel = "PASSWORD", description = "Password for AUTH; as with"
            + " redis-cli -a, it shows in ps and shell history: prefer the environment variable REDISCLI_AUTH.")
    String password;

    String host() {
        return uri != null ? uri.getHost() : host;
    }

    int port() {
        return uri != null ? (uri.getPort() < 0 ? 6379 : uri.getPort()) : port;
    }

    /** {@code host:port}, for messages. */
    String address() {
        return host() + ":" + port();
    }

    Jedis connect() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(30_000);
        String userInfo = uri != null ? uri.getUserInfo() : null;
        String secret = password != null ? password
                : userInfo != null ? userInfo.substring(userInfo.indexOf(':') + 1)
                : System.getenv("REDISCLI_AUTH");
        if (secret != null && !secret.isEmpty()) {
            config.password(secret);
        }
        if (userInfo != null && userInfo.indexOf(':') > 0) {
            config.user(userInfo.substring(0, userInfo.indexOf(':')));
        }
        return new Jedis(new HostAndPort(host(), port()), config.build());
    }

    /** INFO {@code sections} as field to value (section headers dropped). */
    static Map<String, String> info(Jedis jedis, String... sections) {
        String text = SafeEncoder.encode((byte[]) jedis.sendCommand(Protocol.Command.INFO, sections));
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** One {@code key_version_N} value of INFO sealedkv as its parts ({@code state}, {@code keys}, ...). */
    static Map<String, String> parts(String value) {
        Map<String, String> parts = new HashMap<>();
        for (String part : value.split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        return parts;
    }
}
