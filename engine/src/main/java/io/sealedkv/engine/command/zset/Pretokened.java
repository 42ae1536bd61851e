package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection's crypto whose tokens for a command's member arguments were computed before the lock,
 * and members that were missing from the set sealed before the lock as well: asked for the token (or
 * the seal) of one of those very arrays, it hands the one computed (each seal once); anything else goes
 * to the collection's sealer. The tokens are HMAC outputs, no secret; the arguments are wiped by the
 * context. For ZADD and ZINCRBY it also opens ahead, without the lock, the members a moved or new member
 * will be ordered against (those of equal score: {@link #collectTies}), so that placing it under the lock
 * opens nothing; those plaintexts are wiped by {@link #wipe} at the end of the command.
 */
final class Pretokened implements ElementCrypto {
    /** Members of equal score past which a member's ties are left to the lock (a binary search opens few). */
    static final int MAX_TIES = 16;

    private final ElementCrypto sealer;
    private final byte[][] members;
    private final byte[][] tokens;
    private final boolean[] absent;
    private final byte[][] sealed;
    /** Members of equal score opened ahead, by the identity of their sealed array. */
    private final Map<byte[], byte[]> opened = new IdentityHashMap<>();
    /** Sealed members {@link #collectTies} found to open before the next lock. */
    private final List<byte[]> toOpen = new ArrayList<>();
    /** Where the next search starts (the last member found): commands go through members in argument order. */
    private int last;

    private Pretokened(ElementCrypto sealer, byte[][] members, byte[][] tokens) {
        this.sealer = sealer;
        this.members = members;
        this.tokens = tokens;
        this.absent = new boolean[members.length];
        this.sealed = new byte[members.length][];
    }

    /** Under the lock: notes which members {@code tree} lacks; true when any (and none sealed yet). */
    boolean anyAbsent(ZTree tree) {
        boolean any = false;
        for (int i = 0; i < members.length; i++) {
            absent[i] = tree.find(ElementToken.high(tokens[i]), ElementToken.low(tokens[i])) == null;
            any |= absent[i];
        }
        return any;
    }

    /** The score member {@code i} will get, given its node (null when absent); NaN when it does not move. */
    @FunctionalInterface
    interface Targets {
        double target(int member, ZTree.Node current);
    }

    /**
     * Under the lock: notes the members of {@code tree} that the members of this command will be compared
     * with when placed (those whose score equals the member's target score, at most {@value #MAX_TIES} per
     * member, more are left to be opened under the lock) and that are not opened yet; true when any.
     * Only a hint: a member placed against another member opens it under the lock as before.
     */
    boolean collectTies(ZTree tree, Targets targets) {
        toOpen.clear();
        for (int i = 0; i < members.length; i++) {
            ZTree.Node current = tree.find(ElementToken.high(tokens[i]), ElementToken.low(tokens[i]));
            double target = targets.target(i, current);
            if (Double.isNaN(target) || current != null && current.score() == target) {
                continue;
            }
            int below = tree.countBelow(n -> n.score() < target);
            int n = 0;
            List<byte[]> ties = new ArrayList<>();
            for (ZTree.Node node = below < tree.size() ? tree.select(below) : null;
                 node != null && node.score() == target && n <= MAX_TIES; node = tree.successor(node), n++) {
                if (node != current && !opened.containsKey(node.sealed())) {
                    ties.add(node.sealed());
                }
            }
            if (n <= MAX_TIES) {
                toOpen.addAll(ties);
            }
        }
        return !toOpen.isEmpty();
    }

    /** After the lock: opens the members {@link #collectTies} noted. */
    void openTies() {
        for (byte[] member : toOpen) {
            if (!opened.containsKey(member)) {
                opened.put(member, sealer.open(member));
            }
        }
        toOpen.clear();
    }

    /** Wipes the members opened ahead; at the end of the command. */
    void wipe() {
        opened.values().forEach(p -> Arrays.fill(p, (byte) 0));
        opened.clear();
    }

    /** After the lock: seals the members {@link #anyAbsent} found missing (once each). */
    void sealAbsent() {
        for (int i = 0; i < members.length; i++) {
            if (absent[i] && sealed[i] == null) {
                sealed[i] = sealer.seal(members[i]);
            }
        }
    }

    /** Computes the tokens of {@code members} (argument arrays) for {@code sealer}'s collection. */
    static Pretokened of(ElementCrypto sealer, byte[][] members) {
        byte[][] tokens = new byte[members.length][];
        for (int i = 0; i < members.length; i++) {
            tokens[i] = sealer.token(members[i]);
        }
        return new Pretokened(sealer, members, tokens);
    }

    @Override
    public CollectionIdentity identity() {
        return sealer.identity();
    }

    @Override
    public byte[] seal(byte[] plaintext) {
        int i = indexOf(plaintext);
        if (i >= 0 && sealed[i] != null) {
            byte[] done = sealed[i];
            sealed[i] = null;
            return done;
        }
        return sealer.seal(plaintext);
    }

    @Override
    public byte[] open(byte[] sealed) {
        byte[] ahead = opened.get(sealed);
        return ahead != null ? ahead.clone() : sealer.open(sealed);
    }

    @Override
    public byte[] token(byte[] data, int offset, int length) {
        int i = offset == 0 && length == data.length ? indexOf(data) : -1;
        return i >= 0 ? tokens[i] : sealer.token(data, offset, length);
    }

    /** The index of this very array among the members, or -1. */
    private int indexOf(byte[] data) {
        for (int k = 0; k < members.length; k++) {
            int i = (last + k) % members.length;
            if (members[i] == data) {
                last = i;
                return i;
            }
        }
        return -1;
    }
}
