package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.list.ListEdit.Result;
import io.sealedkv.engine.command.list.ListEdit.Snapshot;
import io.sealedkv.engine.command.list.ListEdit.Splice;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** LSET, LINSERT, LREM and LTRIM, each a {@link ListEdit} plan. */
final class ListEdits {
    private ListEdits() {
    }

    static void lset(CommandContext c) {
        byte[] value = c.arg(3);
        ListEdit.run(c, c.arg(1), "lset", false, s -> {
            if (s == null) {
                throw Errors.noSuchKey();
            }
            long requested = c.argLong(2); // after the key's existence and type, as Redis
            long index = requested < 0 ? requested + s.size() : requested;
            if (index < 0 || index >= s.size()) {
                throw Errors.generic("index out of range");
            }
            long at = s.list().locate(index);
            int segment = (int) (at >>> 32);
            return replaced(s, segment, elements -> elements.set((int) at, value.clone()), null);
        });
        c.reply().ok();
    }

    static void linsert(CommandContext c) {
        boolean before;
        if (c.argIs(2, "before")) {
            before = true;
        } else if (c.argIs(2, "after")) {
            before = false;
        } else {
            throw Errors.syntax();
        }
        byte[] pivot = c.arg(3);
        byte[] value = c.arg(4);
        long length = ListEdit.run(c, c.arg(1), "linsert", false, s -> {
            if (s == null) {
                return Result.unchanged(0L);
            }
            for (int i = 0; i < s.segments().length; i++) {
                byte[][] elements = ListPacker.open(s.sealer(), s.segments()[i]);
                int found = indexOf(elements, pivot);
                ListBlock.wipe(elements);
                if (found >= 0) {
                    int insertAt = before ? found : found + 1;
                    return replaced(s, i, list -> list.add(insertAt, value.clone()), s.size() + 1);
                }
            }
            return Result.unchanged(-1L);
        });
        c.reply().integer(length);
    }

    private static int indexOf(byte[][] elements, byte[] wanted) {
        for (int i = 0; i < elements.length; i++) {
            if (Arrays.equals(elements[i], wanted)) {
                return i;
            }
        }
        return -1;
    }

    static void lrem(CommandContext c) {
        long count = c.argLong(2);
        byte[] value = c.arg(3);
        long removed = ListEdit.run(c, c.arg(1), "lrem", false, s -> {
            if (s == null) {
                return Result.unchanged(0L);
            }
            boolean fromHead = count >= 0;
            long limit = count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
            long total = 0;
            List<Splice> splices = new ArrayList<>();
            Object[] segments = s.segments();
            for (int k = 0; k < segments.length && (limit == 0 || total < limit); k++) {
                int i = fromHead ? k : segments.length - 1 - k;
                byte[][] elements = ListPacker.open(s.sealer(), segments[i]);
                List<byte[]> kept = new ArrayList<>(elements.length);
                int dropped = 0;
                for (int e = 0; e < elements.length; e++) {
                    int at = fromHead ? e : elements.length - 1 - e;
                    if ((limit == 0 || total + dropped < limit) && Arrays.equals(elements[at], value)) {
                        dropped++;
                    } else {
                        kept.add(elements[at]);
                    }
                }
                if (dropped > 0) {
                    if (!fromHead) {
                        Collections.reverse(kept);
                    }
                    splices.add(new Splice(i, i + 1, ListPacker.rebuild(s.sealer(), kept, s.fill())));
                    total += dropped;
                }
                ListBlock.wipe(elements);
            }
            return new Result<>(splices, total);
        });
        c.reply().integer(removed);
    }

    static void ltrim(CommandContext c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        ListEdit.run(c, c.arg(1), "ltrim", true, s -> {
            if (s == null) {
                return Result.unchanged(null);
            }
            Object[] segments = s.segments();
            long[] range = Ranges.clamp(start, end, s.size());
            if (range == null) {
                return new Result<>(List.of(new Splice(0, segments.length, List.of())), null);
            }
            long first = s.list().locate(range[0]);
            long last = s.list().locate(range[1]);
            int firstSegment = (int) (first >>> 32);
            int lastSegment = (int) (last >>> 32);
            List<Splice> splices = new ArrayList<>();
            if (lastSegment + 1 < segments.length) {
                splices.add(new Splice(lastSegment + 1, segments.length, List.of()));
            }
            if (firstSegment == lastSegment) {
                addTrimmed(splices, s, firstSegment, (int) first, (int) last + 1);
            } else {
                addTrimmed(splices, s, lastSegment, 0, (int) last + 1);
                addTrimmed(splices, s, firstSegment, (int) first, SealedList.countOf(segments[firstSegment]));
            }
            if (firstSegment > 0) {
                splices.add(new Splice(0, firstSegment, List.of()));
            }
            return new Result<>(splices, null);
        });
        c.reply().ok();
    }

    /** Segment {@code i} cut to its elements {@code [from, to)}, unless that is all of it. */
    private static void addTrimmed(List<Splice> splices, Snapshot s, int i, int from, int to) {
        Object segment = s.segments()[i];
        if (from == 0 && to == SealedList.countOf(segment)) {
            return;
        }
        byte[][] elements = ListPacker.open(s.sealer(), segment);
        try {
            splices.add(new Splice(i, i + 1,
                    ListPacker.rebuild(s.sealer(), Arrays.asList(elements).subList(from, to), s.fill())));
        } finally {
            ListBlock.wipe(elements);
        }
    }

    /** Segment {@code i} with its elements changed by {@code edit}, the plaintexts wiped after. */
    private static <R> Result<R> replaced(Snapshot s, int i, Consumer<List<byte[]>> edit, R reply) {
        byte[][] elements = ListPacker.open(s.sealer(), s.segments()[i]);
        List<byte[]> edited = new ArrayList<>(Arrays.asList(elements));
        try {
            edit.accept(edited);
            return new Result<>(List.of(new Splice(i, i + 1, ListPacker.rebuild(s.sealer(), edited, s.fill()))), reply);
        } finally {
            edited.forEach(element -> Arrays.fill(element, (byte) 0));
            ListBlock.wipe(elements);
        }
    }
}
