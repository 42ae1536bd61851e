package io.sealedkv.tools.rdb;

import java.util.ArrayList;
import java.util.List;

/** Reads an intset: element width (uint32 LE: 2, 4 or 8), count (uint32 LE), the integers (LE, signed). */
final class Intset {
    private Intset() {
    }

    static List<byte[]> members(byte[] bytes) throws BadRdbException {
        Blob blob = new Blob(bytes, "intset");
        long width = blob.little(4, false);
        if (width != 2 && width != 4 && width != 8) {
            throw blob.bad("element width " + width);
        }
        long count = blob.little(4, false);
        if (count * width != bytes.length - 8) {
            throw blob.bad(count + " elements of " + width + " bytes do not fill its " + bytes.length + " bytes");
        }
        List<byte[]> members = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            members.add(RdbInput.decimal(blob.little((int) width, true)));
        }
        return members;
    }
}
