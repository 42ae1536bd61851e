package io.sealedkv.engine.types.list;

import io.sealedkv.engine.keyspace.ElementCrypto;
import java.util.Arrays;
import java.util.List;

/**
 * Opens the elements {@link SealedList#popElement} took, for the replies of a run of pops: a node is
 * opened (and its elements located) once for the consecutive elements read from it, and its plaintext is
 * wiped as soon as an element of another node is read, or at {@link #close}. For one thread at a time.
 */
public final class PoppedReader implements AutoCloseable {
    private byte[] openedSealed;
    private byte[] block;
    private long[] bounds;

    /** Hands the element to {@code sink}, which must not keep the plaintext. */
    public void read(ElementCrypto crypto, PoppedElement element, ListBlock.ElementSink sink) {
        if (!(element.segment() instanceof ListNode node)) {
            ListPacker.read(crypto, element.segment(), 0, 1, sink);
            return;
        }
        if (node.sealed() != openedSealed) {
            close();
            block = crypto.open(node.sealed());
            bounds = ListBlock.bounds(block, node.blockCount());
            openedSealed = node.sealed();
        }
        long at = bounds[element.index()];
        sink.accept(block, ListBlock.offset(at), ListBlock.length(at));
    }

    /**
     * The one slice of {@code segments} sealed again by {@code crypto} with only the elements still in the
     * list, when this reader holds its block open; else null. Those elements lie together in the block,
     * encoded as a block of their own, so their bytes are sealed as they are (one left is a single).
     */
    List<Object> resealed(Object[] segments, ElementCrypto crypto) {
        if (segments.length != 1 || !(segments[0] instanceof ListNode node) || node.sealed() != openedSealed) {
            return null;
        }
        int last = node.first() + node.count() - 1;
        int from = node.count() == 1 ? ListBlock.offset(bounds[last]) : node.first() == 0 ? 0 : end(node.first() - 1);
        byte[] live = Arrays.copyOfRange(block, from, end(last));
        try {
            byte[] sealed = crypto.seal(live);
            return List.of(node.count() == 1 ? sealed : new ListNode(sealed, node.count(), live.length));
        } finally {
            Arrays.fill(live, (byte) 0);
        }
    }

    /** Where element {@code index} of the open block ends. */
    private int end(int index) {
        return ListBlock.offset(bounds[index]) + ListBlock.length(bounds[index]);
    }

    /** Wipes the node opened last. */
    @Override
    public void close() {
        if (block != null) {
            Arrays.fill(block, (byte) 0);
        }
        block = null;
        bounds = null;
        openedSealed = null;
    }
}
