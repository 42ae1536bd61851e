package io.sealedkv.engine.command;

/**
 * A client value sealed before the keyspace lock was taken, for database identity {@code dbId}.
 * Keeps the plaintext reference so it can be resealed if SWAPDB moved the identity meanwhile; the
 * plaintext is the request argument, wiped when the command ends.
 */
public record PreSealed(long dbId, byte[] sealed, byte[] key, byte[] plaintext) {
}
