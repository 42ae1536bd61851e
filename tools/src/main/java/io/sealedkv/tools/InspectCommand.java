package io.sealedkv.tools;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealedkv inspect FILE}: the keys of a snapshot, values only when asked. */
@Command(name = "inspect",
        description = {"Lists the keys of a snapshot file (or a backup bundle directory), read with the keys of the"
                + " keystore: database, key name, type, encoding, size (string bytes or elements), TTL in"
                + " milliseconds (-1: none) and the data key versions its sealed values carry.",
            "Key names are shown escaped as redis-cli shows strings. Values are never shown unless --show-values"
                    + " is given; then string values are shown escaped (collections: their element count only)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the file cannot be read", "3:keystore error", "4:damaged", "5:truncated",
            "6:a needed data key version is missing or destroyed"})
final class InspectCommand extends KeystoreCommand {
    private static final int EMBSTR_LIMIT = 44;
    private static final String ROW = "%-3s %-30s %-6s %-10s %10s %14s  %s%n";

    @Parameters(paramLabel = "FILE", description = "A snapshot file (dump.sealed) or a backup bundle directory.")
    Path file;

    @Option(names = "--show-values", description = "Also show string values, escaped (in clear on stdout).")
    boolean showValues;

    @Mixin
    JobOptions job;

    /** One key as listed; {@code value} only with --show-values. */
    record KeyView(int db, String key, String type, String encoding, long size, long ttlMillis,
                   List<Integer> keyVersions, String value) {
    }

    @Override
    public Integer call() {
        Path snapshot = BackupBundle.isBundle(file)
                ? BackupBundle.checkedSnapshot(file, BackupBundle.manifest(file), Progress.none()) : file;
        List<KeyView> views = new ArrayList<>();
        try (FileKeystore opened = keystore.open()) {
            ValueCodec codec = new SealingValueCodec(opened);
            Keyspace keyspace = OfflineSnapshot.load(snapshot, codec, job.databases, Progress.none()).keyspace();
            long now = System.currentTimeMillis();
            for (int i = 0; i < keyspace.databaseCount(); i++) {
                Database db = keyspace.database(i);
                for (Entry entry : keyspace.entries(db)) {
                    views.add(view(codec, db, entry, now));
                }
            }
        }
        print(out(), views);
        return ExitCodes.OK;
    }

    private KeyView view(ValueCodec codec, Database db, Entry entry, long now) {
        long expireAt = db.expireAt(entry);
        long ttl = expireAt < 0 ? -1 : Math.max(0, expireAt - now);
        String key = Escape.quoted(entry.key());
        if (entry.value() instanceof CollectionValue collection) {
            TreeSet<Integer> versions = new TreeSet<>();
            collection.forEachSealed(sealed -> versions.add(codec.keyVersion(sealed)));
            return new KeyView(db.index(), key, collection.type().redisName(), collection.encoding(), collection.size(),
                    ttl, List.copyOf(versions), null);
        }
        byte[] sealed = (byte[]) entry.value();
        byte[] plaintext = codec.open(SealContext.of(db.id(), entry.key()), sealed);
        try {
            return new KeyView(db.index(), key, "string", stringEncoding(plaintext), plaintext.length, ttl,
                    List.of(codec.keyVersion(sealed)), showValues ? Escape.quoted(plaintext) : null);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** As OBJECT ENCODING answers for a string freshly loaded: int, embstr or raw. */
    private static String stringEncoding(byte[] plaintext) {
        if (plaintext.length > 0 && plaintext.length <= 20) {
            String text = new String(plaintext, StandardCharsets.US_ASCII);
            try {
                if (Long.toString(Long.parseLong(text)).equals(text)) {
                    return "int";
                }
            } catch (NumberFormatException e) {
                // not an integer: embstr or raw
            }
        }
        return plaintext.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }

    private void print(PrintWriter out, List<KeyView> views) {
        if (job.json) {
            Output.json(out, views.stream().map(InspectCommand::json).toList());
            return;
        }
        out.printf(ROW, "DB", "KEY", "TYPE", "ENCODING", "SIZE", "TTL_MS", "KEY_VERSIONS");
        for (KeyView v : views) {
            out.printf(ROW, v.db(), v.key(), v.type(), v.encoding(), v.size(), v.ttlMillis(),
                    v.keyVersions().toString().replace(" ", ""));
            if (v.value() != null) {
                out.printf("    value: %s%n", v.value());
            }
        }
    }

    private static Map<String, Object> json(KeyView v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("db", v.db());
        json.put("key", v.key());
        json.put("type", v.type());
        json.put("encoding", v.encoding());
        json.put("size", v.size());
        json.put("ttlMillis", v.ttlMillis());
        json.put("keyVersions", v.keyVersions());
        if (v.value() != null) {
            json.put("value", v.value());
        }
        return json;
    }
}
