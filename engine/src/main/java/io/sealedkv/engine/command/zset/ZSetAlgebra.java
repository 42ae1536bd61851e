package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.zset.Scores;
import io.sealedkv.engine.types.zset.ZItem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, on sorted sets and, as in Redis, plain sets
 * (every member with score 1). Members of different sets are sealed for
 * different identities, so every input is opened (under the lock, the command being atomic) and the
 * work is done on plaintext, wiped when the reply is written or the result sealed.
 */
final class ZSetAlgebra {
    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    private ZSetAlgebra() {
    }

    static void zunion(CommandContext c) {
        run(c, Op.UNION, 1, null, false);
    }

    static void zinter(CommandContext c) {
        run(c, Op.INTER, 1, null, false);
    }

    static void zdiff(CommandContext c) {
        run(c, Op.DIFF, 1, null, false);
    }

    static void zunionstore(CommandContext c) {
        run(c, Op.UNION, 2, c.arg(1), false);
    }

    static void zinterstore(CommandContext c) {
        run(c, Op.INTER, 2, c.arg(1), false);
    }

    static void zdiffstore(CommandContext c) {
        run(c, Op.DIFF, 2, c.arg(1), false);
    }

    static void zintercard(CommandContext c) {
        run(c, Op.INTER, 1, null, true);
    }

    /** One input set opened: its members in clear with their scores, in order. */
    private record Input(List<ZStore.Member> members) {
        int size() {
            return members.size();
        }
    }

