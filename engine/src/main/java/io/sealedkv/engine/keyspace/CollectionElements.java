package io.sealedkv.engine.keyspace;

import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.SealedList;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.zset.Pairs;
import io.sealedkv.engine.types.zset.ZSetValue;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.Arrays;
import java.util.List;

/**
 * The one way to visit a collection's elements opened, in the collection's own order (list order,
 * hash and set storage order as HGETALL/SMEMBERS give it, sorted sets by score then member), for the
 * offline tools (inspect, verify, export): each family's block and element layouts stay in its value
 * class. Every plaintext handed to the visitor is wiped once the visitor returns; a visitor that needs
 * one longer copies it.
 */
public final class CollectionElements {
    private CollectionElements() {
    }

    /** Receives one opened element. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param element a list item, hash field, set member or sorted-set member (wiped after return)
         * @param value a hash field's value (wiped after return), null for the other types
         * @param score a sorted-set member's score, NaN for the other types
         * @param storedToken the element token stored beside it (hashtable hashes, hashtable sets,
         *     skiplist sorted sets), null where the encoding keeps none
         */
        void element(byte[] element, byte[] value, double score, byte[] storedToken);
    }

    /** Opens every element of {@code collection} with {@code crypto} (its own identity's) for {@code visitor}. */
    public static void forEach(CollectionValue collection, ElementCrypto crypto, Visitor visitor) {
        if (collection instanceof SealedList list) {
            forEachItem(list, crypto, visitor);
        } else if (collection instanceof HashValue hash) {
            forEachPair(hash, crypto, visitor);
        } else if (collection instanceof SetValue set) {
            forEachMember(set, crypto, visitor);
        } else if (collection instanceof ZSetValue zset) {
            forEachScored(zset, crypto, visitor);
        } else {
            throw new IllegalArgumentException("no element visitor for a " + collection.type().redisName());
        }
    }

    private static void forEachItem(SealedList list, ElementCrypto crypto, Visitor visitor) {
        for (int s = 0; s < list.segmentCount(); s++) {
            byte[][] items = ListPacker.open(crypto, list.segment(s));
            try {
                for (byte[] item : items) {
                    visitor.element(item, null, Double.NaN, null);
                    Arrays.fill(item, (byte) 0);
                }
            } finally {
                wipe(Arrays.asList(items));
            }
        }
    }

    private static void forEachPair(HashValue hash, ElementCrypto crypto, Visitor visitor) {
        if (hash.isListpack()) {
            visitPairs(PairList.decode(crypto.open(hash.block())), null, visitor);
        } else {
            hash.table().forEachStored((token, sealed) ->
                    visitPairs(PairList.decode(crypto.open(sealed)), token, visitor));
        }
    }

    private static void visitPairs(PairList pairs, byte[] token, Visitor visitor) {
        try {
            for (int i = 0; i < pairs.size(); i++) {
                visitor.element(pairs.field(i), pairs.value(i), Double.NaN, token);
            }
        } finally {
            pairs.wipe();
        }
    }

    private static void forEachMember(SetValue set, ElementCrypto crypto, Visitor visitor) {
        if (set.isSmall()) {
            List<byte[]> members = SetValue.members(crypto, set.block());
            try {
                for (byte[] member : members) {
                    visitor.element(member, null, Double.NaN, null);
                }
            } finally {
                wipe(members);
            }
            return;
        }
        for (int i = 0; i < set.size(); i++) {
            byte[] member = crypto.open(set.sealedAt(i));
            try {
                visitor.element(member, null, Double.NaN, set.tokenAt(i));
            } finally {
                Arrays.fill(member, (byte) 0);
            }
        }
    }

    private static void forEachScored(ZSetValue zset, ElementCrypto crypto, Visitor visitor) {
        if (zset.isListpack()) {
            byte[] block = crypto.open(zset.block());
            Pairs pairs = null;
            try {
                pairs = Pairs.decode(block);
                for (int i = 0; i < pairs.size(); i++) {
                    visitor.element(pairs.member(i), null, pairs.scoreAt(i), null);
                }
            } finally {
                Arrays.fill(block, (byte) 0);
                if (pairs != null) {
                    pairs.wipe();
                }
            }
            return;
        }
        ZTree tree = zset.tree();
        tree.forEach((element, score) -> {
            byte[] member = crypto.open(tree.sealed(element));
            try {
                visitor.element(member, null, score, ElementToken.of(tree.tokenHigh(element), tree.tokenLow(element)));
            } finally {
                Arrays.fill(member, (byte) 0);
            }
        });
    }

    private static void wipe(List<byte[]> plaintexts) {
        for (byte[] plaintext : plaintexts) {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
