package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import java.util.Locale;

/** The operations of BITOP; shorter sources count as zero-padded to the longest. */
enum BitOperation {
    AND, OR, XOR, NOT;

    static BitOperation parse(byte[] name) {
        for (BitOperation op : values()) {
            if (Text.is(name, op.name().toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        throw Errors.syntax();
    }

    /** The result, as long as the longest source (empty when every source is). */
    byte[] apply(byte[][] sources) {
        int length = 0;
        for (byte[] source : sources) {
            length = Math.max(length, source.length);
        }
        byte[] result = new byte[length];
        for (int i = 0; i < length; i++) {
            int value = byteAt(sources[0], i);
            for (int s = 1; s < sources.length; s++) {
                value = combine(value, byteAt(sources[s], i));
            }
            result[i] = (byte) (this == NOT ? ~value : value);
        }
        return result;
    }

    private int combine(int a, int b) {
        return switch (this) {
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case NOT -> throw new IllegalStateException("NOT takes a single source");
        };
    }

    private static int byteAt(byte[] source, int index) {
        return index < source.length ? source[index] & 0xff : 0;
    }
}