    private static void run(CommandContext c, Op op, int numkeysIndex, byte[] destination, boolean cardinality) {
        long numkeys = c.argLong(numkeysIndex);
        if (numkeys < 1) {
            throw Errors.generic("at least 1 input key is needed for '" + c.spec().fullName() + "' command");
        }
        if (numkeys > c.argc() - numkeysIndex - 1) {
            throw Errors.syntax();
        }
        int n = (int) numkeys;
        List<ZStore.Member> result = new ArrayList<>();
        List<Input> inputs = new ArrayList<>();
        boolean withScores = false;
        long stored = 0;
        try {
            try (var lock = c.lock()) {
                Database db = c.db();
                List<Entry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] key = c.arg(numkeysIndex + 1 + i);
                    Entry entry = c.keyspace().lookupRead(db, key);
                    if (entry != null && !(entry.value() instanceof SetValue)) {
                        OpenedZSet.forRead(c, entry).close();
                    }
                    entries.add(entry);
                }
                double[] weights = new double[n];
                Arrays.fill(weights, 1);
                Aggregate aggregate = Aggregate.SUM;
                long limit = 0;
                int j = numkeysIndex + 1 + n;
                while (j < c.argc()) {
                    int remaining = c.argc() - j;
                    if (op != Op.DIFF && !cardinality && remaining >= n + 1 && c.argIs(j, "weights")) {
                        for (int w = 0; w < n; w++) {
                            Double weight = Scores.parseStrict(c.arg(j + 1 + w));
                            if (weight == null) {
                                throw Errors.generic("weight value is not a float");
                            }
                            weights[w] = weight;
                        }
                        j += n + 1;
                    } else if (op != Op.DIFF && !cardinality && remaining >= 2 && c.argIs(j, "aggregate")) {
                        aggregate = c.argIs(j + 1, "sum") ? Aggregate.SUM : c.argIs(j + 1, "min") ? Aggregate.MIN
                                : c.argIs(j + 1, "max") ? Aggregate.MAX : null;
                        if (aggregate == null) {
                            throw Errors.syntax();
                        }
                        j += 2;
                    } else if (cardinality && remaining >= 2 && c.argIs(j, "limit")) {
                        Long parsed = Args.tryParseLong(c.arg(j + 1));
                        if (parsed == null || parsed < 0) {
                            throw Errors.generic("LIMIT can't be negative");
                        }
                        limit = parsed;
                        j += 2;
                    } else if (destination == null && !cardinality && c.argIs(j, "withscores")) {
                        withScores = true;
                        j++;
                    } else {
                        throw Errors.syntax();
                    }
                }
                for (Entry entry : entries) {
                    inputs.add(entry == null ? new Input(List.of()) : open(c, entry));
                }
                if (cardinality) {
                    stored = intersectionSize(inputs, limit);
                } else {
                    compute(op, inputs, weights, aggregate, result);
                    if (destination != null) {
                        stored = ZStore.store(c, db, destination, result,
                                op == Op.UNION ? "zunionstore" : op == Op.INTER ? "zinterstore" : "zdiffstore");
                    }
                }
            }
            if (cardinality || destination != null) {
                c.reply().integer(stored);
                return;
            }
            result.sort(ZStore.ORDER);
            List<ZItem> items = new ArrayList<>(result.size());
            for (ZStore.Member m : result) {
                items.add(new ZItem(m.member(), false, m.score()));
            }
            ZReplies.items(c, null, items, withScores);
        } finally {
            for (Input input : inputs) {
                input.members().forEach(m -> Arrays.fill(m.member(), (byte) 0));
            }
            result.forEach(m -> Arrays.fill(m.member(), (byte) 0));
        }
    }

    /**
     * Every member of a sorted set in clear, in order, or of a plain set with score 1 as Redis takes
     * them (copies: the caller wipes them).
     */
    private static Input open(CommandContext c, Entry entry) {
        if (entry.value() instanceof SetValue plain) {
            return openSet(c, plain);
        }
        List<ZStore.Member> members = new ArrayList<>();
        try (var set = OpenedZSet.forRead(c, entry)) {
            var view = set.view();
            for (ZItem item : view.items(0, view.size(), false)) {
                byte[] member = set.member(item);
                members.add(new ZStore.Member(item.sealed() ? member : member.clone(), item.score()));
            }
        }
        return new Input(members);
    }

    private static Input openSet(CommandContext c, SetValue set) {
        ElementSealer sealer = ElementSealer.of(c.codec(), set);
        List<ZStore.Member> members = new ArrayList<>((int) set.size());
        if (set.isSmall()) {
            for (byte[] member : SetValue.members(sealer, set.block())) {
                members.add(new ZStore.Member(member, 1));
            }
        } else {
            for (int i = 0; i < set.size(); i++) {
                members.add(new ZStore.Member(sealer.open(set.sealedAt(i)), 1));
            }
        }
        return new Input(members);
    }

    /** The result members are copies of the inputs' members, so both can be wiped on their own. */
    private static void compute(Op op, List<Input> inputs, double[] weights, Aggregate aggregate,
                                List<ZStore.Member> result) {
        switch (op) {
            case UNION -> union(inputs, weights, aggregate, result);
            case INTER -> inter(inputs, weights, aggregate, result);
            case DIFF -> diff(inputs, result);
        }
    }

    private static Integer[] bySize(List<Input> inputs) {
        Integer[] order = new Integer[inputs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(inputs.get(a).size(), inputs.get(b).size()));
        return order;
    }

    private static void union(List<Input> inputs, double[] weights, Aggregate aggregate,
                              List<ZStore.Member> result) {
        Map<ByteBuffer, double[]> scores = new LinkedHashMap<>();
        Map<ByteBuffer, byte[]> members = new HashMap<>();
        for (int i : bySize(inputs)) {
            for (ZStore.Member m : inputs.get(i).members()) {
                double score = weighted(weights[i], m.score());
                ByteBuffer key = ByteBuffer.wrap(m.member());
                double[] existing = scores.get(key);
                if (existing == null) {
                    scores.put(key, new double[] {score});
                    members.put(key, m.member());
                } else {
                    existing[0] = aggregate(existing[0], score, aggregate);
                }
            }
        }
        scores.forEach((key, score) -> result.add(new ZStore.Member(members.get(key).clone(), score[0])));
    }

    private static void inter(List<Input> inputs, double[] weights, Aggregate aggregate,
                              List<ZStore.Member> result) {
        Integer[] order = bySize(inputs);
        if (inputs.get(order[0]).size() == 0) {
            return;
        }
        List<Map<ByteBuffer, Double>> lookups = lookups(inputs);
        Input first = inputs.get(order[0]);
        for (ZStore.Member m : first.members()) {
            double score = weighted(weights[order[0]], m.score());
            ByteBuffer key = ByteBuffer.wrap(m.member());
            boolean everywhere = true;
            for (int k = 1; k < order.length && everywhere; k++) {
                Double other = lookups.get(order[k]).get(key);
                if (other == null) {
                    everywhere = false;
                } else {
                    score = aggregate(score, other * weights[order[k]], aggregate);
                }
            }
            if (everywhere) {
                result.add(new ZStore.Member(m.member().clone(), score));
            }
        }
    }

    private static long intersectionSize(List<Input> inputs, long limit) {
        Integer[] order = bySize(inputs);
        if (inputs.get(order[0]).size() == 0) {
            return 0;
        }
        List<Map<ByteBuffer, Double>> lookups = lookups(inputs);
        long count = 0;
        for (ZStore.Member m : inputs.get(order[0]).members()) {
            ByteBuffer key = ByteBuffer.wrap(m.member());
            boolean everywhere = true;
            for (int k = 1; k < order.length && everywhere; k++) {
                everywhere = lookups.get(order[k]).containsKey(key);
            }
            if (everywhere && ++count == limit) {
                break;
            }
        }
        return count;
    }

    private static void diff(List<Input> inputs, List<ZStore.Member> result) {
        Set<ByteBuffer> others = new HashSet<>();
        for (int i = 1; i < inputs.size(); i++) {
            for (ZStore.Member m : inputs.get(i).members()) {
                others.add(ByteBuffer.wrap(m.member()));
            }
        }
        for (ZStore.Member m : inputs.get(0).members()) {
            if (!others.contains(ByteBuffer.wrap(m.member()))) {
                result.add(new ZStore.Member(m.member().clone(), m.score()));
            }
        }
    }

    private static List<Map<ByteBuffer, Double>> lookups(List<Input> inputs) {
        List<Map<ByteBuffer, Double>> lookups = new ArrayList<>(inputs.size());
        for (Input input : inputs) {
            Map<ByteBuffer, Double> scores = new HashMap<>();
            for (ZStore.Member m : input.members()) {
                scores.put(ByteBuffer.wrap(m.member()), m.score());
            }
            lookups.add(scores);
        }
        return lookups;
    }

    private static double weighted(double weight, double score) {
        double value = weight * score;
        return Double.isNaN(value) ? 0 : value;
    }

    private static double aggregate(double target, double value, Aggregate aggregate) {
        switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                return Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> {
                return value < target ? value : target;
            }
            default -> {
                return value > target ? value : target;
            }
        }
    }

    static List<CommandSpec> table() {
        return List.of(
            ZSetCommands.cmd("zunion", -3).flags("readonly").keynum(1, "RO access")
                .run(ZSetAlgebra::zunion),
            ZSetCommands.cmd("zinter", -3).flags("readonly").keynum(1, "RO access")
                .run(ZSetAlgebra::zinter),
            ZSetCommands.cmd("zdiff", -3).flags("readonly").keynum(1, "RO access")
                .run(ZSetAlgebra::zdiff),
            ZSetCommands.cmd("zunionstore", -4).flags("write denyoom").keys(1, 1, 1, "OW update").keynum(2, "RO access")
                .run(ZSetAlgebra::zunionstore),
            ZSetCommands.cmd("zinterstore", -4).flags("write denyoom").keys(1, 1, 1, "OW update").keynum(2, "RO access")
                .run(ZSetAlgebra::zinterstore),
            ZSetCommands.cmd("zdiffstore", -4).flags("write denyoom").keys(1, 1, 1, "OW update").keynum(2, "RO access")
                .run(ZSetAlgebra::zdiffstore),
            ZSetCommands.cmd("zintercard", -3).flags("readonly").keynum(1, "RO access")
                .run(ZSetAlgebra::zintercard));
    }
}
