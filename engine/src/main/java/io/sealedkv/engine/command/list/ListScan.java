package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Searches a snapshot of a list's segments outside the lock, opening one segment at a time. */
final class ListScan {
    private ListScan() {
    }

    /** LPOS: the indexes of the matches {@code options} select. */
    static List<Long> positions(ElementSealer sealer, Object[] segments, byte[] wanted, LposOptions options) {
        boolean fromHead = options.rank() > 0;
        long rank = fromHead ? options.rank() : -options.rank();
        long limit = options.withCount() ? options.count() : 1;
        long size = 0;
        for (Object segment : segments) {
            size += SealedList.countOf(segment);
        }
        List<Long> found = new ArrayList<>();
        long examined = 0;
        long matches = 0;
        for (int s = 0; s < segments.length; s++) {
            byte[][] elements = ListPacker.open(sealer, segments[fromHead ? s : segments.length - 1 - s]);
            try {
                for (int e = 0; e < elements.length; e++, examined++) {
                    if (options.maxlen() != 0 && examined >= options.maxlen()) {
                        return found;
                    }
                    byte[] element = elements[fromHead ? e : elements.length - 1 - e];
                    if (Arrays.equals(element, wanted) && ++matches >= rank) {
                        found.add(fromHead ? examined : size - 1 - examined);
                        if (limit != 0 && found.size() == limit) {
                            return found;
                        }
                    }
                }
            } finally {
                ListBlock.wipe(elements);
            }
        }
        return found;
    }
}
