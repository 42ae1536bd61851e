package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.zset.Pairs;
import io.sealedkv.engine.types.zset.Scores;
import io.sealedkv.engine.types.zset.ZSetValue;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Stores a computed sorted set (ZRANGESTORE, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE) under a key, with a
 * fresh identity: a listpack when it fits the listpack limits, else a skiplist, as Redis converts its
 * results. An empty result deletes the key.
 */
final class ZStore {
    private ZStore() {
    }

    /** A member in clear and its score; the member array belongs to the store, which wipes it. */
    record Member(byte[] member, double score) {
    }

    /**
     * ZRANGESTORE's scores as Redis 7.0 stores them: the result starts as a listpack and takes {@code emitted} one by
     * one in the order of the range, becoming a skiplist at the first member past zset-max-listpack-entries or longer
     * than zset-max-listpack-value; the members it took before hold their scores as a listpack does (negative zero
     * becomes 0), the later ones as given. A rank range ({@code lengthKnown}) longer than the entry limit is a
     * skiplist from the start, as Redis sizes it from the range.
     */
    static void asListpackUntilConverted(CommandContext c, List<Member> emitted, boolean lengthKnown) {
        if (lengthKnown && !OpenedZSet.fitsListpack(c, emitted.size(), 0)) {
            return;
        }
        for (int i = 0; i < emitted.size() && OpenedZSet.fitsListpack(c, i + 1L, emitted.get(i).member.length); i++) {
            Member m = emitted.get(i);
            emitted.set(i, new Member(m.member, Scores.listpackScore(m.score)));
        }
    }

    static final Comparator<Member> ORDER = (a, b) -> a.score < b.score ? -1 : a.score > b.score ? 1
            : Arrays.compareUnsigned(a.member, b.member);

    /**
     * Replaces {@code key} with {@code members} under the lock and fires the sorted set notification
     * {@code event} (del when the result is empty and the key existed); returns how many were stored.
     */
    static long store(CommandContext c, Database db, byte[] key, List<Member> members, String event) {
        try {
            if (members.isEmpty()) {
                if (c.keyspace().writes().deleteEvenExpired(db, key)) {
                    c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
                }
                return 0;
            }
            members.sort(ORDER);
            int maxLength = 0;
            for (Member m : members) {
                maxLength = Math.max(maxLength, m.member.length);
            }
            ElementSealer sealer = ElementSealer.forNew(c.codec());
            ZSetValue value;
            if (OpenedZSet.fitsListpack(c, members.size(), maxLength)) {
                Pairs pairs = new Pairs(members.size());
                for (Member m : members) {
                    pairs.append(m.member, m.score);
                }
                byte[] block = pairs.encode();
                try {
                    value = ZSetValue.listpack(sealer.identity(), sealer.seal(block), members.size());
                } finally {
                    Arrays.fill(block, (byte) 0);
                }
            } else {
                ZTree tree = new ZTree();
                for (Member m : members) {
                    ZSetValue.append(tree, m.member, m.score, sealer);
                }
                value = ZSetValue.skiplist(sealer.identity(), tree);
            }
            c.keyspace().writes().set(db, key, value, false);
            c.notifyEvent(KeyspaceEvents.ZSET, event, key);
            return members.size();
        } finally {
            members.forEach(m -> Arrays.fill(m.member, (byte) 0));
        }
    }
}
