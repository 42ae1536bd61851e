/**
 * COMMAND DOCS as data. {@link io.sealedkv.engine.command.docs.CommandDoc} and
 * {@link io.sealedkv.engine.command.docs.CommandArgument} are what COMMAND DOCS says about a command;
 * {@link io.sealedkv.engine.command.docs.CommandDocsFile} reads (and, for its generator, writes) the
 * resource that holds Redis's own documentation of the Redis commands SealedKV implements. The command
 * table takes it once at start and refuses it when it does not match the table.
 */
package io.sealedkv.engine.command.docs;
