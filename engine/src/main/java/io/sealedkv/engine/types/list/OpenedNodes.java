package io.sealedkv.engine.types.list;

import io.sealedkv.engine.keyspace.ElementCrypto;
import java.util.Arrays;

/**
 * The opened blocks of the last nodes a run of reads went through, so that the next read of the same node
 * does not open it again. A node is known by its sealed array: a node's block is never changed in place (a
 * change makes a new array), and the array kept here cannot be collected and its identity reused, so an
 * array found here opens to the block kept beside it. The blocks are plaintext: whoever starts a run wipes
 * them ({@link #wipe}) when it ends. At most {@value #LIMIT} blocks, the oldest wiped to make room.
 */
public final class OpenedNodes {
    static final int LIMIT = 4;
    private final byte[][] sealed = new byte[LIMIT][];
    private final byte[][] blocks = new byte[LIMIT][];
    private int oldest;

    /** The opened block of the node sealed as {@code node}: kept from an earlier read or opened now and kept. */
    byte[] open(ElementCrypto crypto, byte[] node) {
        for (int i = 0; i < LIMIT; i++) {
            if (sealed[i] == node) {
                return blocks[i];
            }
        }
        byte[] block = crypto.open(node);
        int at = oldest;
        oldest = (oldest + 1) % LIMIT;
        wipe(at);
        sealed[at] = node;
        blocks[at] = block;
        return block;
    }

    /** Wipes and forgets every kept block. */
    public void wipe() {
        for (int i = 0; i < LIMIT; i++) {
            wipe(i);
        }
        oldest = 0;
    }

    private void wipe(int at) {
        if (blocks[at] != null) {
            Arrays.fill(blocks[at], (byte) 0);
        }
        blocks[at] = null;
        sealed[at] = null;
    }
}
