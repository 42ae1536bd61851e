package io.sealedkv.tools;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Usage errors: one line saying what is wrong and where the help is (exit code 2). Someone who tries
 * to pass a passphrase as an argument is told where it belongs, and the arguments, which would echo
 * it, are not repeated.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    private static final Pattern PASSPHRASE_OPTION = Pattern.compile("--(new-)?passphrase(=.*)?");

    @Override
    public int handleParseException(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        if (Arrays.stream(args).anyMatch(arg -> PASSPHRASE_OPTION.matcher(arg).matches())) {
            err.println("sealedkv: there is no --passphrase option: a passphrase is never a command-line"
                    + " argument; use --passphrase-env NAME or --passphrase-file PATH (and --new-passphrase-env"
                    + " or --new-passphrase-file for change-passphrase)");
        } else {
            err.println("sealedkv: " + problem.getMessage());
        }
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
