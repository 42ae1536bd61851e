/**
 * The server's data keys at run time: the keystore it was started with (reloadable from its file),
 * the counting decorator every seal and open passes through (INFO {@code sealedkv}), and the
 * background rewrap that brings every stored value under the primary key version.
 */
package io.sealedkv.engine.keys;
