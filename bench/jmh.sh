#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them; extra arguments go to JMH (e.g. a regex, -p size=100).
# Results belong in BENCHMARKS.md with the machine and JDK they were measured on.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/benchmarks.jar "$@"
