package io.sealedkv.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Scrapes {@code GET /metrics} over HTTP, as Prometheus would, from a server started with {@code metrics-port}. */
class MetricsEndpointIT {
    private static final int METRICS_PORT = freePort();
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"})? -?[0-9][0-9.eE+-]*");
    private static final Pattern COMMENT = Pattern.compile("# (HELP [a-z_]+ .+|TYPE [a-z_]+ (counter|gauge))");

    @RegisterExtension
    static final ServerExtension server = new ServerExtension("metrics-port " + METRICS_PORT);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as("sample %s in%n%s", series, body).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void everyLineIsInThePrometheusTextFormat() throws Exception {
        server.jedis().ping();
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String body = response.body();
        assertThat(body).endsWith("\n");
        for (String line : body.split("\n")) {
            assertThat(COMMENT.matcher(line).matches() || SAMPLE.matcher(line).matches())
                    .as("line in the exposition format: %s", line).isTrue();
        }
        assertThat(body).contains("# TYPE sealedkv_commands_processed_total counter\n",
                "# TYPE sealedkv_connected_clients gauge\n", "sealedkv_db_keys{db=\"15\"} ",
                "sealedkv_blocked_clients ", "sealedkv_pubsub_channels ", "sealedkv_used_memory_bytes ",
                "sealedkv_expired_keys_total ", "sealedkv_evicted_keys_total ", "sealedkv_keyspace_misses_total ");
        assertThat(value(body, "sealedkv_connected_clients")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void countersMoveWithTrafficAndNoKeyOrValueLeaks() throws Exception {
        Jedis jedis = server.emptyJedis();
        String before = get("/metrics").body();
        jedis.set("patient:42", "secret-diagnosis");
        jedis.get("patient:42");
        jedis.get("patient:43");
        String after = get("/metrics").body();
        assertThat(value(after, "sealedkv_command_calls_total{cmd=\"set\"}")).isEqualTo(
                before.contains("cmd=\"set\"") ? value(before, "sealedkv_command_calls_total{cmd=\"set\"}") + 1 : 1);
        assertThat(value(after, "sealedkv_commands_processed_total"))
                .isGreaterThanOrEqualTo(value(before, "sealedkv_commands_processed_total") + 3);
        assertThat(value(after, "sealedkv_keyspace_hits_total"))
                .isEqualTo(value(before, "sealedkv_keyspace_hits_total") + 1);
        assertThat(value(after, "sealedkv_keyspace_misses_total"))
                .isEqualTo(value(before, "sealedkv_keyspace_misses_total") + 1);
        assertThat(value(after, "sealedkv_db_keys{db=\"0\"}")).isEqualTo(1);
        assertThat(value(after, "sealedkv_used_memory_bytes")).isGreaterThan(value(before, "sealedkv_used_memory_bytes"));
        assertThat(after).doesNotContain("patient").doesNotContain("secret");
    }

    @Test
    void onlyGetOfMetricsIsServed() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics?name[]=x").statusCode()).isEqualTo(200);
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        HttpResponse<String> refused = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void anOversizedOrMalformedRequestIsRefusedAndClosed() throws Exception {
        assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
        String start = "GET /metrics HTTP/1.1\r\nX: ";
        assertThat(raw(start + "a".repeat(MetricsHttpHandler.MAX_HEAD - start.length()))).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    /** Sends {@code request} on a plain socket and reads until the server closes the connection. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", METRICS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
