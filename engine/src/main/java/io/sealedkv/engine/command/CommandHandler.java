package io.sealedkv.engine.command;

/** Executes one command: parses its arguments, does its work, writes its reply. */
@FunctionalInterface
public interface CommandHandler {
    void execute(CommandContext context);
}
