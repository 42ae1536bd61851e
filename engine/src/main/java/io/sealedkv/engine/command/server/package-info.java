/** Server commands; {@link io.sealedkv.engine.command.server.ServerCommands#table()} lists them. */
package io.sealedkv.engine.command.server;
