/**
 * What the built-in providers share: the versioned keys with rotation, destruction and nonce
 * counters ({@link io.sealedkv.keystore.internal.KeyVersions}), the hook through which a provider
 * persists them ({@link io.sealedkv.keystore.internal.KeyPersistence}) and settings parsing. Not an
 * API: deployments use {@link io.sealedkv.keystore.Keystores} and the providers' settings.
 */
package io.sealedkv.keystore.internal;
