/** Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH; {@link io.sealedkv.engine.command.transaction.TransactionCommands#table()} lists them. */
package io.sealedkv.engine.command.transaction;
