package io.sealedkv.engine.types.list;

import java.util.Arrays;
import java.util.List;

/**
 * The plaintext layout of a packed node before it is sealed, in the manner of a listpack: each element
 * is its length as an unsigned LEB128 varint followed by its bytes; the element count is kept beside the
 * sealed block. Decoding never trusts a length past the end of the block.
 */
public final class ListBlock {
    private ListBlock() {
    }

    /** Bytes an element takes in a block. */
    public static int encodedSize(int length) {
        return varintSize(length) + length;
    }

    /** Encodes {@code elements[from, to)} as one block. */
    public static byte[] encode(List<byte[]> elements, int from, int to) {
        int size = 0;
        for (int i = from; i < to; i++) {
            size += encodedSize(elements.get(i).length);
        }
        byte[] block = new byte[size];
        int at = 0;
        for (int i = from; i < to; i++) {
            byte[] element = elements.get(i);
            at = writeVarint(block, at, element.length);
            System.arraycopy(element, 0, block, at, element.length);
            at += element.length;
        }
        return block;
    }

    /**
     * Splits a block into copies of its elements; the caller wipes the block and, once done, the copies.
     *
     * @throws IllegalArgumentException when the block does not hold exactly {@code count} elements
     */
    public static byte[][] decode(byte[] block, int count) {
        return copies(block, bounds(block, count), 0, count);
    }

    /** Copies of elements {@code [from, to)} of a block whose elements lie at {@code bounds}. */
    static byte[][] copies(byte[] block, long[] bounds, int from, int to) {
        byte[][] elements = new byte[to - from][];
        for (int i = from; i < to; i++) {
            elements[i - from] = Arrays.copyOfRange(block, offset(bounds[i]), offset(bounds[i]) + length(bounds[i]));
        }
        return elements;
    }

    /**
     * Where each element of a block lies, in order: its {@link #offset} and {@link #length} in one long.
     *
     * @throws IllegalArgumentException when the block does not hold exactly {@code count} elements
     */
    public static long[] bounds(byte[] block, int count) {
        long[] bounds = new long[count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            long header = readVarint(block, at);
            int length = (int) header;
            at = (int) (header >>> 32);
            if (length > block.length - at) {
                throw new IllegalArgumentException("list block element runs past the block");
            }
            bounds[i] = ((long) at << 32) | length;
            at += length;
        }
        if (at != block.length) {
            throw new IllegalArgumentException("list block holds more than its count");
        }
        return bounds;
    }

    /** The offset in the block of an element's bytes, from its {@link #bounds}. */
    public static int offset(long bounds) {
        return (int) (bounds >>> 32);
    }

    /** The length of an element, from its {@link #bounds}. */
    public static int length(long bounds) {
        return (int) bounds;
    }

    /** Receives elements in place: bytes {@code [offset, offset + length)} of a plaintext wiped after the call. */
    @FunctionalInterface
    public interface ElementSink {
        void accept(byte[] plaintext, int offset, int length);
    }

    /**
     * Hands elements {@code [skip, skip + max)} of a block of {@code count} elements to {@code sink} in
     * place, without copying them out; returns how many it handed. The block stays the caller's to wipe.
     * A block read to its end must hold exactly {@code count} elements.
     *
     * @throws IllegalArgumentException when an element runs past the block or, read to its end, the
     *         block does not hold exactly {@code count} elements
     */
    public static int visit(byte[] block, int count, int skip, long max, ElementSink sink) {
        int at = 0;
        int handed = 0;
        for (int i = 0; i < count; i++) {
            if (i >= skip && handed >= max) {
                return handed;
            }
            long header = readVarint(block, at);
            int length = (int) header;
            at = (int) (header >>> 32);
            if (length > block.length - at) {
                throw new IllegalArgumentException("list block element runs past the block");
            }
            if (i >= skip) {
                sink.accept(block, at, length);
                handed++;
            }
            at += length;
        }
        if (at != block.length) {
            throw new IllegalArgumentException("list block holds more than its count");
        }
        return handed;
    }

    /** Wipes every element, then the arrays of them stay for the garbage collector. */
    public static void wipe(byte[][] elements) {
        for (byte[] element : elements) {
            if (element != null) {
                Arrays.fill(element, (byte) 0);
            }
        }
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7f) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static int writeVarint(byte[] out, int at, int value) {
        while ((value & ~0x7f) != 0) {
            out[at++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    /** The varint at {@code at}: its value in the low 32 bits, the position after it in the high 32. */
    private static long readVarint(byte[] in, int at) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at >= in.length) {
                throw new IllegalArgumentException("list block cut inside a length");
            }
            int b = in[at++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("list block element length out of range");
                }
                return value | ((long) at << 32);
            }
        }
        throw new IllegalArgumentException("list block length too long");
    }
}
