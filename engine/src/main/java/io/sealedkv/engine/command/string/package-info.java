/** String commands; {@link io.sealedkv.engine.command.string.StringCommands#table()} lists them. */
package io.sealedkv.engine.command.string;
