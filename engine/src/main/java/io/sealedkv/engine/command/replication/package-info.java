/** Replication commands; until replication exists, as a master without replicas answers them. */
package io.sealedkv.engine.command.replication;
