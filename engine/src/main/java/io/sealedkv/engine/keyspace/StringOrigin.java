package io.sealedkv.engine.keyspace;

/**
 * How a string value came to be, which decides the encoding Redis would give it and so what OBJECT
 * ENCODING reports; SealedKV itself stores every value sealed, whatever its origin.
 */
public enum StringOrigin {
    /**
     * As a client sent it, or an integer result: {@code int} when it reads as one, else by length; Redis
     * shares one object among all keys holding an integer from 0 to 9999 (OBJECT REFCOUNT 2147483647).
     */
    STORED,
    /**
     * As {@link #STORED}, but in an object of its own even when a small integer (REFCOUNT 1): a COPY, or a
     * value stored while Redis does not share integers (see {@link AccessTracking#sharesIntegers}).
     */
    UNSHARED,
    /** A number the server printed (INCRBYFLOAT): never {@code int}, {@code embstr} or {@code raw} by length. */
    PRINTED,
    /** Changed in place (APPEND to a key, SETRANGE, SETBIT, BITFIELD) or computed (BITOP): {@code raw}. */
    EDITED;

    /** The origin of a COPY of a value of this origin: Redis duplicates the object, never shared. */
    public StringOrigin copied() {
        return this == STORED ? UNSHARED : this;
    }
}
