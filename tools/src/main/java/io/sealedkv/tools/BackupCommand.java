package io.sealedkv.tools;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** {@code sealedkv backup}: a snapshot of a running server or a data directory, as a bundle. */
@Command(name = "backup",
        description = {"Writes a backup bundle (the snapshot, still sealed, and a manifest) from a running server or"
                + " a data directory.",
            "The bundle is a directory (--out) holding the snapshot, byte for byte and still"
                + " sealed, and manifest.json (time, source, data key versions needed, sha256 of the snapshot,"
                + " keys per type and sealed values per version).",
            "From a running server (--host/--port/--password or -u redis://...): triggers BGSAVE, waits for it"
                    + " to finish (INFO persistence) and copies the file from the server's dir/dbfilename (CONFIG GET),"
                    + " which must be on this machine. From a data directory (--data-dir): copies its snapshot.",
            "No key material is copied, neither the keystore file nor the passphrase: the bundle is readable"
                    + " only with the keystore given, and 'keys destroy' of a version it needs shreds it too. The"
                    + " bundle is recorded in the catalog beside the keystore (KEYSTORE.backups), which 'keys"
                    + " destroy' reads to refuse shredding a version a retained backup needs; delete the bundle"
                    + " directory to stop retaining it.",
            "The copy is verified like 'sealedkv verify', with the keystore opened read-only (a server may hold it)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:backed up", "1:failed (the server cannot be reached, BGSAVE failed or timed out, --out"
                + " not empty, ...)", "2:usage error", "3:keystore error", "4:the copy is damaged",
            "5:the copy is truncated", "6:a needed data key version is missing or destroyed"},
        footer = {"", KeystoreOptions.PASSPHRASE_HELP})
final class BackupCommand extends KeystoreCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The bundle directory to create; it must not exist or be empty.")
    Path out;

    @Option(names = "--dbfilename", paramLabel = "NAME", defaultValue = "dump.sealed",
            description = "With --data-dir: the snapshot's file name (default ${DEFAULT-VALUE}).")
    String dbfilename;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How long to wait for the server's BGSAVE (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    JobOptions job;

    /** Where the snapshot comes from. */
    static final class Source {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "A data directory (the server's dir).")
        Path dataDir;

        @ArgGroup(exclusive = false)
        ServerOptions server;
    }

    @Override
    public Integer call() {
        prepareOut();
        Progress progress = Progress.on(spec.commandLine().getErr(), job.noProgress);
        Map<String, String> from = new LinkedHashMap<>();
        Path snapshot = out.resolve(BackupBundle.SNAPSHOT);
        String sha256;
        try {
            Path file = source.dataDir != null ? dataDirSnapshot(from) : serverSnapshot(from);
            progress.phase("copy", Files.size(file));
            try (InputStream in = progress.counting(Files.newInputStream(file))) {
                sha256 = BackupBundle.copy(in, snapshot);
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no snapshot to back up: " + e.getFile() + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> versions = List.copyOf(OfflineSnapshot.versions(snapshot));
        ValueCensus census = verify(snapshot, progress);
        progress.finish();
        BackupBundle.Manifest manifest = new BackupBundle.Manifest(BackupBundle.FORMAT, Instant.now().toString(), from,
                BackupBundle.SNAPSHOT, size(snapshot), sha256, versions, keystore.path.toAbsolutePath().toString(),
                true, census.keys(), census.types(), byVersion(census.sealedPerVersion()));
        BackupBundle.writeManifest(out, manifest);
        BackupCatalog.add(BackupCatalog.beside(keystore.path), new BackupCatalog.Line(
                out.toAbsolutePath().toString(), manifest.created(), versions));
        if (job.json) {
            Output.json(out(), manifest);
        } else {
            out().printf("backup %s written: %d bytes, sha256 %s, needs data key versions %s%s%n", out,
                    manifest.bytes(), sha256, versions, "; verified: " + census.keys() + " keys " + census.types());
            out().printf("recorded in %s%n", BackupCatalog.beside(keystore.path));
        }
        return ExitCodes.OK;
    }

    private void prepareOut() {
        try {
            if (Files.exists(out)) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new CommandFailedException("refusing to write the bundle into " + out
                                + ": it exists and is not empty");
                    }
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dataDirSnapshot(Map<String, String> from) {
        Path file = source.dataDir.resolve(dbfilename);
        from.put("kind", "data-dir");
        from.put("path", file.toAbsolutePath().toString());
        return file;
    }

    private Path serverSnapshot(Map<String, String> from) {
        ServerOptions server = source.server;
        try (Jedis jedis = server.connect()) {
            Path file = Path.of(jedis.configGet("dir").get("dir")).resolve(jedis.configGet("dbfilename").get("dbfilename"));
            new BackgroundSave(jedis, timeoutSeconds * 1000).run();
            from.put("kind", "server");
            from.put("address", server.address());
            from.put("path", file.toString());
            return file;
        } catch (JedisException e) {
            throw new CommandFailedException("server " + server.address() + ": " + e.getMessage());
        }
    }

    /** Opens and counts every value of the copy; read-only, so also while a server holds the keystore. */
    private ValueCensus verify(Path snapshot, Progress progress) {
        try (FileKeystore opened = keystore.openReadOnly()) {
            ValueCensus census = ValueCensus.streaming(new SealingValueCodec(opened));
            OfflineSnapshot.verify(snapshot, census, job.databases, progress);
            return census;
        }
    }

    private static Map<String, Long> byVersion(Map<Integer, Long> counts) {
        Map<String, Long> byName = new TreeMap<>();
        counts.forEach((version, count) -> byName.put(String.valueOf(version), count));
        return byName;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
