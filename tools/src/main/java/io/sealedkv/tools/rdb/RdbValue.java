package io.sealedkv.tools.rdb;

import java.util.Arrays;
import java.util.List;

/**
 * One value of an RDB file in clear, as the parser read it or the exporter opened it; whoever holds it
 * {@linkplain #wipe() wipes} it once it is sealed or written.
 */
sealed interface RdbValue {
    /** The SealedKV / Redis type name: string, list, set, zset, hash. */
    String type();

    void wipe();

    /** A collection without elements (Redis skips such keys when it loads). */
    default boolean isEmpty() {
        if (this instanceof ListOf l) {
            return l.elements().isEmpty();
        }
        if (this instanceof SetOf s) {
            return s.members().isEmpty();
        }
        if (this instanceof HashOf h) {
            return h.fields().isEmpty();
        }
        return this instanceof ZSetOf z && z.members().isEmpty();
    }

    record Str(byte[] value) implements RdbValue {
        @Override
        public String type() {
            return "string";
        }

        @Override
        public void wipe() {
            Arrays.fill(value, (byte) 0);
        }
    }

    /** Elements in list order. */
    record ListOf(List<byte[]> elements) implements RdbValue {
        @Override
        public String type() {
            return "list";
        }

        @Override
        public void wipe() {
            wipeAll(elements);
        }
    }

    /** Distinct members. */
    record SetOf(List<byte[]> members) implements RdbValue {
        @Override
        public String type() {
            return "set";
        }

        @Override
        public void wipe() {
            wipeAll(members);
        }
    }

    /** Distinct fields, each with the value at the same index. */
    record HashOf(List<byte[]> fields, List<byte[]> values) implements RdbValue {
        @Override
        public String type() {
            return "hash";
        }

        @Override
        public void wipe() {
            wipeAll(fields);
            wipeAll(values);
        }
    }

    /** Distinct members, each with the score at the same index. */
    record ZSetOf(List<byte[]> members, double[] scores) implements RdbValue {
        @Override
        public String type() {
            return "zset";
        }

        @Override
        public void wipe() {
            wipeAll(members);
            Arrays.fill(scores, 0);
        }
    }

    private static void wipeAll(List<byte[]> arrays) {
        for (byte[] array : arrays) {
            Arrays.fill(array, (byte) 0);
        }
    }
}
