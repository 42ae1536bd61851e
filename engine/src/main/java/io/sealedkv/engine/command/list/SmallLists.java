package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pushes and pops on a small list, kept as one sealed block rewritten in its stored array
 * ({@link SealedList#storeSmall}), so a push or pop leaves only young garbage. Kept as segments instead,
 * each pushed element was an array of its own that a pop left, seconds later, as old-generation garbage
 * (100k lists of 10 under random LPUSH/RPOP: the heap grew to 1.1 GB for ~65 MB live). A list is small
 * while its block is at most {@value #MAX_PLAIN} bytes and {@code list-max-listpack-size} elements; past
 * that it becomes segments ({@link SealedList#expand}), and a push makes segments small again once they
 * are at most {@value #SMALL_AGAIN_COUNT} elements of about {@value #SMALL_AGAIN_BYTES} bytes.
 *
 * <p>A push or pop alone works on a {@link Snapshot} of the block read under the lock: it opens, changes
 * and seals it without the lock, and its {@link Change} is applied under the lock only if the list was not
 * changed meanwhile. A pop hands the popped elements open to its reply, so a pop costs two AES-GCM
 * operations (open the block, seal the rest) and a push two (open, seal).
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

    /** Whether a push of {@code pushed} keeps the small {@code list} small: known without opening it. */
    private static boolean staysSmall(SealedList list, List<byte[]> pushed, NodeFill fill) {
        return list.size() + pushed.size() <= fill.maxEntries()
                && list.smallPlainBytes() + encodedSize(pushed) <= MAX_PLAIN;
    }

    /**
     * Under the lock, a snapshot of {@code list} for a push of {@code pushed} outside it; null when the list is
     * not small or the push would take it past a bound ({@link #push} then does the push under the lock).
     */
    static Snapshot forPush(SealedList list, List<byte[]> pushed, NodeFill fill) {
        return list != null && list.small() && staysSmall(list, pushed, fill) ? Snapshot.of(list) : null;
    }

    /**
     * Under the lock, pushes {@code pushed} (in list order) at the head or tail of a small list, or of one that
     * becomes small; false, having changed nothing but the encoding, when the list is (or becomes) segments.
     */
    static boolean push(SealedList list, ElementSealer sealer, List<byte[]> pushed, boolean head, NodeFill fill) {
        if (!list.small() && (!smallAgain(list) || list.size() + pushed.size() < 2)) {
            return false;
        }
        if (list.small() && !staysSmall(list, pushed, fill) || list.size() + pushed.size() > fill.maxEntries()) {
            list.expand(); // known past a bound without opening anything
            return false;
        }
        List<byte[]> all = elements(list, sealer);
        try {
            if (encodedSize(all) + encodedSize(pushed) > MAX_PLAIN) {
                list.expand();
                return false;
            }
            all.addAll(head ? 0 : all.size(), pushed);
            Sealed sealed = Sealed.of(sealer, all);
            if (!list.small()) {
                clear(list);
            }
            sealed.install(list);
            return true;
        } finally {
            wipeAllBut(all, pushed);
        }
    }

    /**
     * Under the lock, pops {@code count} elements (at least 1, at most all) off the head (or tail) of a small
     * list and returns them open, in pop order, for the caller to wipe; null when the list is not small.
     */
    static byte[][] pop(SealedList list, ElementSealer sealer, boolean head, int count) {
        if (!list.small()) {
            return null;
        }
        Change change = Snapshot.of(list).pop(sealer, head, count);
        change.apply();
        return change.taken();
    }

    /** Wipes the elements of {@code all} but those of {@code pushed} (the caller's arguments, not ours to wipe). */
    private static void wipeAllBut(List<byte[]> all, List<byte[]> pushed) {
        for (byte[] element : all) {
            boolean argument = false;
            for (byte[] candidate : pushed) {
                argument |= candidate == element;
            }
            if (!argument) {
                Arrays.fill(element, (byte) 0);
            }
        }
    }

    /**
     * The elements of the list (small, or in segments), opened; the caller wipes them. When a segment does not
     * open, those opened before it are wiped here (review-22 R4).
     */
    private static List<byte[]> elements(SealedList list, ElementSealer sealer) {
        return opened(sealer, list.segments(), (int) list.size());
    }

    private static List<byte[]> opened(ElementSealer sealer, Object[] segments, int size) {
        List<byte[]> all = new ArrayList<>(size + 1);
        try {
            for (Object segment : segments) {
                all.addAll(Arrays.asList(ListPacker.open(sealer, segment)));
            }
        } catch (RuntimeException e) {
            all.forEach(element -> Arrays.fill(element, (byte) 0));
            throw e;
        }
        return all;
    }

    /** Takes every segment off a list in segments (a small list's block is rewritten in place instead). */
    private static void clear(SealedList list) {
        while (list.segmentCount() > 0) {
            list.removeFirst();
        }
    }

    /**
     * A small list's block as read under the lock at one {@linkplain SealedList#version() version}, to be
     * opened, changed and sealed outside it.
     */
    record Snapshot(SealedList list, long version, ListNode block) {
        /** Call under the lock, on a small list. */
        static Snapshot of(SealedList list) {
            return new Snapshot(list, list.version(), (ListNode) list.segment(0));
        }

        int size() {
            return block.count();
        }

        /**
         * The block with {@code pushed} (in list order) added at the head or tail; the pushed arrays stay the caller's.
         */
        Change push(ElementSealer sealer, List<byte[]> pushed, boolean head) {
            List<byte[]> all = opened(sealer, new Object[] {block}, block.count() + pushed.size());
            try {
                all.addAll(head ? 0 : all.size(), pushed);
                return new Change(this, Sealed.of(sealer, all), null);
            } finally {
                wipeAllBut(all, pushed);
            }
        }

        /** The block without {@code count} elements (1 to all) at the head or tail, which the change holds open. */
        Change pop(ElementSealer sealer, boolean head, int count) {
            List<byte[]> all = opened(sealer, new Object[] {block}, block.count());
            byte[][] taken = new byte[count][];
            try {
                for (int i = 0; i < count; i++) {
                    taken[i] = all.get(head ? i : all.size() - 1 - i);
                }
                List<byte[]> rest = head ? all.subList(count, all.size()) : all.subList(0, all.size() - count);
                Sealed sealed = Sealed.of(sealer, rest);
                rest.forEach(element -> Arrays.fill(element, (byte) 0));
                return new Change(this, sealed, taken);
            } catch (RuntimeException e) {
                all.forEach(element -> Arrays.fill(element, (byte) 0));
                throw e;
            }
        }
    }

    /**
     * A small list's new contents, sealed from a {@link Snapshot}, and for a pop the elements taken, open (in
     * pop order). Applied under the lock if the list still {@link #holds} the snapshot's block; else wiped and
     * made again.
     */
    static final class Change {
        private final Snapshot from;
        private final Sealed sealed;
        private final byte[][] taken;

        private Change(Snapshot from, Sealed sealed, byte[][] taken) {
            this.from = from;
            this.sealed = sealed;
            this.taken = taken;
        }

        /** Whether {@code current} (the list at the key now, or null) is the snapshot's list, unchanged since. */
        boolean holds(SealedList current) {
            return current == from.list() && current.version() == from.version();
        }

        /** Under the lock, once {@link #holds} said so: makes the new contents the list's. */
        void apply() {
            sealed.install(from.list());
        }

        /** The popped elements, open: the caller wipes them once replied. */
        byte[][] taken() {
            return taken;
        }

        /** Wipes the popped elements (a change not applied). */
        void wipe() {
            if (taken != null) {
                ListBlock.wipe(taken);
            }
        }
    }

    /** Elements sealed as a small list's contents: a block of 2 or more, a single for 1, nothing for none. */
    private record Sealed(byte[] sealed, int count, int plainBytes) {
        static Sealed of(ElementSealer sealer, List<byte[]> elements) {
            if (elements.size() <= 1) {
                return new Sealed(elements.isEmpty() ? null : sealer.seal(elements.get(0)), elements.size(), 0);
            }
            byte[] block = ListBlock.encode(elements, 0, elements.size());
            try {
                return new Sealed(sealer.seal(block), elements.size(), block.length);
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }

        /** Makes these the contents of {@code list}, small or empty (one left is kept as a single, as in segments). */
        void install(SealedList list) {
            if (count >= 2) {
                list.storeSmall(sealed, count, plainBytes);
                return;
            }
            list.dropSmall();
            if (count == 1) {
                list.addLast(sealed);
            }
        }
    }
}
