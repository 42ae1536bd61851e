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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sealedkv import-rdb}. */
@Command(name = "import-rdb",
        description = {"Converts a Redis RDB file (versions 1 to 11: Redis up to 7.2) into a sealed SealedKV"
                + " snapshot.",
            "Every value is sealed with the keystore's primary data key as the server seals it; the snapshot is"
                + " written atomically (temporary file, fsync, rename). Strings, lists, sets, sorted sets and hashes in"
                + " every RDB encoding, expiry and databases are imported; keys already expired are left out."
                + " Streams, modules and functions are refused (exit code 1, the type named) unless"
                + " --skip-unsupported skips and counts them. The whole file, CRC-64 included, is verified before"
                + " anything is written; a bad file ends with one line naming the problem (exit code 1). A file"
                + " without a checksum (rdbchecksum no: a CRC-64 of 0) cannot be verified: the report says so."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "1:a bad or unsupported RDB file, an existing snapshot without --force, a"
                + " write failure", "2:usage error", "3:keystore error"})
public final class ImportRdbCommand implements Callable<Integer> {
    static final String SNAPSHOT_NAME = "dump.sealed";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    KeystoreOptions keystore;

    @Parameters(index = "0", paramLabel = "RDB", description = "The RDB file to import (e.g. dump.rdb).")
    Path rdb;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Write " + SNAPSHOT_NAME + " in this data directory (the server's dir).")
        Path dataDir;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the snapshot to this file.")
        Path file;

        Path path() {
            return file != null ? file : dataDir.resolve(SNAPSHOT_NAME);
        }
    }

    @Option(names = "--force", description = "Replace an existing snapshot file.")
    boolean force;

    @Option(names = "--skip-unsupported",
            description = "Skip streams, module data and functions instead of refusing the file; the report counts them.")
    boolean skipUnsupported;

    @Option(names = "--databases", paramLabel = "N", defaultValue = "16",
            description = "The server's 'databases' setting (default ${DEFAULT-VALUE}).")
    int databases;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Path out = target.path();
        if (!Files.isRegularFile(rdb)) {
            throw new CommandFailedException("no RDB file at " + rdb);
        }
        if (!force && Files.exists(out)) {
            throw new CommandFailedException("snapshot " + out + " already exists (--force replaces it)");
        }
        if (out.toAbsolutePath().getParent() == null || !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new CommandFailedException("no directory for " + out);
        }
        ImportReport report;
        try (FileKeystore opened = keystore.open()) {
            report = new RdbImporter(MigrationSupport.codec(opened), MigrationSupport.config(databases), skipUnsupported)
                    .run(rdb, out);
        } catch (BadRdbException e) {
            throw new CommandFailedException("bad RDB file " + rdb + ": " + e.getMessage());
        } catch (SnapshotException e) {
            throw new CommandFailedException("cannot write the snapshot: " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailedException("cannot import " + rdb + ": " + e);
        }
        print(report, out);
        return ExitCodes.OK;
    }

    private void print(ImportReport report, Path out) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            MigrationSupport.json(stdout, report);
            return;
        }
        stdout.printf("Imported %d keys from %s (RDB version %d) into %s in %.2f s%n", report.keys(), rdb,
                report.rdbVersion(), out, report.seconds());
        report.databases().forEach((db, byType) -> stdout.printf("  db%d: %s%n", db, MigrationSupport.counts(byType)));
        if (report.expiredSkipped() > 0) {
            stdout.printf("  skipped (expired): %d%n", report.expiredSkipped());
        }
        if (!report.unsupportedSkipped().isEmpty()) {
            stdout.printf("  skipped (unsupported): %s%n", MigrationSupport.counts(report.unsupportedSkipped()));
        }
        if (!report.checksumVerified()) {
            stdout.printf("  not verified: the RDB file carries no checksum (rdbchecksum no, or RDB version < 5)%n");
        }
    }
}
