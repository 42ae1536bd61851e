package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HRANDFIELD key [count [WITHVALUES]], as Redis 7.0: without a count one field (or nil); a positive
 * count gives distinct fields (the whole hash when the count reaches its size), a negative one
 * |count| fields that may repeat. With WITHVALUES, RESP3 gets [field, value] pairs and RESP2 a flat
 * array. What is picked is collected under the lock (a listpack's block, a hashtable's sealed pairs)
 * and opened after.
 */
final class HashRandomField {
    private HashRandomField() {
    }

    static void hrandfield(CommandContext c) {
        if (c.argc() == 2) {
            single(c);
            return;
        }
        Long parsed = Args.tryParseLong(c.arg(2));
        if (parsed == null) {
            throw Errors.notInteger();
        }
        if (parsed == Long.MIN_VALUE) {
            throw Errors.generic("value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
        }
        long count = parsed;
        if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withvalues"))) {
            throw Errors.syntax();
        }
        boolean withValues = c.argc() == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw Errors.generic("value is out of range");
        }
        withCount(c, count, withValues);
    }

    private static void single(CommandContext c) {
        HashValue hash;
        byte[] sealed;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), c.arg(1));
            if (entry == null) {
                c.reply().nullBulk();
                return;
            }
            hash = Values.collection(entry, HashValue.class);
            sealed = hash.isListpack() ? hash.block() : hash.table().random(ThreadLocalRandom.current());
        }
        PairList pairs = PairList.decode(ElementSealer.of(c.codec(), hash).open(sealed));
        try {
            c.reply().bulk(pairs.field(ThreadLocalRandom.current().nextInt(pairs.size())));
        } finally {
            pairs.wipe();
        }
    }

    private static void withCount(CommandContext c, long count, boolean withValues) {
        HashValue hash;
        byte[] block;
        List<byte[]> sealed = new ArrayList<>();
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), c.arg(1));
            if (entry == null) {
                c.reply().array(0);
                return;
            }
            hash = Values.collection(entry, HashValue.class);
            if (count == 0) {
                c.reply().array(0);
                return;
            }
            block = hash.block();
            if (block == null && count < 0) {
                hash.table().random(-count, ThreadLocalRandom.current(), sealed);
            } else if (block == null) {
                hash.table().forEachSealed(sealed::add);
                keepRandom(sealed, count);
            }
        }
        ElementSealer sealer = ElementSealer.of(c.codec(), hash);
        PairList pairs = block != null ? PairList.decode(sealer.open(block)) : HashAccess.openPairs(sealer, sealed);
        try {
            reply(c, pairs, block != null ? listpackPicks(pairs.size(), count) : everyIndex(pairs.size()), withValues);
        } finally {
            pairs.wipe();
        }
    }

    /** Keeps {@code count} distinct elements of {@code all} picked at random (all when there are fewer). */
    private static <T> void keepRandom(List<T> all, long count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int keep = (int) Math.min(count, all.size());
        for (int i = 0; i < keep; i++) {
            int j = i + random.nextInt(all.size() - i);
            T swapped = all.get(i);
            all.set(i, all.get(j));
            all.set(j, swapped);
        }
        all.subList(keep, all.size()).clear();
    }

    private static int[] everyIndex(int size) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The pairs of a listpack to reply with: distinct ones in listpack order, or |count| with repeats. */
    private static int[] listpackPicks(int size, long count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count >= size) {
            return everyIndex(size);
        }
        if (count < 0) {
            int[] picked = new int[Math.toIntExact(-count)];
            for (int i = 0; i < picked.length; i++) {
                picked[i] = random.nextInt(size);
            }
            return picked;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        keepRandom(order, count);
        return order.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private static void reply(CommandContext c, PairList pairs, int[] picks, boolean withValues) {
        boolean nested = withValues && c.reply().resp3();
        c.reply().array(withValues && !nested ? picks.length * 2 : picks.length);
        for (int i : picks) {
            if (nested) {
                c.reply().array(2);
            }
            c.reply().bulk(pairs.field(i));
            if (withValues) {
                c.reply().bulk(pairs.value(i));
            }
        }
    }

    static CommandSpec spec() {
        return HashCommands.cmd("hrandfield", -2).flags("readonly").keys(1, 1, 1, "RO access")
            .tips("nondeterministic_output")
            .run(HashRandomField::hrandfield);
    }
}
