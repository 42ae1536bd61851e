package io.sealedkv.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sealedkv keys}: the data key versions of a keystore file, while no server holds it open. */
@Command(name = "keys",
        description = {"Manages the data key versions of a keystore file (provider 'file') offline:"
                + " a running server holds the file's lock, and these commands then fail with IN_USE."},
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
