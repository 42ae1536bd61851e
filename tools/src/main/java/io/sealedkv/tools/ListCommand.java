package io.sealedkv.tools;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.engine.persistence.SnapshotReader;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import redis.clients.jedis.Jedis;

/** {@code sealedkv keys list}. */
@Command(name = "list",
        description = {"Lists every data key version, oldest first, destroyed ones included:",
            "  VERSION  the id sealed values carry",
            "  STATE    PRIMARY (seals), DECRYPT_ONLY (only opens) or DESTROYED",
            "  CREATED  ISO-8601, UTC",
            "  SEALS    nonces reserved or issued under it: at least the values it sealed",
            "  LIVE     (with --snapshot or --host) keys whose value it protects: a string under the version"
                    + " it is sealed with, a collection once, under the version it was created or last"
                    + " rewrapped under (the oldest it needs)",
            "With --snapshot FILE, the live counts come from that snapshot, read with the keystore (which must"
                    + " not be held by a running server). With --host/--port, they come from the running server"
                    + " (INFO sealedkv), and the keystore file is not opened: the server holds it."})
final class ListCommand extends KeystoreCommand {
    @Option(names = "--json",
            description = "Print a JSON array of {version, state, created, sealCount[, liveKeys]} instead of the table.")
    boolean json;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Count the live keys per version in this snapshot file (dump.sealed).")
    Path snapshot;

    @Option(names = "--databases", paramLabel = "N", defaultValue = "16",
            description = "With --snapshot: the number of databases to load into (default ${DEFAULT-VALUE}).")
    int databases;

    @ArgGroup(exclusive = false, heading = "Running server (instead of --keystore):%n")
    ServerOptions server;

    /** A version as listed with live counts; {@code created} is null when the server does not tell. */
    record LiveVersion(int version, String state, String created, long sealCount, long liveKeys) {
    }

    @Override
    public Integer call() {
        if (server != null && (keystore.path != null || snapshot != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--host/--port ask a running server; --keystore and --snapshot read files: give one or the other");
        }
        if (server != null) {
            print(fromServer());
            return ExitCodes.OK;
        }
        List<KeyVersionInfo> versions;
        SortedMap<Integer, Long> live = null;
        try (FileKeystore opened = keystore.openReadOnly()) {
            versions = opened.versions();
            if (snapshot != null) {
                live = countSnapshot(opened);
            }
        }
        PrintWriter out = out();
        if (live == null) {
            if (json) {
                Output.json(out, Output.views(versions));
            } else {
                Output.table(out, versions);
            }
            return ExitCodes.OK;
        }
        List<LiveVersion> rows = new ArrayList<>();
        for (KeyVersionInfo v : versions) {
            rows.add(new LiveVersion(v.version(), v.state().name(), v.created().toString(), v.sealCount(),
                    live.getOrDefault(v.version(), 0L)));
        }
        print(rows);
        return ExitCodes.OK;
    }

    private SortedMap<Integer, Long> countSnapshot(FileKeystore opened) {
        Keyspace keyspace = new Keyspace(databases);
        try (InputStream in = Files.newInputStream(snapshot)) {
            SnapshotReader.load(in, new SealingValueCodec(opened), keyspace, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + snapshot + ": " + e.getMessage(), e);
        } catch (SnapshotException e) {
            throw new CommandFailedException("snapshot " + snapshot + " refused: " + e.getMessage());
        }
        keyspace.lock().lock();
        try {
            return keyspace.keyVersionCounts();
        } finally {
            keyspace.lock().unlock();
        }
    }

    private List<LiveVersion> fromServer() {
        Map<String, String> fields;
        try (Jedis jedis = server.connect()) {
            fields = ServerOptions.info(jedis, "sealedkv");
        }
        SortedMap<Integer, LiveVersion> rows = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("key_version_")) {
                int version = Integer.parseInt(name.substring("key_version_".length()));
                Map<String, String> parts = ServerOptions.parts(value);
                rows.put(version, new LiveVersion(version, parts.get("state").toUpperCase(Locale.ROOT),
                        parts.get("created"), Long.parseLong(parts.getOrDefault("seals", "0")),
                        Long.parseLong(parts.getOrDefault("keys", "0"))));
            }
        });
        if (!fields.containsKey("key_versions")) {
            throw new CommandFailedException("the server at " + server.address()
                    + " has no INFO sealedkv section: is it a SealedKV server?");
        }
        return new ArrayList<>(rows.values());
    }

    private void print(List<LiveVersion> rows) {
        PrintWriter out = out();
        if (json) {
            Output.json(out, rows);
            return;
        }
        String row = "%7s  %-12s  %-24s  %10s  %10s%n";
        out.printf(row, "VERSION", "STATE", "CREATED", "SEALS", "LIVE");
        for (LiveVersion v : rows) {
            out.printf(row, v.version(), v.state(), v.created() == null ? "-" : v.created(), v.sealCount(), v.liveKeys());
        }
    }
}
