package io.sealedkv.engine.types.zset;

import java.util.List;

/**
 * A sorted set seen as a sequence ordered by (score, member), addressed by rank (0 = lowest). The
 * listpack form ({@link Pairs}, opened, in clear, worked on outside the lock) and the skiplist form
 * ({@link TreeView}, sealed members, worked on under the lock) answer the same questions, so every
 * command is written once.
 */
public interface SortedView {
    int size();

    /** The member's score, or null when it is absent. */
    Double score(byte[] member);

    /** The member's rank, or -1 when it is absent. */
    int rank(byte[] member);

    /** The first rank whose score is above {@code min} ({@code exclusive}) or at or above it. */
    int firstFrom(double min, boolean exclusive);

    /** The rank after the last whose score is below {@code max} ({@code exclusive}) or at or below it. */
    int endAt(double max, boolean exclusive);

    /** The first rank whose member is at or above {@code min}; meaningful when all scores are equal. */
    int firstFromLex(LexBound min);

    /** The rank after the last whose member is at or below {@code max}; meaningful when all scores are equal. */
    int endAtLex(LexBound max);

    ZItem item(int rank);

    /** The items of ranks {@code from} (inclusive) to {@code to} (exclusive), from the top down when {@code reverse}. */
    List<ZItem> items(int from, int to, boolean reverse);

    /** Adds the member or changes its score. */
    void put(byte[] member, double score);

    /** Removes the member; false when it was absent. */
    boolean remove(byte[] member);

    /** Removes ranks {@code from} (inclusive) to {@code to} (exclusive) and returns them in order. */
    List<ZItem> removeRange(int from, int to);
}
