package io.sealedkv.tools.rdb;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.keyspace.CollectionElements;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import io.sealedkv.engine.types.set.MemberBlock;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.zset.Pairs;
import io.sealedkv.engine.types.zset.ZSetValue;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns plaintext values into what the keyspace holds and back, with the engine's own types: a string
 * sealed for its database id and key name through the codec, a collection built in the form the server
 * would give it under the configured thresholds (listpack-like sealed block or per-element sealed table,
 * intset, quicklist nodes) for a fresh {@link io.sealedkv.engine.keyspace.CollectionIdentity}.
 * Plaintext blocks made on the way are wiped; the caller wipes the values it passes in or gets back.
 */
final class SealedValues {
    private final ValueCodec codec;
    private final long hashEntries;
    private final long hashValue;
    private final long intsetEntries;
    private final long setEntries;
    private final long setValue;
    private final long zsetEntries;
    private final long zsetValue;
    private final NodeFill listFill;

    SealedValues(ValueCodec codec, Config config) {
        this.codec = codec;
        this.hashEntries = config.longValue("hash-max-listpack-entries");
        this.hashValue = config.longValue("hash-max-listpack-value");
        this.intsetEntries = Math.min(config.longValue("set-max-intset-entries"), 1L << 30);
        this.setEntries = config.longValue("set-max-listpack-entries");
        this.setValue = config.longValue("set-max-listpack-value");
        this.zsetEntries = config.longValue("zset-max-listpack-entries");
        this.zsetValue = config.longValue("zset-max-listpack-value");
        this.listFill = NodeFill.of(config.longValue("list-max-listpack-size"));
    }

    /** The sealed form of {@code value} for key {@code key} of the database with id {@code dbId}. */
    Object seal(long dbId, byte[] key, RdbValue value) {
        if (value instanceof RdbValue.Str s) {
            return codec.seal(SealContext.of(dbId, key), s.value());
        }
        ElementSealer sealer = ElementSealer.forNew(codec);
        if (value instanceof RdbValue.ListOf l) {
            return list(sealer, l.elements());
        }
        if (value instanceof RdbValue.SetOf s) {
            return set(sealer, s.members());
        }
        if (value instanceof RdbValue.HashOf h) {
            return hash(sealer, h.fields(), h.values());
        }
        RdbValue.ZSetOf z = (RdbValue.ZSetOf) value;
        return zset(sealer, z.members(), z.scores());
    }

    private CollectionValue list(ElementSealer sealer, List<byte[]> elements) {
        SealedList list = new SealedList(sealer.identity());
        ListPacker.seal(sealer, elements, listFill, elements.size() >= SealedList.EDGE_RUN).forEach(list::addLast);
        ListPacker.packEdge(list, sealer, listFill, false);
        return list;
    }

    private CollectionValue hash(ElementSealer sealer, List<byte[]> fields, List<byte[]> values) {
        boolean small = fields.size() <= hashEntries;
        for (int i = 0; small && i < fields.size(); i++) {
            small = fields.get(i).length <= hashValue && values.get(i).length <= hashValue;
        }
        if (!small) {
            FieldTable table = new FieldTable();
            for (int i = 0; i < fields.size(); i++) {
                byte[] layout = PairList.encodePair(fields.get(i), values.get(i));
                table.put(sealer.token(fields.get(i)), sealer.seal(layout));
                Arrays.fill(layout, (byte) 0);
            }
            return HashValue.hashtable(sealer.identity(), table);
        }
        PairList pairs = new PairList();
        for (int i = 0; i < fields.size(); i++) {
            pairs.append(fields.get(i), values.get(i));
        }
        byte[] layout = pairs.encode();
        try {
            return HashValue.listpack(sealer.identity(), sealer.seal(layout), fields.size());
        } finally {
            Arrays.fill(layout, (byte) 0);
        }
    }

    private CollectionValue set(ElementSealer sealer, List<byte[]> members) {
        boolean integers = members.size() <= intsetEntries;
        for (int i = 0; integers && i < members.size(); i++) {
            integers = Args.tryParseLong(members.get(i)) != null;
        }
        boolean small = integers || members.size() <= setEntries;
        for (int i = 0; small && !integers && i < members.size(); i++) {
            small = members.get(i).length <= setValue;
        }
        if (!small) {
            SetValue set = SetValue.large(sealer.identity(), members.size());
            for (byte[] member : members) {
                set.add(sealer.token(member), sealer.seal(member));
            }
            return set;
        }
        List<byte[]> ordered = members;
        if (integers) {
            ordered = new ArrayList<>(members);
            ordered.sort(Comparator.comparingLong(Args::parseLong));
        }
        byte[] block = MemberBlock.encode(ordered);
        try {
            return SetValue.small(sealer.identity(), sealer.seal(block), members.size(), integers);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    private CollectionValue zset(ElementSealer sealer, List<byte[]> members, double[] scores) {
        Integer[] order = new Integer[members.size()];
        int longest = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            longest = Math.max(longest, members.get(i).length);
        }
        Arrays.sort(order, (a, b) -> {
            int byScore = Double.compare(scores[a] == 0.0 ? 0.0 : scores[a], scores[b] == 0.0 ? 0.0 : scores[b]);
            return byScore != 0 ? byScore : Arrays.compareUnsigned(members.get(a), members.get(b));
        });
        if (members.size() <= zsetEntries && longest <= zsetValue) {
            Pairs pairs = new Pairs(order.length);
            for (int i : order) {
                pairs.append(members.get(i), scores[i]);
            }
            byte[] block = pairs.encode();
            try {
                return ZSetValue.listpack(sealer.identity(), sealer.seal(block), order.length);
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }
        ZTree tree = new ZTree();
        for (int i : order) {
            ZSetValue.append(tree, members.get(i), scores[i], sealer);
        }
        return ZSetValue.skiplist(sealer.identity(), tree);
    }

    /** The plaintext of a stored value of key {@code key} in the database with id {@code dbId}; the caller wipes it. */
    RdbValue open(long dbId, byte[] key, Object stored) {
        if (stored instanceof byte[] sealed) {
            return new RdbValue.Str(codec.open(SealContext.of(dbId, key), sealed));
        }
        CollectionValue collection = (CollectionValue) stored;
        List<byte[]> elements = new ArrayList<>((int) Math.min(collection.size(), 1 << 20));
        List<byte[]> values = new ArrayList<>();
        double[] scores = new double[(int) collection.size()];
        try {
            CollectionElements.forEach(collection, ElementSealer.of(codec, collection), (element, value, score, token) -> {
                if (!Double.isNaN(score)) {
                    scores[elements.size()] = score;
                }
                elements.add(element.clone());
                if (value != null) {
                    values.add(value.clone());
                }
            });
        } catch (RuntimeException e) {
            elements.forEach(element -> Arrays.fill(element, (byte) 0));
            values.forEach(value -> Arrays.fill(value, (byte) 0));
            throw e;
        }
        return switch (collection.type()) {
            case LIST -> new RdbValue.ListOf(elements);
            case HASH -> new RdbValue.HashOf(elements, values);
            case SET -> new RdbValue.SetOf(elements);
            case ZSET -> new RdbValue.ZSetOf(elements, scores);
            default -> throw new IllegalStateException("no RDB form for a " + collection.type().redisName());
        };
    }
}
