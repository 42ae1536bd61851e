package io.sealedkv.engine.types.list;

/**
 * How full a packed node may get, from {@code list-max-listpack-size} as Redis reads it: a negative value
 * -1 .. -5 caps the node's plaintext at 4, 8, 16, 32 or 64 KiB (lower values count as -5); a positive value
 * caps its element count, and then 8 KiB still caps its size, as Redis's safety limit does.
 */
public record NodeFill(int maxEntries, int maxBytes) {
    private static final int SAFETY_LIMIT = 8192;

    public static NodeFill of(long listMaxListpackSize) {
        if (listMaxListpackSize >= 0) {
            return new NodeFill((int) Math.max(1, Math.min(listMaxListpackSize, Integer.MAX_VALUE)), SAFETY_LIMIT);
        }
        int level = (int) Math.min(5, -listMaxListpackSize);
        return new NodeFill(Integer.MAX_VALUE, 4096 << (level - 1));
    }

    /** True when a node of {@code count} elements and {@code bytes} of block may take one more of {@code size}. */
    public boolean admits(int count, int bytes, int size) {
        return count == 0 || (count < maxEntries && (long) bytes + size <= maxBytes);
    }
}
