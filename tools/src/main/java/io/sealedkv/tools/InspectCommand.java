package io.sealedkv.tools;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.keyspace.CollectionElements;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.zset.Scores;
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
        description = {"Lists the keys of a snapshot file or a backup bundle directory; values only with"
                + " --show-values.",
            "Reads it with the keys of the keystore and shows per key: database, key name, type, encoding, size (string bytes or elements), TTL in"
                + " milliseconds (-1: none) and the data key versions its sealed values carry.",
            "Key names are shown escaped as redis-cli shows strings. Values are never shown unless --show-values"
                    + " is given; then string values and every collection element are shown escaped the same way,"
                    + " in the collection's order: list items by index, hash fields with their values, set members,"
                    + " sorted-set members with their scores (as ZSCORE gives them). With --json they are the"
                    + " \"value\", \"items\", \"fields\" ([{field, value}]) and \"members\" (sets: strings;"
                    + " sorted sets: [{member, score}]) fields."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the file cannot be read", "2:usage error", "3:keystore error",
            "4:damaged (authentication failure, bad header, a value that does not open)", "5:truncated",
            "6:a needed data key version is missing or destroyed"})
final class InspectCommand extends KeystoreCommand {
    private static final int EMBSTR_LIMIT = 44;
    private static final String ROW = "%-3s %-30s %-6s %-10s %10s %14s  %s%n";

    @Parameters(paramLabel = "FILE", description = "A snapshot file (dump.sealed) or a backup bundle directory.")
    Path file;

    @Option(names = "--show-values", description = "Also show string values and collection elements, escaped"
            + " (IN CLEAR on stdout).")
    boolean showValues;

    @Mixin
    JobOptions job;

    /** One key as listed; {@code value} (strings) or {@code elements} (collections) only with --show-values. */
    record KeyView(int db, String key, String type, String encoding, long size, long ttlMillis,
                   List<Integer> keyVersions, String value, List<ElementView> elements) {
    }

    /** One collection element, escaped: {@code value} for hashes, {@code score} for sorted sets, else null. */
    record ElementView(String element, String value, String score) {
    }

    @Override
    public Integer call() {
        Path snapshot = BackupBundle.isBundle(file)
                ? BackupBundle.checkedSnapshot(file, BackupBundle.manifest(file), Progress.none()) : file;
        List<KeyView> views = new ArrayList<>();
        try (FileKeystore opened = keystore.openReadOnly()) {
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
        String key = Text.repr(entry.key());
        if (entry.value() instanceof CollectionValue collection) {
            TreeSet<Integer> versions = new TreeSet<>();
            collection.forEachSealed(sealed -> versions.add(codec.keyVersion(sealed)));
            return new KeyView(db.index(), key, collection.type().redisName(), collection.encoding(), collection.size(),
                    ttl, List.copyOf(versions), null, showValues ? elements(codec, collection) : null);
        }
        byte[] sealed = (byte[]) entry.value();
        byte[] plaintext = codec.open(SealContext.of(db.id(), entry.key()), sealed);
        try {
            return new KeyView(db.index(), key, "string", stringEncoding(plaintext), plaintext.length, ttl,
                    List.of(codec.keyVersion(sealed)), showValues ? Text.repr(plaintext) : null, null);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Every element opened through the engine's one element visitor, escaped (it wipes each plaintext). */
    private static List<ElementView> elements(ValueCodec codec, CollectionValue collection) {
        List<ElementView> elements = new ArrayList<>((int) Math.min(collection.size(), 1 << 20));
        CollectionElements.forEach(collection, ElementSealer.of(codec, collection), (element, value, score, token) ->
                elements.add(new ElementView(Text.repr(element), value == null ? null : Text.repr(value),
                        Double.isNaN(score) ? null : Scores.format(score))));
        return elements;
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
            if (v.elements() != null) {
                printElements(out, v);
            }
        }
    }

    private static void printElements(PrintWriter out, KeyView v) {
        int index = 0;
        for (ElementView e : v.elements()) {
            index++;
            switch (v.type()) {
                case "list" -> out.printf("    item %d: %s%n", index, e.element());
                case "hash" -> out.printf("    field %s: %s%n", e.element(), e.value());
                case "zset" -> out.printf("    member %s score: %s%n", e.element(), e.score());
                default -> out.printf("    member: %s%n", e.element());
            }
        }
    }

    private static Object jsonElements(KeyView v) {
        return switch (v.type()) {
            case "hash" -> v.elements().stream().map(e -> {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("field", e.element());
                pair.put("value", e.value());
                return pair;
            }).toList();
            case "zset" -> v.elements().stream().map(e -> {
                Map<String, Object> member = new LinkedHashMap<>();
                member.put("member", e.element());
                member.put("score", e.score());
                return member;
            }).toList();
            default -> v.elements().stream().map(ElementView::element).toList();
        };
    }

    private static String elementsField(String type) {
        return switch (type) {
            case "list" -> "items";
            case "hash" -> "fields";
            default -> "members";
        };
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
        if (v.elements() != null) {
            json.put(elementsField(v.type()), jsonElements(v));
        }
        return json;
    }
}
