package io.sealedkv.engine.command;

/** The Redis error replies commands share, by name. */
public final class Errors {
    private Errors() {
    }

    public static CommandException syntax() {
        return new CommandException("ERR syntax error");
    }

    public static CommandException notInteger() {
        return new CommandException("ERR value is not an integer or out of range");
    }

    public static CommandException notFloat() {
        return new CommandException("ERR value is not a valid float");
    }

    public static CommandException wrongArity(String fullName) {
        return new CommandException("ERR wrong number of arguments for '" + fullName + "' command");
    }

    public static CommandException invalidExpireTime(String fullName) {
        return new CommandException("ERR invalid expire time in '" + fullName + "' command");
    }

    public static CommandException noSuchKey() {
        return new CommandException("ERR no such key");
    }

    public static CommandException dbIndexOutOfRange() {
        return new CommandException("ERR DB index is out of range");
    }

    public static CommandException overflow() {
        return new CommandException("ERR increment or decrement would overflow");
    }

    public static CommandException stringTooLong() {
        return new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }

    /**
     * Redis's error for a subcommand given more arguments than it takes (its addReplySubcommandSyntaxError):
     * the subcommand as the client typed it, the command in capitals.
     */
    public static CommandException subcommandSyntax(String typed, String command) {
        return generic("unknown subcommand or wrong number of arguments for '" + typed + "'. Try "
                + command.toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    public static CommandException generic(String message) {
        return new CommandException("ERR " + message);
    }
}
