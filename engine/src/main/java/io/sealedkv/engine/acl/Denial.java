package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.CommandSpec;

/**
 * Why a user may not run a command: the command itself, one of its keys or one of its channels.
 *
 * @param reason  {@code command}, {@code key} or {@code channel}, as ACL LOG names it
 * @param object  the command's full name, or the denied key or channel
 */
public record Denial(String reason, String object) {
    static Denial command(CommandSpec spec) {
        return new Denial("command", spec.fullName());
    }

    /** The NOPERM error the client gets, in Redis 7.0's words. */
    public String error() {
        return switch (reason) {
            case "command" -> "NOPERM this user has no permissions to run the '" + object + "' command";
            case "key" -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            default -> "NOPERM this user has no permissions to access one of the channels used as arguments";
        };
    }

    /** The NOPERM error of a command queued in a transaction whose user's rules changed before EXEC (Redis 7.0). */
    public String errorAtExec() {
        String why = switch (reason) {
            case "command" -> "no permission to execute the command or subcommand";
            case "key" -> "no permission to touch the specified keys";
            default -> "no permission to access one of the channels used as arguments";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + why;
    }

    /** ACL DRYRUN's answer, which names the key or channel. */
    public String dryRunText() {
        return switch (reason) {
            case "command" -> "This user has no permissions to run the '" + object + "' command";
            case "key" -> "This user has no permissions to access the '" + object + "' key";
            default -> "This user has no permissions to access the '" + object + "' channel";
        };
    }
}
