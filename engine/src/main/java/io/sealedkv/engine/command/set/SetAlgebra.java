package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Optimistic;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.set.SetValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE.
 *
 * <p>The sets are read under the lock. Without it, the driving set (the smallest one for an
 * intersection, the first for a difference, all of them for a union) is opened; every other small
 * set is opened to filter the candidates, and for every other large set the candidates' tokens are
 * computed with that set's own token key (sets may use different token key versions, so tokens are
 * never compared across sets). The lock is taken again to test those tokens in the large sets and,
 * for the STORE forms, to store the result built and sealed meanwhile; both happen only if no set
 * changed since it was read (else the command starts over, see {@link Optimistic}).
 */
final class SetAlgebra {
    private static final Comparator<byte[]> BY_INTEGER = Comparator.comparingLong(Args::parseLong);

    /** The operations, with the keyspace notification of their STORE form. */
    private enum Op {
        INTER("sinterstore"), UNION("sunionstore"), DIFF("sdiffstore");

        private final String storeEvent;

        Op(String storeEvent) {
            this.storeEvent = storeEvent;
        }
    }

    private SetAlgebra() {
    }

    static void sinter(CommandContext c) {
        SetCommands.replySet(c, run(c, Op.INTER, SetCommands.args(c, 1), null, 0));
    }

    static void sunion(CommandContext c) {
        SetCommands.replySet(c, run(c, Op.UNION, SetCommands.args(c, 1), null, 0));
    }

    static void sdiff(CommandContext c) {
        SetCommands.replySet(c, run(c, Op.DIFF, SetCommands.args(c, 1), null, 0));
    }

    static void sinterstore(CommandContext c) {
        store(c, Op.INTER);
    }

    static void sunionstore(CommandContext c) {
        store(c, Op.UNION);
    }

    static void sdiffstore(CommandContext c) {
        store(c, Op.DIFF);
    }

    private static void store(CommandContext c, Op op) {
        List<byte[]> result = run(c, op, SetCommands.args(c, 2), c.arg(1), 0);
        c.reply().integer(result.size());
        Plain.wipe(result);
    }

    static void sintercard(CommandContext c) {
        Long numkeys = Args.tryParseLong(c.arg(1));
        if (numkeys == null || numkeys <= 0) {
            throw Errors.generic("numkeys should be greater than 0");
        }
        if (numkeys > c.argc() - 2) {
            throw Errors.generic("Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int i = 2 + (int) (long) numkeys; i < c.argc(); i += 2) {
            if (c.argIs(i, "limit") && i + 1 < c.argc()) {
                Long parsed = Args.tryParseLong(c.arg(i + 1));
                if (parsed == null || parsed < 0) {
                    throw Errors.generic("LIMIT can't be negative");
                }
                limit = parsed;
            } else {
                throw Errors.syntax();
            }
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < numkeys; i++) {
            keys.add(c.arg(2 + i));
        }
        List<byte[]> result = run(c, Op.INTER, keys, null, limit);
        c.reply().integer(result.size());
        Plain.wipe(result);
    }

    /** The result members (opened; the caller wipes them), stored at {@code destination} when not null. */
    private static List<byte[]> run(CommandContext c, Op op, List<byte[]> keys, byte[] destination, long limit) {
        SetLimits limits = SetLimits.of(c);
        return Optimistic.run(c, () -> attempt(c, op, keys, destination, limit, limits));
    }

    private static List<byte[]> attempt(CommandContext c, Op op, List<byte[]> keys, byte[] destination, long limit,
                                        SetLimits limits) {
        List<Seen> seen = new ArrayList<>();
        Snapshot[] snapshots;
        boolean empty = false;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (byte[] key : keys) {
                Seen s = Seen.forRead(c, db, key);
                seen.add(s);
                empty |= !s.exists() && op == Op.INTER;
            }
            empty |= op == Op.DIFF && !seen.get(0).exists();
            snapshots = new Snapshot[seen.size()];
            if (!empty) {
                for (int i = 0; i < seen.size(); i++) {
                    if (seen.get(i).exists() && (op == Op.UNION || i == driver(op, seen) || seen.get(i).small())) {
                        snapshots[i] = Snapshot.of(ElementSealer.of(c.codec(), seen.get(i).value()),
                                seen.get(i).value());
                    }
                }
            }
        }
        if (empty) {
            return commit(c, op, seen, destination, new ArrayList<>(), limits) ? new ArrayList<>() : null;
        }
        Map<ByteBuffer, byte[]> result = op == Op.UNION ? union(snapshots) : filtered(op, seen, snapshots);
        Map<Integer, byte[][]> tokens = new HashMap<>();
        if (op != Op.UNION) {
            List<byte[]> candidates = new ArrayList<>(result.values());
            for (int i = 0; i < seen.size(); i++) {
                if (i != driver(op, seen) && seen.get(i).exists() && !seen.get(i).small()) {
                    tokens.put(i, tokensOf(c, seen.get(i), candidates));
                }
            }
        }
        List<byte[]> members = new ArrayList<>(result.values());
        if (!tokens.isEmpty()) {
            members = filterByTokens(c, op, seen, members, tokens);
            if (members == null) {
                Plain.wipe(result.values());
                return null;
            }
        }
        if (limit > 0 && members.size() > limit) {
            members = new ArrayList<>(members.subList(0, (int) limit));
        }
        if (members.size() <= limits.intsetEntries() && SetLimits.allIntegers(members)) {
            members.sort(BY_INTEGER);
        }
        if (destination != null && !commit(c, op, seen, destination, members, limits)) {
            Plain.wipe(result.values());
            return null;
        }
        List<byte[]> copies = new ArrayList<>(members.size());
        members.forEach(m -> copies.add(m.clone()));
        Plain.wipe(result.values());
        return copies;
    }

