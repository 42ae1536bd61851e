/** Persistence commands: SAVE, BGSAVE, LASTSAVE (snapshots) and DUMP, RESTORE (sealed payloads). */
package io.sealedkv.engine.command.persistence;
