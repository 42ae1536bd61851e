/**
 * Commands. {@link io.sealedkv.engine.command.CommandTable} holds one
 * {@link io.sealedkv.engine.command.CommandSpec} per command: name, arity, flags, key positions, ACL
 * categories, tips and handler, as data; dispatch, arity errors, COMMAND COUNT/INFO/DOCS/LIST and
 * GETKEYS read it. COMMAND DOCS of Redis's commands is Redis's own documentation, a generated resource
 * ({@link io.sealedkv.engine.command.docs}); SealedKV's own commands document themselves in their spec.
 * Each family ({@code string}, {@code keys}, {@code connection}, {@code server})
 * is a package whose main class ends with its table, and {@link io.sealedkv.engine.command.Commands}
 * collects them.
 *
 * <p>Writing a command: a handler gets a {@link io.sealedkv.engine.command.CommandContext}. It parses
 * and validates its arguments first (syntax errors before any work), seals client values with
 * {@code preseal} before taking the lock, does all keyspace work inside one
 * {@code try (var lock = c.lock())} block through {@code keyspace().lookupRead/lookupWrite} and
 * {@code keyspace().writes()}, and opens values after the block ({@code replyOpened}). A command that
 * must compute on the plaintext opens, computes and seals inside the block. Errors are thrown as
 * {@link io.sealedkv.engine.command.CommandException} carrying Redis's exact text (see
 * {@link io.sealedkv.engine.command.Errors}); the dispatcher turns them, and sealing failures, into
 * error replies. A command whose effect should reach replication differently from how it was received
 * says so with {@code propagateAs}.
 */
package io.sealedkv.engine.command;
