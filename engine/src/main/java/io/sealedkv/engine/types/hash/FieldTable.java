package io.sealedkv.engine.types.hash;

import io.sealedkv.engine.keyspace.ElementToken;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The fields of a hashtable-encoded hash: a chained hash table keyed by the 16-byte element token of
 * each field, mapping it to the sealed (field, value) pair. Tokens are HMAC outputs, so their first
 * bytes serve as the hash code as they are. The bucket count is a power of two, doubled when the
 * fields outnumber the buckets and halved when under an eighth are used; cursors of {@link #scan}
 * count buckets in reverse binary order (as Redis's dictScan), so a field present during a whole scan
 * is returned at least once even across resizes. Not thread-safe: used under the keyspace lock.
 */
public final class FieldTable {
    private static final int MIN_BUCKETS = 4;
    /** Heap bytes of one node and of one bucket slot, for memory estimates. */
    static final int NODE_BYTES = 40;
    static final int SLOT_BYTES = 4;

    private Node[] buckets = new Node[MIN_BUCKETS];
    private int size;
    /** Heap bytes of the sealed pairs held, kept up to date so estimates cost nothing. */
    private long sealedBytes;

    private static final class Node {
        final long high;
        final long low;
        byte[] sealed;
        Node next;

        Node(long high, long low, byte[] sealed, Node next) {
            this.high = high;
            this.low = low;
            this.sealed = sealed;
            this.next = next;
        }
    }

    public int size() {
        return size;
    }

    /** The sealed pair of the field whose token is {@code token}, or null. */
    public byte[] get(byte[] token) {
        Node node = find(ElementToken.high(token), ElementToken.low(token));
        return node == null ? null : node.sealed;
    }

    /** Stores {@code sealed} for {@code token}; true when the field is new. */
    public boolean put(byte[] token, byte[] sealed) {
        long high = ElementToken.high(token);
        long low = ElementToken.low(token);
        Node node = find(high, low);
        sealedBytes += arrayBytes(sealed);
        if (node != null) {
            sealedBytes -= arrayBytes(node.sealed);
            node.sealed = sealed;
            return false;
        }
        int i = index(high, buckets.length);
        buckets[i] = new Node(high, low, sealed, buckets[i]);
        if (++size > buckets.length) {
            resize(buckets.length * 2);
        }
        return true;
    }

    /** Removes the field whose token is {@code token}; true when it was there. */
    public boolean remove(byte[] token) {
        long high = ElementToken.high(token);
        long low = ElementToken.low(token);
        int i = index(high, buckets.length);
        for (Node prev = null, node = buckets[i]; node != null; prev = node, node = node.next) {
            if (node.high == high && node.low == low) {
                if (prev == null) {
                    buckets[i] = node.next;
                } else {
                    prev.next = node.next;
                }
                size--;
                sealedBytes -= arrayBytes(node.sealed);
                if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
                    resize(buckets.length / 2);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Visits the sealed pairs of the bucket {@code cursor} names and returns the next cursor, 0 when the
     * whole table has been visited.
     */
    public long scan(long cursor, Consumer<byte[]> action) {
        long mask = buckets.length - 1;
        for (Node node = buckets[(int) (cursor & mask)]; node != null; node = node.next) {
            action.accept(node.sealed);
        }
        long next = cursor | ~mask;
        next = Long.reverse(Long.reverse(next) + 1);
        return next;
    }

    /** A sealed pair picked at random (a random non-empty bucket, then a random node of it). */
    public byte[] random(RandomGenerator random) {
        while (true) {
            Node node = buckets[random.nextInt(buckets.length)];
            if (node != null) {
                int length = 0;
                for (Node n = node; n != null; n = n.next) {
                    length++;
                }
                for (int skip = random.nextInt(length); skip > 0; skip--) {
                    node = node.next;
                }
                return node.sealed;
            }
        }
    }

    /** Visits every field's token (a fresh array each time) and sealed pair. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        for (Node head : buckets) {
            for (Node node = head; node != null; node = node.next) {
                action.accept(ElementToken.of(node.high, node.low), node.sealed);
            }
        }
    }

    /** Visits every sealed pair. */
    public void forEachSealed(Consumer<byte[]> action) {
        for (Node head : buckets) {
            for (Node node = head; node != null; node = node.next) {
                action.accept(node.sealed);
            }
        }
    }

    /** An estimate of the heap bytes of the table and its sealed pairs. */
    long memoryBytes() {
        return 16L + (long) SLOT_BYTES * buckets.length + (long) NODE_BYTES * size + sealedBytes;
    }

    private static long arrayBytes(byte[] array) {
        return 16L + array.length;
    }

    private Node find(long high, long low) {
        for (Node node = buckets[index(high, buckets.length)]; node != null; node = node.next) {
            if (node.high == high && node.low == low) {
                return node;
            }
        }
        return null;
    }

    private void resize(int count) {
        Node[] larger = new Node[count];
        for (Node head : buckets) {
            Node node = head;
            while (node != null) {
                Node next = node.next;
                int i = index(node.high, count);
                node.next = larger[i];
                larger[i] = node;
                node = next;
            }
        }
        buckets = larger;
    }

    private static int index(long high, int count) {
        return (int) high & (count - 1);
    }
}
