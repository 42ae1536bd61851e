/** Connection commands; {@link io.sealedkv.engine.command.connection.ConnectionCommands#table()} lists them. */
package io.sealedkv.engine.command.connection;
