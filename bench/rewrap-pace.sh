#!/usr/bin/env bash
# What a background rewrap costs the clients, and what rewrap-keys-per-second buys: for each rate
# (RATES, default "0 20000"; 0 = no limit) a fresh SealedKV (bin/sealedkv-server's defaults) is loaded
# with KEYS (default 1M) 100-byte string keys, redis-benchmark GET runs once before and once while
# SEALEDKV REWRAP re-seals every key under a newly rotated version (the same run length, -n N,
# default 150000, short enough to end inside an unlimited rewrap), and the rewrap's own time is read
# from SEALEDKV REWRAP STATUS once the limit is lifted. Prints GET ops/s before and during, and the ratio.
set -euo pipefail

source "$(dirname "$0")/lib.sh" "$@"

KEYS=${KEYS:-1000000}
N=${N:-150000}
RATES=${RATES:-0 20000}
write_string_keys "$KEYS" "$WORK/load.resp"

get_rps() {
  redis-benchmark -h 127.0.0.1 -p "$1" -t get -n "$N" -c 50 -r "$KEYS" -d 100 --csv 2>/dev/null \
    | tr -d '"' | awk -F, '$1 == "GET" { printf "%.0f", $2 }'
}

echo "| rewrap-keys-per-second | GET ops/s before | GET ops/s during the rewrap | ratio | rewrap seconds (limit lifted after the GET run) |"
echo "|---|---|---|---|---|"
for rate in $RATES; do
  port=$(free_port)
  dir="$WORK/sealedkv-$rate"
  bin/sealedkv-server --port "$port" --bind 127.0.0.1 --save '' --dir "$dir" > "$WORK/sealedkv-$rate.log" 2>&1 &
  PIDS+=($!)
  wait_ready "$port"
  redis-cli -h 127.0.0.1 -p "$port" --pipe < "$WORK/load.resp" > /dev/null
  before=$(get_rps "$port")
  redis-cli -h 127.0.0.1 -p "$port" SEALEDKV KEYSTORE ROTATE > /dev/null
  redis-cli -h 127.0.0.1 -p "$port" CONFIG SET rewrap-keys-per-second "$rate" > /dev/null
  redis-cli -h 127.0.0.1 -p "$port" SEALEDKV REWRAP START > /dev/null
  during=$(get_rps "$port")
  redis-cli -h 127.0.0.1 -p "$port" CONFIG SET rewrap-keys-per-second 0 > /dev/null
  until redis-cli -h 127.0.0.1 -p "$port" SEALEDKV REWRAP STATUS | grep -q '^done'; do sleep 0.5; done
  seconds=$(redis-cli -h 127.0.0.1 -p "$port" SEALEDKV REWRAP STATUS | awk 'prev == "rewrap_seconds" { print } { prev = $0 }')
  awk -v r="$rate" -v b="$before" -v d="$during" -v s="$seconds" \
    'BEGIN { printf "| %s | %d | %d | %.2f | %s |\n", r, b, d, d / b, s }'
  redis-cli -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE > /dev/null 2>&1 || true
done
