package io.sealedkv.tools;

import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealedkv keys rotate}. */
@Command(name = "rotate",
        description = {"Creates a new data key version and makes it the primary; the previous primary becomes"
                + " decrypt-only. Nothing sealed is re-encrypted. Prints the new primary's version."})
final class RotateCommand extends KeystoreCommand {
    @Option(names = "--json", description = "Print the new primary as a JSON object {version, state, created,"
            + " sealCount}.")
    boolean json;

    @Override
    public Integer call() {
        KeyVersionInfo primary;
        try (FileKeystore opened = keystore.open()) {
            primary = opened.rotate();
        }
        PrintWriter out = out();
        if (json) {
            Output.json(out, VersionView.of(primary));
        } else {
            out.printf("data key version %d is the new primary%n", primary.version());
        }
        return ExitCodes.OK;
    }
}
