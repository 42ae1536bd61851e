package io.sealedkv.tools;

import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealedkv keys destroy VERSION}: crypto-shredding, then the proof read back from the file. */
@Command(name = "destroy",
        description = {"Crypto-shreds a decrypt-only data key version: its wrapped key is removed from the"
                + " keystore file, and every value sealed under it becomes unreadable for good.",
            "Refuses unless --force: whether live values or retained backups still need the version can only"
                    + " be checked against snapshots and backups, and no snapshot or backup is checked yet.",
            "Then proves the shredding: reopens the file and shows the version DESTROYED without key material"
                    + " (the keystore refuses to open a file whose destroyed version still holds a wrapped key).",
            "Not overwritten: the disk blocks of the replaced file, and copies or backups of the keystore file"
                    + " (opening what they hold still takes the passphrase)."})
final class DestroyCommand extends KeystoreCommand {
    @Parameters(paramLabel = "VERSION", description = "The data key version to destroy.")
    int version;

    @Option(names = "--force", description = "Destroy without checking that no live value or retained backup"
            + " needs the version; required for now, since nothing can be checked yet.")
    boolean force;

    @Override
    public Integer call() {
        try (FileKeystore opened = keystore.open()) {
            KeyVersionInfo target = find(opened);
            if (!force) {
                throw new CommandFailedException("refusing to destroy data key version " + version + " ("
                        + target.state() + "): no snapshot or backup is checked yet, so nothing shows that no"
                        + " live value or retained backup needs it; pass --force to destroy it anyway");
            }
            opened.destroy(version);
        }
        out().printf("destroyed data key version %d%n", version);
        proveShredded();
        return ExitCodes.OK;
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
