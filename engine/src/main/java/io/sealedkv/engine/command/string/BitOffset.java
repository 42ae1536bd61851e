package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import java.util.Arrays;

/**
 * Bit offsets of SETBIT, GETBIT and BITFIELD: non-negative and addressing fewer than proto-max-bulk-len
 * bytes (and, whatever that is set to, a byte a Java array can hold with room for a 64-bit field).
 */
final class BitOffset {
    private static final long MAX_BYTE = Integer.MAX_VALUE - 16;

    private BitOffset() {
    }

    /** A plain bit offset. */
    static long parse(CommandContext c, byte[] arg) {
        return check(c, Args.tryParseLong(arg));
    }

    /** A bit offset, or {@code #N} meaning the N-th field of {@code width} bits (BITFIELD). */
    static long parseField(CommandContext c, byte[] arg, int width) {
        if (arg.length == 0 || arg[0] != '#') {
            return parse(c, arg);
        }
        Long index = Args.tryParseLong(Arrays.copyOfRange(arg, 1, arg.length));
        return check(c, index == null ? null : index * width);
    }

    private static long check(CommandContext c, Long offset) {
        if (offset == null || offset < 0 || (offset >> 3) >= MAX_BYTE
                || (offset >> 3) >= c.server().config().longValue("proto-max-bulk-len")) {
            throw new CommandException("ERR bit offset is not an integer or out of range");
        }
        return offset;
    }
}
