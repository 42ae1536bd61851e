package io.sealedkv.engine.command.list;

import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListNode;
import java.util.Arrays;

/**
 * The nodes a {@link ListReadRun} opened, kept open for its next reads. A node is known by its sealed array:
 * a node's block is never changed in place (a change makes a new array), and an array kept here cannot be
 * collected and its identity reused, so an array found here opens to what is kept beside it. A node read a
 * second time is framed once as the bulk strings of its elements, which then go to each reply as one copy.
 * Everything kept is plaintext, wiped by {@link #wipe} when the run ends. At most {@value #LIMIT} nodes
 * (the oldest wiped to make room), each of at most {@value #MAX_BLOCK_BYTES} bytes; a larger one is read as
 * outside a run.
 */
final class OpenedNodes {
    static final int LIMIT = 16;
    static final int MAX_BLOCK_BYTES = 64 * 1024;
    private final Opened[] kept = new Opened[LIMIT];
    private int oldest;

    /** A node's opened block, until it is framed: then its elements as bulk strings and where each starts. */
    static final class Opened {
        final byte[] sealed;
        byte[] block;
        byte[] framed;
        int[] starts;

        Opened(byte[] sealed, byte[] block) {
            this.sealed = sealed;
            this.block = block;
        }

        void frame(int count) {
            long[] bounds = ListBlock.bounds(block, count);
            starts = new int[count + 1];
            for (int i = 0; i < count; i++) {
                starts[i + 1] = starts[i] + RespWriter.framedSize(ListBlock.length(bounds[i]));
            }
            framed = new byte[starts[count]];
            for (int i = 0; i < count; i++) {
                RespWriter.frameBulk(block, ListBlock.offset(bounds[i]), ListBlock.length(bounds[i]), framed, starts[i]);
            }
            Arrays.fill(block, (byte) 0);
            block = null;
        }

        void wipe() {
            if (block != null) {
                Arrays.fill(block, (byte) 0);
            }
            if (framed != null) {
                Arrays.fill(framed, (byte) 0);
            }
        }
    }

    /**
     * Writes the elements of {@code node} from index {@code skip} on, at most {@code max} of them, to
     * {@code reply} as bulk strings; returns how many it wrote.
     */
    int read(ElementCrypto crypto, ListNode node, int skip, long max, RespWriter reply) {
        if (max <= 0 || skip >= node.count()) {
            return 0;
        }
        int from = node.first() + skip;
        int wanted = (int) Math.min(max, node.count() - skip);
        Opened opened = find(node.sealed());
        if (opened == null) {
            opened = keep(node.sealed(), crypto.open(node.sealed()));
            return ListBlock.visit(opened.block, node.blockCount(), from, wanted, reply::bulk);
        }
        if (opened.framed == null) {
            opened.frame(node.blockCount());
        }
        reply.framedBulks(opened.framed, opened.starts[from], opened.starts[from + wanted] - opened.starts[from]);
        return wanted;
    }

    /** True for a node this keeps when read: one whose block is not too large. */
    static boolean keeps(ListNode node) {
        return node.plainBytes() <= MAX_BLOCK_BYTES;
    }

    private Opened find(byte[] sealed) {
        for (Opened opened : kept) {
            if (opened != null && opened.sealed == sealed) {
                return opened;
            }
        }
        return null;
    }

    private Opened keep(byte[] sealed, byte[] block) {
        int at = oldest;
        oldest = (oldest + 1) % LIMIT;
        if (kept[at] != null) {
            kept[at].wipe();
        }
        kept[at] = new Opened(sealed, block);
        return kept[at];
    }

    /** Wipes and forgets every kept node. */
    void wipe() {
        for (int i = 0; i < LIMIT; i++) {
            if (kept[i] != null) {
                kept[i].wipe();
                kept[i] = null;
            }
        }
        oldest = 0;
    }
}