    /** The index of the set whose members are the candidates: the smallest for INTER, the first for DIFF. */
    private static int driver(Op op, List<Seen> seen) {
        if (op != Op.INTER) {
            return 0;
        }
        int smallest = 0;
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).value().size() < seen.get(smallest).value().size()) {
                smallest = i;
            }
        }
        return smallest;
    }

    private static Map<ByteBuffer, byte[]> union(Snapshot[] snapshots) {
        Map<ByteBuffer, byte[]> union = new LinkedHashMap<>();
        for (Snapshot snapshot : snapshots) {
            if (snapshot == null) {
                continue;
            }
            for (byte[] member : snapshot.open()) {
                if (union.putIfAbsent(Plain.key(member), member) != null) {
                    Arrays.fill(member, (byte) 0);
                }
            }
        }
        return union;
    }

    /** The driver's members, filtered by the other small sets (the large ones are left for the tokens). */
    private static Map<ByteBuffer, byte[]> filtered(Op op, List<Seen> seen, Snapshot[] snapshots) {
        int driver = driver(op, seen);
        Map<ByteBuffer, byte[]> candidates = new LinkedHashMap<>();
        for (byte[] member : snapshots[driver].open()) {
            candidates.put(Plain.key(member), member);
        }
        for (int i = 0; i < seen.size(); i++) {
            if (i == driver || snapshots[i] == null) {
                continue;
            }
            List<byte[]> other = snapshots[i].open();
            Set<ByteBuffer> present = new HashSet<>();
            other.forEach(m -> present.add(Plain.key(m)));
            candidates.entrySet().removeIf(e -> {
                boolean drop = op == Op.INTER ? !present.contains(e.getKey()) : present.contains(e.getKey());
                if (drop) {
                    Arrays.fill(e.getValue(), (byte) 0);
                }
                return drop;
            });
            Plain.wipe(other);
        }
        return candidates;
    }

    private static byte[][] tokensOf(CommandContext c, Seen set, List<byte[]> candidates) {
        ElementSealer sealer = ElementSealer.of(c.codec(), set.value());
        byte[][] tokens = new byte[candidates.size()][];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = sealer.token(candidates.get(i));
        }
        return tokens;
    }

    /** Keeps the candidates the large sets let through; null when a set changed since it was read. */
    private static List<byte[]> filterByTokens(CommandContext c, Op op, List<Seen> seen, List<byte[]> candidates,
                                               Map<Integer, byte[][]> tokens) {
        boolean[] keep = new boolean[candidates.size()];
        Arrays.fill(keep, true);
        try (var lock = c.lock()) {
            Database db = c.db();
            for (Seen s : seen) {
                if (!s.unchanged(c, db)) {
                    return null;
                }
            }
            for (Map.Entry<Integer, byte[][]> set : tokens.entrySet()) {
                SetValue value = seen.get(set.getKey()).value();
                byte[][] t = set.getValue();
                for (int j = 0; j < t.length; j++) {
                    boolean present = value.indexOf(t[j]) >= 0;
                    keep[j] &= op == Op.INTER ? present : !present;
                }
            }
        }
        List<byte[]> kept = new ArrayList<>();
        for (int j = 0; j < keep.length; j++) {
            if (keep[j]) {
                kept.add(candidates.get(j));
            }
        }
        return kept;
    }

    /** Stores the result at {@code destination} (deletes it when empty) if no source changed; true when done. */
    private static boolean commit(CommandContext c, Op op, List<Seen> seen, byte[] destination, List<byte[]> members,
                                  SetLimits limits) {
        if (destination == null) {
            return true;
        }
        SetValue built = members.isEmpty() ? null : limits.build(ElementSealer.forNew(c.codec()), members);
        try (var lock = c.lock()) {
            Database db = c.db();
            for (Seen s : seen) {
                if (!s.unchanged(c, db)) {
                    return false;
                }
            }
            if (built == null) {
                if (c.keyspace().writes().deleteEvenExpired(db, destination)) {
                    c.notifyEvent(KeyspaceEvents.GENERIC, "del", destination);
                }
            } else {
                c.keyspace().writes().set(db, destination, built, false);
                c.notifyEvent(KeyspaceEvents.SET, op.storeEvent, destination);
            }
            return true;
        }
    }
}
