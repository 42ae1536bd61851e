package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.table.TokenList;
import java.util.List;

/**
 * One SADD to a large set, in steps: the members' tokens before the lock; under it, which members the set
 * lacks; without it, those sealed; and under the lock again, every member the set lacks then added, which
 * is where the command takes effect. A member that was there at the first look but removed since is sealed
 * under that second hold (rare), before anything is added, so the command never answers from a stale look
 * and a seal that fails changes nothing. A run of SADDs ({@link SetAddRun}) takes the first look without the
 * lock instead ({@link #sealUnseen}): a guess, which the hold corrects in the same way.
 */
final class LargeSetAdd {
    /** Marks a member due to be sealed (never a sealed member: those are new arrays). */
    private static final byte[] NOT_YET = new byte[0];

    private final byte[] key;
    private final byte[][] members;
    /** The members' tokens, as the set's table keeps them: two halves each. */
    private final long[] highs;
    private final long[] lows;
    private final byte[][] sealed;
    /** The indexes of the members {@link #lacking} found absent, its first {@code lackingCount}. */
    private final int[] lacking;
    private int lackingCount;
    private ElementSealer sealer;

    /** For the distinct members of {@code args}. */
    LargeSetAdd(byte[] key, List<byte[]> args) {
        this.key = key;
        members = args.size() == 1 ? new byte[][] {args.get(0)}
                : Plain.distinct(args).values().toArray(new byte[0][]);
        highs = new long[members.length];
        lows = new long[members.length];
        sealed = new byte[members.length][];
        lacking = new int[members.length];
    }

    /** Before the lock: the members' tokens for the set {@code sealer} seals for, which seals them later. */
    void tokenize(ElementSealer sealer) {
        this.sealer = sealer;
        for (int i = 0; i < members.length; i++) {
            byte[] token = sealer.token(members[i]);
            highs[i] = ElementToken.high(token);
            lows[i] = ElementToken.low(token);
        }
    }

    /** Appends the members' tokens (from {@link #tokenize}) to {@code all}. */
    void addTokens(TokenList all) {
        for (int i = 0; i < members.length; i++) {
            all.add(highs[i], lows[i]);
        }
    }

    /** Under the lock: marks the members {@code set} lacks as due to be sealed; whether there is any. */
    boolean findAbsent(SetValue set) {
        boolean any = false;
        for (int i = 0; i < members.length; i++) {
            if (set.indexOf(highs[i], lows[i]) < 0) {
                sealed[i] = NOT_YET;
                any = true;
            }
        }
        return any;
    }

    /**
     * Without the lock: seals the members that a racy look without it ({@link SetValue#touch(TokenList, boolean[])})
     * did not see in the set, those whose {@code seen[offset + i]} is false, {@code i} counting the members as
     * {@link #addTokens} appended them. A guess only: {@link #lacking} seals under the lock a member it missed.
     */
    void sealUnseen(boolean[] seen, int offset) {
        for (int i = 0; i < members.length; i++) {
            if (!seen[offset + i]) {
                sealed[i] = sealer.seal(members[i]);
            }
        }
    }

    /** How many tokens {@link #addTokens} appends. */
    int tokenCount() {
        return members.length;
    }

    /** Without the lock: seals the members {@link #findAbsent} marked. */
    void sealAbsent() {
        for (int i = 0; i < sealed.length; i++) {
            if (sealed[i] == NOT_YET) {
                sealed[i] = sealer.seal(members[i]);
            }
        }
    }

    /**
     * Under the lock, {@code set} being the large set {@code entry} of {@code db} holds (of the identity the
     * members were tokenized for): adds every member it lacks, notifies the change, and returns how many.
     */
    long commit(CommandContext c, Database db, Entry entry, SetValue set) {
        int count = lacking(set);
        if (count == 0) {
            return 0;
        }
        c.keyspace().writes().modifying(db, entry);
        addTo(set);
        c.notifyEvent(KeyspaceEvents.SET, "sadd", key);
        return count;
    }

    /**
     * Under the lock: how many members {@code set} lacks now, each sealed by then (under the lock if not
     * before); {@link #addTo} adds them.
     */
    int lacking(SetValue set) {
        lackingCount = 0;
        for (int i = 0; i < members.length; i++) {
            if (set.indexOf(highs[i], lows[i]) < 0) {
                if (sealed[i] == null || sealed[i] == NOT_YET) {
                    sealed[i] = sealer.seal(members[i]);
                }
                lacking[lackingCount++] = i;
            }
        }
        return lackingCount;
    }

    /**
     * Under the same hold as {@link #lacking}: adds the members it found absent to {@code set} (distinct
     * members have distinct tokens, so none is looked for again).
     */
    void addTo(SetValue set) {
        for (int k = 0; k < lackingCount; k++) {
            int i = lacking[k];
            set.addAbsent(highs[i], lows[i], sealed[i]);
        }
    }
}
