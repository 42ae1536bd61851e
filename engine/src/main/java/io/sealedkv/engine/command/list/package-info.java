/**
 * The list commands (LPUSH ... LMPOP) and their blocking forms (BLPOP ... BLMPOP), over
 * {@link io.sealedkv.engine.types.list.SealedList}; the table is {@link io.sealedkv.engine.command.list.ListCommands#table()}.
 */
package io.sealedkv.engine.command.list;
