package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GET, SET or INCRBY of a BITFIELD call on a field of {@code width} bits at bit {@code offset},
 * with the OVERFLOW policy in force where it appears.
 */
record BitfieldOp(Kind kind, boolean signed, int width, long offset, long value, BitfieldOverflow overflow) {
    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    enum Kind { GET, SET, INCRBY }

    /** Every operation from argument 2 on, checked completely before any runs. */
    static List<BitfieldOp> parseAll(CommandContext c) {
        List<BitfieldOp> ops = new ArrayList<>();
        BitfieldOverflow overflow = BitfieldOverflow.WRAP;
        int j = 2;
        while (j < c.argc()) {
            int remaining = c.argc() - j - 1;
            if (c.argIs(j, "overflow") && remaining >= 1) {
                overflow = BitfieldOverflow.parse(c.arg(j + 1));
                j += 2;
                continue;
            }
            Kind kind = kind(c, j, remaining);
            byte[] type = c.arg(j + 1);
            boolean signed = type.length > 0 && type[0] == 'i';
            int width = width(type);
            long offset = BitOffset.parseField(c, c.arg(j + 2), width);
            long value = kind == Kind.GET ? 0 : c.argLong(j + 3);
            ops.add(new BitfieldOp(kind, signed, width, offset, value, overflow));
            j += kind == Kind.GET ? 3 : 4;
        }
        return ops;
    }

    private static Kind kind(CommandContext c, int j, int remaining) {
        if (c.argIs(j, "get") && remaining >= 2) {
            return Kind.GET;
        }
        if (c.argIs(j, "set") && remaining >= 3) {
            return Kind.SET;
        }
        if (c.argIs(j, "incrby") && remaining >= 3) {
            return Kind.INCRBY;
        }
        throw Errors.syntax();
    }

    /** The width of a type such as {@code i16} or {@code u8}: i1..i64, u1..u63. */
    private static int width(byte[] type) {
        if (type.length == 0 || (type[0] != 'i' && type[0] != 'u')) {
            throw new CommandException(BAD_TYPE);
        }
        Long bits = Args.tryParseLong(Arrays.copyOfRange(type, 1, type.length));
        if (bits == null || bits < 1 || bits > (type[0] == 'i' ? 64 : 63)) {
            throw new CommandException(BAD_TYPE);
        }
        return (int) (long) bits;
    }

    boolean writes() {
        return kind != Kind.GET;
    }

    /** The field's current value, sign-extended for signed fields; bits past the end read as 0. */
    long read(byte[] bytes) {
        long raw = BitArrays.getField(bytes, offset, width);
        if (signed && width < 64 && (raw & (1L << (width - 1))) != 0) {
            return raw | (-1L << width);
        }
        return raw;
    }
}
