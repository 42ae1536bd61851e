package io.sealedkv.tools.rdb;

import io.sealedkv.engine.persistence.SnapshotException;
import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.tools.CommandFailedException;
import io.sealedkv.tools.CommonOptions;
import io.sealedkv.tools.ExitCodes;
import io.sealedkv.tools.KeystoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sealedkv export-rdb}. */
@Command(name = "export-rdb",
        description = {"Writes the keys of a sealed SealedKV snapshot as a Redis RDB file, values IN CLEAR.",
            "The RDB file is standard (version 10 by default, which Redis 7.0 and later load; 9 for Redis 6), with expiry. The snapshot is read"
                + " and verified by the server's own reader and every value is opened with the keystore.",
            "WARNING: the RDB file holds every value IN CLEAR (Redis RDB has no encryption). It is created"
                    + " readable by its owner only (mode 0600); protect it and delete it once loaded."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported", "1:the snapshot cannot be read or does not verify (damaged, truncated, a key"
                + " version missing: 'sealedkv verify' tells which), an existing RDB file without --force, a write"
                + " failure", "2:usage error (two sources or none, --rdb-version not 9 or 10)", "3:keystore error"})
public final class ExportRdbCommand implements Callable<Integer> {
    static final String PLAINTEXT_WARNING = "WARNING: %s holds every value IN CLEAR (Redis RDB files have no"
            + " encryption). It was created readable by its owner only (mode 0600); protect it and delete it once"
            + " loaded.";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    KeystoreOptions keystore;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.sealed", description = "The sealed snapshot file.")
    Path snapshot;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Export " + ImportRdbCommand.SNAPSHOT_NAME + " of this data directory instead of FILE.sealed.")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The RDB file to write.")
    Path out;

    @Option(names = "--rdb-version", paramLabel = "9|10", defaultValue = "10",
            description = "RDB version to write (default ${DEFAULT-VALUE}; 9 for Redis 6.x).")
    int rdbVersion;

    @Option(names = "--force", description = "Replace an existing RDB file.")
    boolean force;

    @Option(names = "--databases", paramLabel = "N", defaultValue = "16",
            description = "The server's 'databases' setting the snapshot was saved with (default ${DEFAULT-VALUE}).")
    int databases;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if ((snapshot == null) == (dataDir == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Give exactly one of FILE.sealed and --data-dir");
        }
        if (rdbVersion != 9 && rdbVersion != 10) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rdb-version must be 9 or 10, not " + rdbVersion);
        }
        Path source = snapshot != null ? snapshot : dataDir.resolve(ImportRdbCommand.SNAPSHOT_NAME);
        if (!Files.isRegularFile(source)) {
            throw new CommandFailedException("no snapshot at " + source);
        }
        if (!force && Files.exists(out)) {
            throw new CommandFailedException("RDB file " + out + " already exists (--force replaces it)");
        }
        MigrationSupport.config(databases);
        ExportReport report;
        try (FileKeystore opened = keystore.openReadOnly()) {
            report = new RdbExporter(MigrationSupport.codec(opened), databases).run(source, out, rdbVersion, force);
        } catch (SnapshotException e) {
            throw new CommandFailedException("cannot read the snapshot " + source + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailedException("cannot export to " + out + ": " + e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(String.format(PLAINTEXT_WARNING, out));
        err.flush();
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            MigrationSupport.json(stdout, report);
        } else {
            stdout.printf("Exported %d keys from %s to %s (RDB version %d) in %.2f s%n", report.keys(), source, out,
                    report.rdbVersion(), report.seconds());
            report.databases().forEach((db, byType) -> stdout.printf("  db%d: %s%n", db,
                    MigrationSupport.counts(byType)));
        }
        return ExitCodes.OK;
    }
}
