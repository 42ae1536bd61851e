/** Cluster commands: for now, what a Redis without cluster support answers to them. */
package io.sealedkv.engine.command.cluster;
