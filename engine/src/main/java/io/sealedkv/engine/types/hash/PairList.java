package io.sealedkv.engine.types.hash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The opened field/value pairs of a hash, in order (what Redis's listpack holds), and the plaintext
 * layout they are sealed in: for each pair a varint field length, the field, a varint value length,
 * the value. A single pair of a hashtable-encoded hash is sealed in the same layout. Holds plaintext:
 * {@link #wipe()} it once done.
 */
public final class PairList {
    private final List<byte[]> fields = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private boolean modified;
    private long longestWritten;

    public int size() {
        return fields.size();
    }

    public byte[] field(int index) {
        return fields.get(index);
    }

    public byte[] value(int index) {
        return values.get(index);
    }

    /** The position of {@code field}, or -1. */
    public int indexOf(byte[] field) {
        for (int i = 0; i < fields.size(); i++) {
            if (Arrays.equals(fields.get(i), field)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of {@code field} (not a copy), or null. */
    public byte[] get(byte[] field) {
        int i = indexOf(field);
        return i < 0 ? null : values.get(i);
    }

    /** Sets {@code field} to a copy of {@code value}, appending a new field at the end; true when new. */
    public boolean set(byte[] field, byte[] value) {
        modified = true;
        longestWritten = Math.max(longestWritten, Math.max(field.length, value.length));
        int i = indexOf(field);
        if (i >= 0) {
            Arrays.fill(values.get(i), (byte) 0);
            values.set(i, value.clone());
            return false;
        }
        fields.add(field.clone());
        values.add(value.clone());
        return true;
    }

    /**
     * Appends a pair known not to be here (the pairs of a hashtable), taking the arrays as they are;
     * not a change.
     */
    public void append(byte[] field, byte[] value) {
        fields.add(field);
        values.add(value);
    }

    /** Removes {@code field}; true when it was there. */
    public boolean remove(byte[] field) {
        int i = indexOf(field);
        if (i < 0) {
            return false;
        }
        modified = true;
        Arrays.fill(fields.remove(i), (byte) 0);
        Arrays.fill(values.remove(i), (byte) 0);
        return true;
    }

    /** Whether {@link #set} or {@link #remove} changed anything since decoding. */
    public boolean modified() {
        return modified;
    }

    /** The longest field or value given to {@link #set}: what decides a conversion, as in Redis. */
    public long longestWritten() {
        return longestWritten;
    }

    /** The sealed layout of all pairs. */
    public byte[] encode() {
        int length = 0;
        for (int i = 0; i < fields.size(); i++) {
            length += pairLength(fields.get(i), values.get(i));
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (int i = 0; i < fields.size(); i++) {
            pos = writePair(out, pos, fields.get(i), values.get(i));
        }
        return out;
    }

    /** The sealed layout of one pair. */
    public static byte[] encodePair(byte[] field, byte[] value) {
        byte[] out = new byte[pairLength(field, value)];
        writePair(out, 0, field, value);
        return out;
    }

    /** Wipes the plaintext {@code layout} after reading the pairs it holds. */
    public static PairList decode(byte[] layout) {
        PairList pairs = new PairList();
        try {
            int[] pos = {0};
            while (pos[0] < layout.length) {
                pairs.fields.add(readChunk(layout, pos));
                pairs.values.add(readChunk(layout, pos));
            }
            return pairs;
        } finally {
            Arrays.fill(layout, (byte) 0);
        }
    }

    /** Overwrites every plaintext held. */
    public void wipe() {
        fields.forEach(f -> Arrays.fill(f, (byte) 0));
        values.forEach(v -> Arrays.fill(v, (byte) 0));
    }

    private static int pairLength(byte[] field, byte[] value) {
        return varintLength(field.length) + field.length + varintLength(value.length) + value.length;
    }

    private static int varintLength(int n) {
        return n < 1 << 7 ? 1 : n < 1 << 14 ? 2 : n < 1 << 21 ? 3 : n < 1 << 28 ? 4 : 5;
    }

    private static int writePair(byte[] out, int pos, byte[] field, byte[] value) {
        pos = writeChunk(out, pos, field);
        return writeChunk(out, pos, value);
    }

    private static int writeChunk(byte[] out, int pos, byte[] chunk) {
        int n = chunk.length;
        while ((n & ~0x7f) != 0) {
            out[pos++] = (byte) ((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out[pos++] = (byte) n;
        System.arraycopy(chunk, 0, out, pos, chunk.length);
        return pos + chunk.length;
    }

    private static byte[] readChunk(byte[] layout, int[] pos) {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos[0] >= layout.length || shift > 28) {
                throw new IllegalStateException("malformed hash block");
            }
            int b = layout[pos[0]++];
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length < 0 || length > layout.length - pos[0]) {
            throw new IllegalStateException("malformed hash block");
        }
        byte[] chunk = Arrays.copyOfRange(layout, pos[0], pos[0] + length);
        pos[0] += length;
        return chunk;
    }
}
