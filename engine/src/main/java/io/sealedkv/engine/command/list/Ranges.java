package io.sealedkv.engine.command.list;

/** LRANGE's and LTRIM's index rules. */
final class Ranges {
    private Ranges() {
    }

    /**
     * The inclusive range {@code [start, end]} of a list of {@code size} elements, negative indexes
     * counting from the end, clamped to the list; null when it selects nothing.
     */
    static long[] clamp(long start, long end, long size) {
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return null;
        }
        return new long[] {start, Math.min(end, size - 1)};
    }
}
