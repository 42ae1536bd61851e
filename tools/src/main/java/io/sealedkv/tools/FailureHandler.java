package io.sealedkv.tools;

import io.sealedkv.crypto.SealingException;
import io.sealedkv.keystore.KeystoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns a failed command into its exit code and one line on stderr; the stack
 * trace only with {@code --verbose}. Messages of the keystore and crypto exceptions never carry key
 * material or passphrases, so they are printed as they are.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println("sealedkv: " + describe(failure));
        if (verbose(parsed)) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode(failure);
    }

    private static String describe(Exception failure) {
        if (failure instanceof KeystoreException e) {
            return "keystore error " + e.reason() + ": " + e.getMessage();
        }
        if (failure instanceof SnapshotCheckException || failure instanceof CommandFailedException
                || failure instanceof IllegalStateException
                || failure instanceof SealingException) {
            return failure.getMessage();
        }
        if (failure instanceof UncheckedIOException e) {
            return "I/O error: " + IoErrors.describe(e.getCause());
        }
        return "unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static int exitCode(Exception failure) {
        if (failure instanceof KeystoreException e) {
            // the only settings come from this command line: a value the keystore refuses is a usage error
            return e.reason() == KeystoreException.Reason.INVALID_SETTING ? ExitCodes.USAGE : ExitCodes.KEYSTORE;
        }
        if (failure instanceof SnapshotCheckException e) {
            return e.exitCode();
        }
        return ExitCodes.FAILED;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(CommonOptions.VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
