package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.set.SetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One SADD to a large set, in steps: the members' tokens before the lock; under it, which members the set
 * lacks; without it, those sealed; and under the lock again, every member the set lacks then added, which
 * is where the command takes effect. A member that was there at the first look but removed since is sealed
 * under that second hold (rare), before anything is added, so the command never answers from a stale look
 * and a seal that fails changes nothing.
 */
final class LargeSetAdd {
    /** Marks a member due to be sealed (never a sealed member: those are new arrays). */
    private static final byte[] NOT_YET = new byte[0];

    private final byte[] key;
    private final List<byte[]> members;
    private final List<byte[]> tokens;
    private final byte[][] sealed;
    private ElementSealer sealer;

    /** For the distinct members of {@code args}. */
    LargeSetAdd(byte[] key, List<byte[]> args) {
        this.key = key;
        members = new ArrayList<>(Plain.distinct(args).values());
        tokens = new ArrayList<>(members.size());
        sealed = new byte[members.size()][];
    }

    /** Before the lock: the members' tokens for the set {@code sealer} seals for, which seals them later. */
    void tokenize(ElementSealer sealer) {
        this.sealer = sealer;
        for (byte[] member : members) {
            tokens.add(sealer.token(member));
        }
    }

    List<byte[]> tokens() {
        return tokens;
    }

    /** Under the lock: marks the members {@code set} lacks as due to be sealed; whether there is any. */
    boolean findAbsent(SetValue set) {
        boolean any = false;
        for (int i = 0; i < tokens.size(); i++) {
            if (set.indexOf(tokens.get(i)) < 0) {
                sealed[i] = NOT_YET;
                any = true;
            }
        }
        return any;
    }

    /** Without the lock: seals the members {@link #findAbsent} marked. */
    void sealAbsent() {
        for (int i = 0; i < sealed.length; i++) {
            if (sealed[i] == NOT_YET) {
                sealed[i] = sealer.seal(members.get(i));
            }
        }
    }

    /**
     * Under the lock, {@code set} being the large set {@code entry} of {@code db} holds (of the identity the
     * members were tokenized for): adds every member it lacks, notifies the change, and returns how many.
     */
    long commit(CommandContext c, Database db, Entry entry, SetValue set) {
        List<Integer> lacking = lacking(set);
        if (lacking.isEmpty()) {
            return 0;
        }
        c.keyspace().writes().modifying(db, entry);
        addTo(set, lacking);
        c.notifyEvent(KeyspaceEvents.SET, "sadd", key);
        return lacking.size();
    }

    /** Under the lock: the members {@code set} lacks now, each sealed by then (under the lock if not before). */
    List<Integer> lacking(SetValue set) {
        List<Integer> lacking = List.of();
        for (int i = 0; i < tokens.size(); i++) {
            if (set.indexOf(tokens.get(i)) < 0) {
                if (sealed[i] == null || sealed[i] == NOT_YET) {
                    sealed[i] = sealer.seal(members.get(i));
                }
                if (lacking.isEmpty()) {
                    lacking = new ArrayList<>();
                }
                lacking.add(i);
            }
        }
        return lacking;
    }

    /** Under the lock: adds the members {@code lacking} names (from {@link #lacking}) to {@code set}. */
    void addTo(SetValue set, List<Integer> lacking) {
        for (int i : lacking) {
            set.add(tokens.get(i), sealed[i]);
        }
    }
}
