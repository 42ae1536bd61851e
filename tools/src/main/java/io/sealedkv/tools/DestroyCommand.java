package io.sealedkv.tools;

import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealedkv keys destroy VERSION}: crypto-shredding, then the proof read back from the file. */
@Command(name = "destroy",
        description = {"Crypto-shreds a decrypt-only data key version: its wrapped key is removed from the"
                + " keystore file, and every value sealed under it becomes unreadable for good.",
            "First checks what still needs the version, reading the data key versions from snapshot headers"
                    + " (no key needed): the data directory's snapshot (--data-dir, required unless --force), every"
                    + " retained backup recorded in the catalog beside the keystore (KEYSTORE.backups, written by"
                    + " 'sealedkv backup'; bundles deleted since are skipped) and every bundle under each --backup-dir."
                    + " Refuses, naming them, while any needs it; destroys without --force when none does.",
            "Then proves the shredding: reopens the file and shows the version DESTROYED without key material"
                    + " (the keystore refuses to open a file whose destroyed version still holds a wrapped key).",
            "Not overwritten: the disk blocks of the replaced file, and copies or backups of the keystore file"
                    + " (opening what they hold still takes the passphrase)."})
final class DestroyCommand extends KeystoreCommand {
    @Parameters(paramLabel = "VERSION", description = "The data key version to destroy.")
    int version;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The server's data directory, whose snapshot is checked.")
    Path dataDir;

    @Option(names = "--dbfilename", paramLabel = "NAME", defaultValue = "dump.sealed",
            description = "The snapshot's file name in --data-dir (default ${DEFAULT-VALUE}).")
    String dbfilename;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "A directory of backup bundles (each a subdirectory) to check as well; repeatable.")
    List<Path> backupDirs = new ArrayList<>();

    @Option(names = "--force", description = "Destroy even when a snapshot or retained backup needs the version"
            + " (they become unreadable), or without --data-dir.")
    boolean force;

    @Override
    public Integer call() {
        try (FileKeystore opened = keystore.open()) {
            KeyVersionInfo target = find(opened);
            if (!force) {
                refuseIfNeeded(target);
            }
            opened.destroy(version);
        }
        out().printf("destroyed data key version %d%n", version);
        proveShredded();
        return ExitCodes.OK;
    }

    private void refuseIfNeeded(KeyVersionInfo target) {
        if (dataDir == null) {
            throw new CommandFailedException("refusing to destroy data key version " + version + " ("
                    + target.state() + "): the live snapshot was not checked; pass --data-dir DIR (the server's"
                    + " data directory) so it is, or --force to destroy it anyway");
        }
        List<String> needers = new ArrayList<>();
        Path snapshot = dataDir.resolve(dbfilename);
        if (Files.exists(snapshot) && needs(snapshot)) {
            needers.add("the snapshot " + snapshot);
        }
        for (Path bundle : bundles()) {
            if (needs(bundle.resolve(BackupBundle.SNAPSHOT))) {
                needers.add("the backup " + bundle);
            }
        }
        if (!needers.isEmpty()) {
            throw new CommandFailedException("refusing to destroy data key version " + version + ": still needed by "
                    + String.join(", ", needers) + " (they would become unreadable); rewrap or restore with"
                    + " --reseal, delete backups no longer retained, or pass --force");
        }
    }

    private boolean needs(Path snapshot) {
        if (!Files.exists(snapshot)) {
            return false;
        }
        try {
            return OfflineSnapshot.versions(snapshot).contains(version);
        } catch (SnapshotCheckException e) {
            throw new CommandFailedException("refusing to destroy data key version " + version + ": cannot tell"
                    + " whether " + snapshot + " needs it (" + e.getMessage() + "); pass --force to destroy it anyway");
        }
    }

    private List<Path> bundles() {
        List<Path> bundles = new ArrayList<>(BackupCatalog.retained(BackupCatalog.beside(keystore.path)));
        for (Path dir : backupDirs) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(BackupBundle::isBundle).sorted().forEach(bundles::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundles;
    }

    private void proveShredded() {
        KeyState state;
        try (FileKeystore reopened = keystore.open()) {
            state = find(reopened).state();
        }
        if (state != KeyState.DESTROYED) {
            throw new CommandFailedException("shredding not proven: after reopening " + keystore.path
                    + ", data key version " + version + " is " + state);
        }
        out().printf("reopened %s: data key version %d is %s and the file holds no key material for it%n",
                keystore.path, version, state);
    }

    private KeyVersionInfo find(FileKeystore opened) {
        return opened.versions().stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> new CommandFailedException("keystore " + keystore.path
                        + " has no data key version " + version));
    }
}
