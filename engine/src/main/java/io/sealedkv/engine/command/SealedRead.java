package io.sealedkv.engine.command;

/** A sealed value taken under the lock, with what opening it needs: its database identity and key. */
public record SealedRead(long dbId, byte[] key, byte[] sealed) {
}
