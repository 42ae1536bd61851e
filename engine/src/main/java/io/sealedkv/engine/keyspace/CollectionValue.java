package io.sealedkv.engine.keyspace;

import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A list, hash, set or sorted set as the keyspace holds it: elements sealed for the collection's
 * {@link CollectionIdentity} (not for its key name, so RENAME, MOVE and SWAPDB move it as it is),
 * equality lookups through element tokens, nothing in clear but what SECURITY.md lists.
 *
 * <p>A collection is changed in place under the keyspace lock, and each change is reported with
 * {@link WritePath#modifying} before it is made; a command that empties one deletes the key, as Redis does. The
 * sealed arrays a collection hands out are copies or arrays it never modifies afterwards (a change may
 * rewrite the arrays it stores in place), so a reader may collect them under the lock and open them after
 * releasing it.
 */
public interface CollectionValue {
    ValueType type();

    /** What its sealing is bound to and which token key finds its elements. */
    CollectionIdentity identity();

    /** What OBJECT ENCODING answers, as Redis names it ({@code listpack}, {@code quicklist}, ...). */
    String encoding();

    /** The number of elements (LLEN, HLEN, SCARD, ZCARD); never 0 while stored. */
    long size();

    /** An estimate of the heap bytes this value holds, for MEMORY USAGE, INFO and eviction. */
    long memoryBytes();

    /**
     * A deep copy for COPY: every element opened with {@code from} (this value's crypto) and sealed
     * and tokenized again with {@code to} (a fresh identity), plaintexts wiped as it goes.
     */
    CollectionValue copy(ElementCrypto from, ElementCrypto to);

    /**
     * Visits every sealed array this value holds (key-version census, verification, rewrap), under the
     * keyspace lock: the arrays may be the stored ones, which later writes change, so the visitor reads
     * them and keeps none.
     */
    void forEachSealed(Consumer<byte[]> action);

    /**
     * Everything needed to rebuild this value exactly as it is held (identity, sealed blocks and
     * elements, tokens, scores), for snapshots and DUMP: no plaintext is written. Read back by
     * {@link CollectionReaders#read}.
     */
    void writePayload(DataOutput out) throws IOException;
}
