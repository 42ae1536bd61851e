#!/usr/bin/env bash
# Regenerates the COMMAND DOCS resource (format: io.sealedkv.engine.command.docs.CommandDocsFile) from the
# redis-server on the PATH (Debian's 7.0.15 here): Redis's documentation of every Redis command and
# subcommand in SealedKV's command table. Run it after adding or removing a command, then commit the file.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
resource="$root/engine/src/main/resources/io/sealedkv/engine/command/docs/redis-command-docs.txt"
cd "$root"
mkdir -p "$(dirname "$resource")"
./mvnw -B -q -o -pl engine test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/engine/target/test-classpath.txt"
java -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/test-classpath.txt)" \
  io.sealedkv.engine.compat.CommandDocsGenerator "$resource"
