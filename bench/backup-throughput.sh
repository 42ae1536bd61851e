#!/usr/bin/env bash
# Throughput of 'sealedkv verify' and 'sealedkv restore' on a snapshot of N string keys of 100-byte values,
# against the baseline: reading the same sealed values from a plain length-prefixed file and opening each
# with the bare codec (bench/BackupThroughput.java). Usage: bench/backup-throughput.sh [N] (default 1000000).
# Every measurement is one fresh JVM process (start-up and keystore open included), timed by /usr/bin/time:
# wall seconds and CPU seconds (user+sys). On a shared, loaded machine compare the CPU columns.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000000}"
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && ./mvnw -B -q -o -pl tools -am package -DskipTests) >&2
# a copy, so a build running meanwhile cannot replace the jar under the measured processes
jar="$work/sealedkv.jar"
cp "$root/tools/target/sealedkv.jar" "$jar"
mkdir -p "$work/classes"
javac -cp "$jar" -d "$work/classes" "$root/bench/BackupThroughput.java"
harness=(java -cp "$jar:$work/classes" BackupThroughput)
"${harness[@]}" generate "$work" "$n"
bytes=$(stat -c %s "$work/data/dump.sealed")
keystore=(--keystore "$work/keystore" --passphrase-file "$work/passphrase")
measure() {
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" > "$work/out.txt"
  read -r wall user sys < "$work/time.txt"
  awk -v w="$wall" -v u="$user" -v s="$sys" -v b="$bytes" -v n="$n" -v name="$name" \
    'BEGIN { c = u + s; printf "%-28s wall %6.2f s (%6.1f MB/s, %7.0f keys/s)   cpu %6.2f s (%6.1f MB/s, %7.0f keys/s)\n",
             name, w, b / w / 1e6, n / w, c, b / c / 1e6, n / c }'
}
for run in $(seq "$runs"); do
  measure "bare codec $run" "${harness[@]}" bare "$work"
  measure "sealedkv verify $run" java -jar "$jar" verify "$work/data/dump.sealed" "${keystore[@]}" --no-progress
done
java -jar "$jar" backup --data-dir "$work/data" --out "$work/bundle" "${keystore[@]}" --no-progress > /dev/null
for run in $(seq "$runs"); do
  measure "sealedkv restore $run" java -jar "$jar" restore "$work/bundle" --data-dir "$work/restored" --force \
    "${keystore[@]}" --no-progress
done
measure "sealedkv restore --reseal" java -jar "$jar" restore "$work/bundle" --data-dir "$work/restored" --force \
  --reseal "${keystore[@]}" --no-progress
echo "snapshot: $bytes bytes, $n keys; nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
