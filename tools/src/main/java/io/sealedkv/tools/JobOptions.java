package io.sealedkv.tools;

import picocli.CommandLine.Option;

/** Options of the commands that read whole snapshots (verify, inspect, backup, restore). */
final class JobOptions {
    @Option(names = "--json", description = "Print the result (or the failure) as one JSON object on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar on stderr (there is none unless a console"
            + " is attached).")
    boolean noProgress;

    @Option(names = "--databases", paramLabel = "N", defaultValue = "" + OfflineSnapshot.DEFAULT_DATABASES,
            description = "The server's 'databases' setting: how many databases a snapshot may hold"
                    + " (default ${DEFAULT-VALUE}).")
    int databases;
}
