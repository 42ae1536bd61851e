package io.sealedkv.tools;

import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealedkv keys list}. */
@Command(name = "list",
        description = {"Lists every data key version, oldest first, destroyed ones included:",
            "  VERSION  the id sealed values carry",
            "  STATE    PRIMARY (seals), DECRYPT_ONLY (only opens) or DESTROYED",
            "  CREATED  ISO-8601, UTC",
            "  SEALS    nonces reserved or issued under it: at least the values it sealed",
            "How many live values each version still seals is not shown: that needs a snapshot, which a later"
                    + " version of this tool will read."})
final class ListCommand extends KeystoreCommand {
    @Option(names = "--json",
            description = "Print a JSON array of {version, state, created, sealCount} instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        List<KeyVersionInfo> versions;
        try (FileKeystore opened = keystore.open()) {
            versions = opened.versions();
        }
        PrintWriter out = out();
        if (json) {
            Output.json(out, Output.views(versions));
        } else {
            Output.table(out, versions);
        }
        return ExitCodes.OK;
    }
}
