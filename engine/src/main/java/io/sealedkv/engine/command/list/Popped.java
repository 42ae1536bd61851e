package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.SealedList;
import java.util.List;

/**
 * Elements taken off one edge of a list under the lock, to be replied with after it: {@code segments} in the
 * order they were taken, each holding its elements in list order, opened for the reply; or, from a small
 * list's block, already {@code opened} (in pop order), which the reply wipes once written.
 */
record Popped(byte[] key, ElementSealer sealer, List<Object> segments, boolean head, byte[][] opened) {
    Popped(byte[] key, ElementSealer sealer, List<Object> segments, boolean head) {
        this(key, sealer, segments, head, null);
    }

    Popped(byte[] key, ElementSealer sealer, byte[][] opened, boolean head) {
        this(key, sealer, List.of(), head, opened);
    }

    long count() {
        if (opened != null) {
            return opened.length;
        }
        long n = 0;
        for (Object segment : segments) {
            n += SealedList.countOf(segment);
        }
        return n;
    }

    /** Writes the elements as bulks, in pop order (a tail pop gives the last element first). */
    void writeElements(RespWriter reply) {
        if (opened != null) {
            try {
                for (byte[] element : opened) {
                    reply.bulk(element);
                }
            } finally {
                ListBlock.wipe(opened);
            }
            return;
        }
        for (Object segment : segments) {
            byte[][] elements = ListPacker.open(sealer, segment);
            try {
                for (int i = 0; i < elements.length; i++) {
                    reply.bulk(elements[head ? i : elements.length - 1 - i]);
                }
            } finally {
                ListBlock.wipe(elements);
            }
        }
    }
}
