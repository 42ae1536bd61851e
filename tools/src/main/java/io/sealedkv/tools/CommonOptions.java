package io.sealedkv.tools;

import picocli.CommandLine.Option;

/** Options every subcommand has. */
public final class CommonOptions {
    static final String VERBOSE = "--verbose";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Read by {@link FailureHandler} from the parse result. */
    @Option(names = VERBOSE, description = "On failure, also print the stack trace to stderr.")
    boolean verbose;
}
