package io.sealedkv.engine.type.list;

import io.sealedkv.engine.keyspace.ElementCrypto;
import java.util.Arrays;

/**
 * Opens the elements {@link SealedList#popElement} took, for the replies of a run of pops: a node is
 * opened once for the consecutive elements read from it, and its plaintext is wiped as soon as an element
 * of another node is read, or at {@link #close}. For one thread at a time.
 */
public final class PoppedReader implements AutoCloseable {
    private byte[] openedSealed;
    private byte[] block;

    /** Hands the element to {@code sink}, which must not keep the plaintext. */
    public void read(ElementCrypto crypto, PoppedElement element, ListBlock.ElementSink sink) {
        if (!(element.segment() instanceof ListNode node)) {
            ListPacker.read(crypto, element.segment(), 0, 1, sink);
            return;
        }
        if (node.sealed() != openedSealed) {
            close();
            block = crypto.open(node.sealed());
            openedSealed = node.sealed();
        }
        ListBlock.visit(block, node.blockCount(), element.index(), 1, sink);
    }

    /** Wipes the node opened last. */
    @Override
    public void close() {
        if (block != null) {
            Arrays.fill(block, (byte) 0);
        }
        block = null;
        openedSealed = null;
    }
}
