package io.sealedkv.engine.keyspace;

/**
 * Sealing, opening and tokenizing for the elements of one collection identity; the engine's
 * implementation is {@code io.sealedkv.engine.command.ElementSealer}.
 */
public interface ElementCrypto {
    CollectionIdentity identity();

    /** Seals {@code plaintext}, which stays the caller's to wipe. */
    byte[] seal(byte[] plaintext);

    /** Opens what {@link #seal} sealed for this identity; the caller wipes the plaintext when done. */
    byte[] open(byte[] sealed);

    /** The equality token of {@code length} bytes of {@code data} from {@code offset}. */
    byte[] token(byte[] data, int offset, int length);

    /** The equality token of {@code element}. */
    default byte[] token(byte[] element) {
        return token(element, 0, element.length);
    }
}
