package io.sealedkv.tools;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sealedkv verify FILE}: every segment authenticated, every value opened, nothing shown in clear. */
@Command(name = "verify",
        description = {"Verifies a snapshot file or a backup bundle directory with the keys of the keystore;"
                + " prints nothing in clear.",
            "Checks a bundle's sha256 first, then the header and that every data key version it needs is there, authenticates"
                + " every segment of the stream and opens every value (each string, every block and element of every"
                + " collection) through the codec, wiping each plaintext, and recomputes the token of every element"
                + " of a hashtable/skiplist-encoded hash, set or sorted set with the collection's token key and"
                + " compares it with the stored one; nothing is printed in clear.",
            "Prints the keys per type and the sealed values per data key version. On the first failure prints"
                    + " one line naming it and exits with its code: 4 damaged (authentication failure at segment N,"
                    + " bad header, checksum, a value that does not open or decode, a wrong element token naming"
                    + " the database and key), 5 truncated (truncated after segment N), 6 a data key version"
                    + " missing from or destroyed in the keystore.",
            "The file is streamed: nothing is kept in memory (a key repeated within a database, which only a"
                    + " faulty writer could produce inside the authenticated stream, is not looked for). Keys already"
                    + " expired are authenticated with their segment but not opened (a server start drops"
                    + " them). The keystore is opened read-only, so this also runs while a server holds it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every segment, value and element token verified", "1:the file cannot be read",
            "2:usage error", "3:keystore error", "4:damaged (authentication failure, bad header, checksum mismatch, a value that does not open,"
                + " a wrong element token)",
            "5:truncated", "6:a needed data key version is missing or destroyed"})
final class VerifyCommand extends KeystoreCommand {
    @Parameters(paramLabel = "FILE", description = "A snapshot file (dump.sealed) or a backup bundle directory.")
    Path file;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        Progress progress = Progress.on(spec.commandLine().getErr(), job.noProgress);
        long start = System.nanoTime();
        try {
            Path snapshot = file;
            if (BackupBundle.isBundle(file)) {
                snapshot = BackupBundle.checkedSnapshot(file, BackupBundle.manifest(file), progress);
            }
            try (FileKeystore opened = keystore.openReadOnly()) {
                ValueCodec codec = new SealingValueCodec(opened);
                ValueCensus census = ValueCensus.streaming(codec);
                long expired = OfflineSnapshot.verify(snapshot, census, job.databases, progress);
                progress.finish();
                report(out(), Files.size(snapshot), expired, census, (System.nanoTime() - start) / 1e9);
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SnapshotCheckException e) {
            progress.finish();
            if (job.json) {
                Output.json(out(), failure(e));
            }
            throw e;
        }
    }

    static Map<String, Object> failure(SnapshotCheckException e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", false);
        json.put("exitCode", e.exitCode());
        json.put("failure", e.failure());
        json.put("message", e.getMessage());
        return json;
    }

    private void report(PrintWriter out, long bytes, long expired, ValueCensus census, double seconds) {
        if (job.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("ok", true);
            json.put("file", file.toString());
            json.put("bytes", bytes);
            json.put("keys", census.keys());
            json.put("expiredSkipped", expired);
            json.put("types", census.types());
            json.put("sealedOpened", census.opened());
            json.put("sealedPerVersion", census.sealedPerVersion());
            json.put("tokenVersions", census.tokenVersions());
            json.put("seconds", seconds);
            Output.json(out, json);
            return;
        }
        out.printf("verified %s: %d keys, every segment authenticated and %d sealed values opened (%.1f s)%n",
                file, census.keys(), census.opened(), seconds);
        out.printf("keys per type: %s%n", census.types().isEmpty() ? "none" : census.types());
        out.printf("sealed values per data key version: %s%n",
                census.sealedPerVersion().isEmpty() ? "none" : census.sealedPerVersion());
        if (!census.tokenVersions().isEmpty()) {
            out.printf("collections per token key version: %s%n", census.tokenVersions());
        }
        if (expired > 0) {
            out.printf("%d keys already expired: authenticated, not opened%n", expired);
        }
    }
}
