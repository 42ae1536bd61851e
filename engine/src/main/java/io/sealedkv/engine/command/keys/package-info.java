/** Generic key and expiry commands; {@link io.sealedkv.engine.command.keys.KeyCommands#table()} lists them. */
package io.sealedkv.engine.command.keys;
