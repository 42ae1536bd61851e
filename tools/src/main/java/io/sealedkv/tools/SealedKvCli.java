package io.sealedkv.tools;

import io.sealedkv.tools.rdb.ExportRdbCommand;
import io.sealedkv.tools.rdb.ImportRdbCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code sealedkv} command line: {@code bin/sealedkv} runs {@link #main}. */
@Command(name = "sealedkv", mixinStandardHelpOptions = true, versionProvider = SealedKvCli.JarVersion.class,
        description = "Administers SealedKV: data keys (offline or through a running server), snapshots and"
                + " backups (verify, inspect, backup, restore), migration from and to Redis RDB files, live"
                + " monitoring.",
        subcommands = {KeysCommand.class, VerifyCommand.class, InspectCommand.class, BackupCommand.class,
            RestoreCommand.class, ImportRdbCommand.class, ExportRdbCommand.class, MonitorCommand.class},
        exitCodeListHeading = "%nExit codes (4 to 6 come from verify, inspect, backup and restore):%n",
        exitCodeList = {
            "0:success",
            "1:the operation failed or was refused (destroy without --force, init on an existing file, a bad RDB"
                    + " file, a snapshot export-rdb cannot read, ...)",
            "2:usage error: unknown option (--passphrase included), missing or invalid argument",
            "3:keystore error: wrong passphrase, damaged or modified file, file in use, bad permissions, ...;"
                    + " one line on stderr names the reason, e.g. WRONG_PASSPHRASE",
            "4:snapshot or backup damaged: authentication failure at segment N (a changed bit), bad header,"
                    + " checksum mismatch, a value that does not open or decode, a wrong element token",
            "5:snapshot or backup truncated (after segment N, or inside the header)",
            "6:a data key version the snapshot needs is missing from the keystore or was destroyed, or the"
                    + " snapshot was sealed with another keystore (its stream key does not open)"},
        footer = {"%nRun 'sealedkv COMMAND --help' for a command's options and exit codes, 'sealedkv keys --help'"
            + " for the keystore commands."})
public final class SealedKvCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("sealedkv: out of memory (" + e.getMessage() + "); give the JVM more, e.g."
                    + " JAVA_OPTS=-Xmx4g bin/sealedkv ...");
            exitCode = ExitCodes.FAILED;
        }
        System.exit(exitCode);
    }

    /** The command tree with the handlers that turn every failure into one line and an exit code. */
    static CommandLine commandLine() {
        return new CommandLine(new SealedKvCli())
                .setExecutionExceptionHandler(new FailureHandler())
                .setParameterExceptionHandler(new UsageErrorHandler());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The version the runnable jar's manifest names. */
    static final class JarVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SealedKvCli.class.getPackage().getImplementationVersion();
            return new String[] {"sealedkv " + (version == null ? "(development build)" : version)};
        }
    }
}
