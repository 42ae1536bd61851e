package io.sealedkv.keystore;

import java.time.Instant;

/**
 * What may be shown about a data key version: never its material.
 *
 * @param version   the id sealed values carry in their header
 * @param state     primary, decrypt-only or destroyed
 * @param created   when the version was created
 * @param sealCount how many nonces (hence seals) were reserved or issued under it
 */
public record KeyVersionInfo(int version, KeyState state, Instant created, long sealCount) {
}
