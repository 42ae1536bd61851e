package io.sealedkv.tools;

import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealedkv keys init}. */
@Command(name = "init",
        description = {"Creates a keystore file (mode 600) with data key version 1 as its primary.",
            "Refuses if the file exists: init never overwrites a keystore."})
final class InitCommand extends KeystoreCommand {
    @Option(names = "--kdf-log2n", paramLabel = "N",
            description = "scrypt cost log2(N) protecting the passphrase, 10 to 20 (default 17). Lower it only"
                    + " for tests.")
    Integer kdfLog2n;

    @Override
    public Integer call() {
        try (FileKeystore created = keystore.create(kdfLog2n)) {
            KeyVersionInfo primary = created.versions().get(0);
            out().printf("created keystore %s with data key version %d as primary%n",
                    created.path(), primary.version());
        }
        return ExitCodes.OK;
    }
}
