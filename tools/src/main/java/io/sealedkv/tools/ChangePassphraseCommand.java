package io.sealedkv.tools;

import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.Passphrase;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealedkv keys change-passphrase}. */
@Command(name = "change-passphrase",
        description = {"Rewraps every data key under a master key derived from a new passphrase, with a new"
                + " salt. Versions, states and everything sealed stay as they are; from then on only the new"
                + " passphrase opens the file.",
            "The current passphrase comes from --passphrase-env or --passphrase-file, the new one from"
                    + " --new-passphrase-env or --new-passphrase-file, under the same rules."})
final class ChangePassphraseCommand extends KeystoreCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    NewPassphraseSource newPassphrase;

    @Option(names = "--kdf-log2n", paramLabel = "N",
            description = "scrypt cost log2(N) for the new master key, 10 to 20 (default 17). Lower it only"
                    + " for tests.")
    Integer kdfLog2n;

    /** Where the new passphrase comes from: exactly one of the two. */
    static final class NewPassphraseSource {
        @Option(names = "--new-passphrase-env", paramLabel = "NAME", required = true,
                description = "Environment variable holding the new passphrase.")
        String environmentVariable;

        @Option(names = "--new-passphrase-file", paramLabel = "PATH", required = true,
                description = "File holding the new passphrase.")
        Path file;

        Passphrase read() {
            return file != null ? Passphrase.fromFile(file) : Passphrase.fromEnvironment(environmentVariable);
        }
    }

    @Override
    public Integer call() {
        try (Passphrase next = newPassphrase.read(); FileKeystore opened = keystore.open(kdfLog2n)) {
            opened.changePassphrase(next);
        }
        out().printf("changed the passphrase of %s: only the new passphrase opens it"
                + " from now on%n", keystore.path);
        return ExitCodes.OK;
    }
}
