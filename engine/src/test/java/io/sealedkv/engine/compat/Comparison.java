package io.sealedkv.engine.compat;

/**
 * How the replies of Redis and SealedKV to one command are compared. Every mode but {@link #EXACT}
 * needs a reason written beside its use in the corpus.
 */
sealed interface Comparison {
    /** The reply bytes are identical. */
    record Exact() implements Comparison {
    }

    /** An array reply whose order is unspecified (KEYS): the same elements in any order. */
    record Sorted() implements Comparison {
    }

    /**
     * A SCAN (or HSCAN, SSCAN, ZSCAN, whose cursor follows the key) iterated to the end on each server, then the union
     * of the elements compared sorted, since cursors and the order of keys are implementation details.
     */
    record FullScan() implements Comparison {
    }

    /** Same reply types and aggregate sizes; scalar contents are nondeterministic (TIME, CLIENT ID). */
    record Shape() implements Comparison {
    }

    /** Integer replies at most {@code tolerance} apart (a TTL counting down between the two sends). */
    record Within(long tolerance) implements Comparison {
    }

    Comparison EXACT = new Exact();
}
