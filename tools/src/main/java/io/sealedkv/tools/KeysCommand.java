package io.sealedkv.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sealedkv keys}: the data key versions of a keystore file. */
@Command(name = "keys",
        description = {"Manages the data key versions of a keystore file (provider 'file').",
            "A running server holds the file's lock: the commands that change the file then fail with IN_USE"
                + " (rotate and rewrap go through the server with --host/--port); 'list' opens it read-only."},
        subcommands = {InitCommand.class, ListCommand.class, RotateCommand.class, DestroyCommand.class,
            ChangePassphraseCommand.class, RewrapCommand.class},
        footer = {"", KeystoreOptions.PASSPHRASE_HELP})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
