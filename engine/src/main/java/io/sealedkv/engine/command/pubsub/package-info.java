/** Pub/sub commands; {@link io.sealedkv.engine.command.pubsub.PubSubCommands#table()} lists them. */
package io.sealedkv.engine.command.pubsub;
