package io.sealedkv.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code keys} subcommand has: the common options, the keystore options and an output. */
abstract class KeystoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    KeystoreOptions keystore;

    /** Standard output, which scripts read: the command's result and nothing else. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
