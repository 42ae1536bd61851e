/**
 * {@code SEALEDKV}: SealedKV's own administration commands, which Redis has no counterpart for.
 * <ul>
 *   <li>{@code SEALEDKV KEYSTORE RELOAD}: closes the keystore and opens its file again with the
 *       startup settings (passphrase re-read); {@code +OK}. Only for provider {@code file}.</li>
 *   <li>{@code SEALEDKV KEYSTORE ROTATE}: creates a new primary data key version in the server's
 *       keystore (persisted before the reply); replies with its version.</li>
 *   <li>{@code SEALEDKV REWRAP [START]}: starts re-sealing in the background every value not under the
 *       primary version; {@code +Rewrap started}.</li>
 *   <li>{@code SEALEDKV REWRAP STATUS}: the progress, as a map (RESP3) or flat array of field and value.</li>
 *   <li>{@code SEALEDKV REWRAP STOP}: asks a running rewrap to stop after its current step; {@code +OK}.</li>
 *   <li>{@code SEALEDKV HELP}.</li>
 * </ul>
 */
package io.sealedkv.engine.command.sealedkv;
