#!/usr/bin/env bash
# Heap churn under random writes (BENCHMARKS.md, sessions 15-17): for each workload, a fresh SealedKV from
# bin/sealedkv-server (its default JVM options plus a GC log), a data set, WARMUP random writes, then WRITES
# timed ones pipelined by 1000 from a Python client; prints page faults and server CPU per write, the last
# young pause with the heap after it (committed in brackets) and RSS at the end.
#   KINDS="bighash hashes hashes:vary zsets sets lists queue" (default: all), WRITES=1000000, WARMUP=300000,
#   SEED=1; SEALEDKV_JAR=path runs that jar instead of engine/target/sealedkv-server.jar (A/B of two builds).
set -euo pipefail

source "$(dirname "$0")/lib.sh" "$@"

echo "| workload | faults per write | CPU per write | last young pause | heap after it (committed) | RSS after |"
echo "|---|---|---|---|---|---|"
for spec in ${KINDS:-bighash hashes hashes:vary zsets sets lists queue}; do
  kind=${spec%%:*}
  vary=$([[ $spec == *:vary ]] && echo 1 || echo 0)
  port=$(free_port)
  JAVA_EXTRA_OPTS="${JAVA_EXTRA_OPTS:-} -Xlog:gc:file=$WORK/gc-$port.log" \
    bin/sealedkv-server --port "$port" --bind 127.0.0.1 --save '' --dir "$WORK/sealedkv-$port" \
    > "$WORK/sealedkv-$port.out" 2>&1 &
  PIDS+=("$!")
  wait_ready "$port"
  pid=$(redis-cli -h 127.0.0.1 -p "$port" INFO server | tr -d '\r' | awk -F: '$1=="process_id"{print $2}')
  python3 bench/churn.py "$port" "$pid" "$WORK/gc-$port.log" "$kind" "$vary"
  redis-cli -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
done
