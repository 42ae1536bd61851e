package io.sealedkv.engine.command;

import java.util.List;

/**
 * The flags of a key whose spec says {@code variable_flags}, decided by the arguments as Redis 7.0's
 * key procedures decide them: SET overwrites its key, and reads it too with GET ({@code setGetKeys});
 * BITFIELD only reads its key unless an operation may write ({@code bitfieldGetKeys}). COMMAND
 * GETKEYSANDFLAGS reports these flags and ACL key permissions are checked against them.
 */
public final class VariableKeyFlags {
    private static final List<String> OVERWRITE = List.of("OW", "update");
    private static final List<String> READ_WRITE = List.of("RW", "access", "update");
    private static final List<String> READ_ONLY = List.of("RO", "access");

    private VariableKeyFlags() {
    }

    /**
     * The flags of {@code keySpec} (one of {@code spec}'s) for {@code args}, the command name at 0: its
     * declared flags unless they are variable.
     */
    public static List<String> of(CommandSpec spec, KeySpec keySpec, byte[][] args) {
        if (!keySpec.flags().contains("variable_flags")) {
            return keySpec.flags();
        }
        return switch (spec.name()) {
            case "set" -> set(args);
            case "bitfield" -> bitfield(args);
            default -> keySpec.flags();
        };
    }

    private static List<String> set(byte[][] args) {
        for (int i = 3; i < args.length; i++) {
            if (Text.is(args[i], "get")) {
                return READ_WRITE;
            }
        }
        return OVERWRITE;
    }

    /** Read-only when every operation is a whole GET (or OVERFLOW); anything else may write. */
    private static List<String> bitfield(byte[][] args) {
        for (int i = 2; i < args.length; i++) {
            int remaining = args.length - i - 1;
            if (Text.is(args[i], "get") && remaining >= 2) {
                i += 2;
            } else if (Text.is(args[i], "overflow") && remaining >= 1) {
                i += 1;
            } else {
                return READ_WRITE;
            }
        }
        return READ_ONLY;
    }
}
