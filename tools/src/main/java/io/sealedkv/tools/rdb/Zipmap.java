package io.sealedkv.tools.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zipmap (hashes of Redis before 2.6): a count byte, then per pair a length, the field, a
 * length, a free-space byte, the value and that many unused bytes; 0xFF ends it. A length is one byte
 * below 254, or 254 followed by 4 bytes (little-endian).
 */
final class Zipmap {
    private Zipmap() {
    }

    /** Fields and values alternating. */
    static List<byte[]> pairs(byte[] bytes) throws BadRdbException {
        Blob blob = new Blob(bytes, "zipmap");
        blob.u8();
        List<byte[]> items = new ArrayList<>();
        while (blob.peek() != 0xFF) {
            items.add(blob.take(length(blob)));
            long valueLength = length(blob);
            int free = blob.u8();
            items.add(blob.take(valueLength));
            blob.skip(free);
        }
        blob.u8();
        if (blob.position() != bytes.length) {
            throw blob.bad("bytes after its end marker");
        }
        return items;
    }

    private static long length(Blob blob) throws BadRdbException {
        int first = blob.u8();
        if (first < 254) {
            return first;
        }
        if (first == 254) {
            return blob.little(4, false);
        }
        throw blob.bad("a length where the end marker is");
    }
}
