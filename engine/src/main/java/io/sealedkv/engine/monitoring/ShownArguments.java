package io.sealedkv.engine.monitoring;

import io.sealedkv.engine.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What MONITOR and SLOWLOG show of a command's arguments. By default values stay hidden: the command
 * (and subcommand) name and the key names are shown, every other argument is replaced by
 * {@value #REDACTED}; {@code show-argument-values yes} shows them all, as Redis does. Keys are known
 * from the command's key specs (a key count included); when the arguments do not fit them, no argument
 * counts as a key.
 */
public final class ShownArguments {
    public static final String REDACTED = "(redacted)";
    private static final byte[] REDACTED_BYTES = REDACTED.getBytes(StandardCharsets.US_ASCII);

    private ShownArguments() {
    }

    /** True for the placeholder of a hidden value (never a copy of a client's argument). */
    public static boolean isRedacted(byte[] shown) {
        return shown == REDACTED_BYTES;
    }

    /** Copies of the arguments to show, values replaced unless {@code showValues}. */
    public static List<byte[]> of(CommandSpec spec, byte[][] args, boolean showValues) {
        List<byte[]> shown = new ArrayList<>(args.length);
        int names = spec.name().indexOf('|') >= 0 ? 2 : 1;
        boolean[] keys = new boolean[args.length];
        for (int position : spec.keyPositions(args)) {
            keys[position] = true;
        }
        for (int i = 0; i < args.length; i++) {
            boolean visible = (showValues || i < names || keys[i]) && !secret(spec, args, i);
            shown.add(visible ? args[i].clone() : REDACTED_BYTES);
        }
        return shown;
    }

    /**
     * Arguments hidden even with {@code show-argument-values yes}, as Redis redacts them: AUTH's user
     * and password, HELLO's AUTH user and password, ACL SETUSER's rules (they hold passwords) and the
     * value of CONFIG SET requirepass.
     */
    private static boolean secret(CommandSpec spec, byte[][] args, int index) {
        return switch (spec.name()) {
            case "auth" -> index >= 1;
            case "hello" -> index >= 3 && isHelloAuthValue(args, index);
            case "acl|setuser" -> index >= 3;
            case "config|set" -> index >= 3 && index % 2 == 1
                    && new String(args[index - 1], StandardCharsets.US_ASCII).equalsIgnoreCase("requirepass");
            default -> false;
        };
    }

    private static boolean isHelloAuthValue(byte[][] args, int index) {
        for (int i = 2; i < index; i++) {
            if (new String(args[i], StandardCharsets.US_ASCII).equalsIgnoreCase("auth") && index <= i + 2) {
                return true;
            }
        }
        return false;
    }
}
