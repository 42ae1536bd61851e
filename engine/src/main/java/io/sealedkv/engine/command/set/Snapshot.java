package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.set.SetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The sealed members of a set taken under the lock (its block, or the references to its sealed
 * members, which are never modified), to be opened after the lock is released.
 */
record Snapshot(ElementSealer crypto, byte[] block, byte[][] members) {
    /** No member. */
    static final Snapshot NONE = new Snapshot(null, null, new byte[0][]);

    static Snapshot of(ElementSealer crypto, SetValue set) {
        if (set.isSmall()) {
            return new Snapshot(crypto, set.block(), null);
        }
        byte[][] members = new byte[(int) set.size()][];
        for (int i = 0; i < members.length; i++) {
            members[i] = set.sealedAt(i);
        }
        return new Snapshot(crypto, null, members);
    }

    /** Only the members at {@code indexes} of a large set. */
    static Snapshot ofIndexes(ElementSealer crypto, SetValue set, int[] indexes) {
        byte[][] members = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            members[i] = set.sealedAt(indexes[i]);
        }
        return new Snapshot(crypto, null, members);
    }

    /** The opened members; the caller wipes them. */
    List<byte[]> open() {
        if (block != null) {
            return SetValue.members(crypto, block);
        }
        List<byte[]> opened = new ArrayList<>(members.length);
        for (byte[] member : members) {
            opened.add(crypto.open(member));
        }
        return opened;
    }
}
