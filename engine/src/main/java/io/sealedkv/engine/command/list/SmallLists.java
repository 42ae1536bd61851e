package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pushes and pops of one element on a small list, kept as one sealed block rewritten in its stored array
 * ({@link SealedList#storeSmall}), under the lock: the block is opened, changed and sealed again there, so
 * a push or pop leaves only young garbage. Kept as segments instead, each pushed element was an array of
 * its own that a pop left, seconds later, as old-generation garbage (100k lists of 10 under random
 * LPUSH/RPOP: the heap grew to 1.1 GB for ~65 MB live). A list is small while its block is at most
 * {@value #MAX_PLAIN} bytes and {@code list-max-listpack-size} elements; past that it becomes segments
 * ({@link SealedList#expand}), and a push makes segments small again once they are at most
 * {@value #SMALL_AGAIN_COUNT} elements of about {@value #SMALL_AGAIN_BYTES} bytes.
 */
final class SmallLists {
    /** The largest small block before sealing: every push or pop seals it whole. */
    static final int MAX_PLAIN = 1024;
    /** A list in segments of at most this many elements is made small by a push... */
    static final int SMALL_AGAIN_COUNT = 16;
    /**
     * ...when its segments hold at most this many bytes besides their envelopes (half the small bound, so a list
     * of large elements does not change form at every push and pop).
     */
    static final int SMALL_AGAIN_BYTES = MAX_PLAIN / 2;
    /** What a sealed segment is counted for beyond its plaintext there (the envelope is 34 bytes, LZF's header 2-3). */
    private static final int ENVELOPE_ALLOWANCE = 40;

    private SmallLists() {
    }

    /**
     * Whether a push of {@code pushed} to {@code list} (null: a new one) will likely go through here, so its
     * elements need not be sealed alone before the lock; read without the lock, a guess.
     */
    static boolean takesPushes(SealedList list, List<byte[]> pushed) {
        if (encodedSize(pushed) > MAX_PLAIN) {
            return false;
        }
        return list == null ? pushed.size() >= 2 : list.small() || smallAgain(list);
    }

    private static int encodedSize(List<byte[]> elements) {
        int bytes = 0;
        for (byte[] element : elements) {
            bytes += ListBlock.encodedSize(element.length);
        }
        return bytes;
    }

    private static boolean smallAgain(SealedList list) {
        return list.size() <= SMALL_AGAIN_COUNT
                && list.sealedBytes() <= SMALL_AGAIN_BYTES + (long) ENVELOPE_ALLOWANCE * list.segmentCount();
    }

    /**
     * Pushes {@code pushed} (in list order) at the head or tail of a small list, or of one that becomes small;
     * false, having changed nothing but the encoding, when the list is (or becomes) segments.
     */
    static boolean push(SealedList list, ElementSealer sealer, List<byte[]> pushed, boolean head, NodeFill fill) {
        if (!list.small() && (!smallAgain(list) || list.size() + pushed.size() < 2)) {
            return false;
        }
        if (list.size() + pushed.size() > fill.maxEntries()
                || list.small() && list.smallPlainBytes() + encodedSize(pushed) > MAX_PLAIN) {
            list.expand(); // known past a bound without opening anything
            return false;
        }
        List<byte[]> all = elements(list, sealer);
        try {
            if (encodedSize(all) + encodedSize(pushed) > MAX_PLAIN || all.size() + pushed.size() > fill.maxEntries()) {
                list.expand();
                return false;
            }
            all.addAll(head ? 0 : all.size(), pushed);
            store(list, sealer, all);
            return true;
        } finally {
            for (int i = 0; i < all.size(); i++) {
                if (!containsSame(pushed, all.get(i))) {
                    Arrays.fill(all.get(i), (byte) 0);
                }
            }
        }
    }

    /** Whether {@code element} is one of {@code pushed} (the caller's arguments, not ours to wipe). */
    private static boolean containsSame(List<byte[]> pushed, byte[] element) {
        for (byte[] candidate : pushed) {
            if (candidate == element) {
                return true;
            }
        }
        return false;
    }

    /**
     * Pops {@code count} elements (at least 1, at most all) off the head (or tail) of a small list and returns
     * them sealed one by one, in pop order, for the reply after the lock; null when the list is not small.
     * The one element left by a pop is kept as a single, as in a list in segments; none left, the list is empty.
     */
    static List<Object> pop(SealedList list, ElementSealer sealer, boolean head, int count) {
        if (!list.small()) {
            return null;
        }
        List<byte[]> all = elements(list, sealer);
        try {
            List<Object> taken = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                taken.add(sealer.seal(all.get(head ? i : all.size() - 1 - i)));
            }
            store(list, sealer, head ? all.subList(count, all.size()) : all.subList(0, all.size() - count));
            return taken;
        } finally {
            all.forEach(element -> Arrays.fill(element, (byte) 0));
        }
    }

    /**
     * The elements of the list (small, or in segments), opened; the caller wipes them. When a segment does not
     * open, those opened before it are wiped here (review-22 R4).
     */
    private static List<byte[]> elements(SealedList list, ElementSealer sealer) {
        List<byte[]> all = new ArrayList<>((int) list.size() + 1);
        try {
            for (Object segment : list.segments()) {
                all.addAll(Arrays.asList(ListPacker.open(sealer, segment)));
            }
        } catch (RuntimeException e) {
            all.forEach(element -> Arrays.fill(element, (byte) 0));
            throw e;
        }
        return all;
    }

    /** Makes {@code elements} the whole list: one block, a single when only one, nothing when none. */
    private static void store(SealedList list, ElementSealer sealer, List<byte[]> elements) {
        if (elements.isEmpty()) {
            list.dropSmall();
            return;
        }
        if (elements.size() == 1) {
            byte[] single = sealer.seal(elements.get(0));
            if (list.small()) {
                list.dropSmall();
            } else {
                clear(list);
            }
            list.addLast(single);
            return;
        }
        byte[] block = ListBlock.encode(elements, 0, elements.size());
        try {
            byte[] sealed = sealer.seal(block);
            if (!list.small()) {
                clear(list);
            }
            list.storeSmall(sealed, elements.size(), block.length);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    /** Takes every segment off a list in segments (a small list's block is rewritten in place instead). */
    private static void clear(SealedList list) {
        while (list.segmentCount() > 0) {
            list.removeFirst();
        }
    }
}
