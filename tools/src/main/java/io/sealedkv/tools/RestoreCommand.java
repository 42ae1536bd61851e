package io.sealedkv.tools;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.persistence.Persistence;
import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealedkv restore BUNDLE --data-dir DIR}: a verified bundle becomes a data directory's snapshot. */
@Command(name = "restore",
        description = {"Restores a backup bundle into a data directory, after verifying it.",
            "Checks the snapshot's sha256 against the"
                + " manifest, then verifies it as 'sealedkv verify' does (every segment, every value opened with"
                + " the keystore), then writes DIR/dbfilename atomically (temporary file, fsync, rename).",
            "Refuses to replace an existing snapshot unless --force. Start the server on DIR afterwards (stop it"
                    + " first: a running server would overwrite the file at its next save).",
            "--reseal seals every value again under the keystore's primary data key version; --to-keystore"
                    + " seals them under another keystore's primary instead, so that only that keystore reads the"
                    + " restored snapshot. Values stay bound to their database and key; collections get a fresh"
                    + " identity and element tokens; each plaintext is wiped as soon as it is sealed again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "1:refused (existing snapshot without --force) or failed", "2:usage error",
            "3:keystore error", "4:bundle damaged (checksum, authentication failure)", "5:bundle truncated",
            "6:a needed data key version is missing or destroyed"},
        footer = {"", KeystoreOptions.PASSPHRASE_HELP})
final class RestoreCommand extends KeystoreCommand {
    @Parameters(paramLabel = "BUNDLE", description = "The backup bundle directory.")
    Path bundle;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The server's data directory.")
    Path dataDir;

    @Option(names = "--dbfilename", paramLabel = "NAME", defaultValue = "dump.sealed",
            description = "The snapshot's file name in DIR (default ${DEFAULT-VALUE}).")
    String dbfilename;

    @Option(names = "--force", description = "Replace an existing snapshot.")
    boolean force;

    @ArgGroup(exclusive = true)
    Reseal reseal;

    @Mixin
    JobOptions job;

    /** Where the restored values are sealed again, if anywhere. */
    static final class Reseal {
        @Option(names = "--reseal", description = "Seal every value again under this keystore's primary version.")
        boolean primary;

        @ArgGroup(exclusive = false)
        Target target;
    }

    /** Another keystore. */
    static final class Target {
        @Option(names = "--to-keystore", required = true, paramLabel = "PATH",
                description = "Seal every value again under the primary version of this other keystore (only it"
                        + " reads the restored snapshot).")
        Path keystore;

        @Option(names = "--to-passphrase-file", paramLabel = "PATH",
                description = "File holding --to-keystore's passphrase.")
        Path passphraseFile;

        @Option(names = "--to-passphrase-env", paramLabel = "NAME",
                description = "Environment variable holding --to-keystore's passphrase.")
        String passphraseEnv;
    }

    @Override
    public Integer call() {
        Path target = dataDir.resolve(dbfilename);
        refuseOverwrite(target);
        Progress progress = Progress.on(spec.commandLine().getErr(), job.noProgress);
        long start = System.nanoTime();
        ValueCensus census;
        try {
            BackupBundle.Manifest manifest = BackupBundle.manifest(bundle);
            Path snapshot = BackupBundle.checkedSnapshot(bundle, manifest, progress);
            try (FileKeystore opened = resealsUnderItsOwnPrimary() ? keystore.open() : keystore.openReadOnly()) {
                ValueCodec codec = new SealingValueCodec(opened);
                census = reseal == null ? copy(snapshot, target, codec, progress)
                        : resealed(snapshot, target, codec, progress);
            }
            progress.finish();
        } catch (SnapshotCheckException e) {
            progress.finish();
            if (job.json) {
                Output.json(out(), VerifyCommand.failure(e));
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report(target, census, (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }

    /** Verifies the bundle's snapshot by streaming it, then copies its bytes as they are. */
    private ValueCensus copy(Path snapshot, Path target, ValueCodec codec, Progress progress) throws IOException {
        ValueCensus census = ValueCensus.streaming(codec);
        OfflineSnapshot.verify(snapshot, census, job.databases, progress);
        Files.createDirectories(dataDir);
        refuseOverwrite(target);
        progress.phase("write", Files.size(snapshot));
        try (InputStream in = progress.counting(Files.newInputStream(snapshot))) {
            BackupBundle.copy(in, target);
        }
        return census;
    }

    /** Loads and verifies the bundle's snapshot, then writes it sealed again (--reseal, --to-keystore). */
    private ValueCensus resealed(Path snapshot, Path target, ValueCodec codec, Progress progress) throws IOException {
        OfflineSnapshot loaded = OfflineSnapshot.load(snapshot, codec, job.databases, progress);
        ValueCensus census = ValueCensus.openAll(loaded.keyspace(), codec, progress);
        Files.createDirectories(dataDir);
        refuseOverwrite(target);
        progress.phase("reseal", census.keys());
        if (reseal.primary) {
            write(Resealer.reseal(loaded.keyspace(), codec, codec, progress), codec, target);
        } else {
            try (FileKeystore other = targetKeystore().open()) {
                ValueCodec to = new SealingValueCodec(other);
                write(Resealer.reseal(loaded.keyspace(), codec, to, progress), to, target);
            }
        }
        return census;
    }

    /** Sealing under the source keystore reserves nonces in its file, so only then is it opened for writing. */
    private boolean resealsUnderItsOwnPrimary() {
        return reseal != null && reseal.primary;
    }

    private void refuseOverwrite(Path target) {
        if (Files.exists(target) && !force) {
            throw new CommandFailedException("refusing to replace the existing snapshot " + target
                    + ": pass --force to replace it");
        }
    }

    private KeystoreOptions targetKeystore() {
        KeystoreOptions options = new KeystoreOptions();
        options.path = reseal.target.keystore;
        if (options.path.toAbsolutePath().normalize().equals(keystore.path.toAbsolutePath().normalize())) {
            throw new CommandFailedException("--to-keystore names the source keystore: use --reseal");
        }
        options.passphrase = new KeystoreOptions.PassphraseSource();
        options.passphrase.file = reseal.target.passphraseFile;
        options.passphrase.environmentVariable = reseal.target.passphraseEnv;
        options.allowInsecurePermissions = keystore.allowInsecurePermissions;
        return options;
    }

    private static void write(io.sealedkv.engine.keyspace.Keyspace keyspace, ValueCodec codec, Path target) {
        try {
            Persistence.write(keyspace, codec, target);
        } catch (SnapshotException e) {
            throw SnapshotCheckException.of(target, e);
        }
    }

    private void report(Path target, ValueCensus census, double seconds) {
        String sealing = reseal == null ? "as sealed" : reseal.primary ? "resealed under the primary version"
                : "resealed under " + reseal.target.keystore;
        if (job.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("ok", true);
            json.put("snapshot", target.toString());
            json.put("keys", census.keys());
            json.put("types", census.types());
            json.put("sealing", sealing);
            json.put("seconds", seconds);
            Output.json(out(), json);
            return;
        }
        out().printf("restored %s to %s (%s): %d keys %s, every value verified (%.1f s)%n", bundle, target, sealing,
                census.keys(), census.types(), seconds);
    }
}
