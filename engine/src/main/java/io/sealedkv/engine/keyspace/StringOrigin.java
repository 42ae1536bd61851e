package io.sealedkv.engine.keyspace;

/**
 * How a string value came to be, which decides the encoding Redis would give it and so what OBJECT
 * ENCODING reports; SealedKV itself stores every value sealed, whatever its origin.
 */
public enum StringOrigin {
    /** As a client sent it, or an integer result: {@code int} when it reads as one, else by length. */
    STORED,
    /** A number the server printed (INCRBYFLOAT): never {@code int}, {@code embstr} or {@code raw} by length. */
    PRINTED,
    /** Changed in place (APPEND to a key, SETRANGE, SETBIT, BITFIELD) or computed (BITOP): {@code raw}. */
    EDITED
}
