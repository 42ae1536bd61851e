#!/usr/bin/env bash
# Runs the differential fuzzer (fuzz.py) against a fresh redis-server and a fresh SealedKV on free loopback
# ports, then stops both. Exits non-zero when a seed showed a difference (shrunk cases in OUT).
#   bench/fuzz/run.sh [SEEDS] [fuzz.py options...]     e.g. bench/fuzz/run.sh 0:200 --steps 10 --heavy
# SEEDS defaults to 0:100; OUT (default /tmp/sealedkv-fuzz) holds log.txt and the cases.
# Needs redis-server and redis-cli (Debian's 7.0.15 is what the known differences in README.md were read
# against) and python3. Shares bench/lib.sh with the other side-by-side scripts.
set -euo pipefail
source "$(dirname "$0")/../lib.sh" "$@"
cd ..
root="$(pwd)"
seeds="${1:-0:100}"
shift || true
out="${OUT:-/tmp/sealedkv-fuzz}"

if [[ ! -f "$root/engine/target/sealedkv-server.jar" ]]; then
  echo "Building the server jar ..." >&2
  (cd "$root" && ./mvnw -B -q -pl engine -am package -DskipTests) >&2
fi

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$WORK" \
  > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
skv_port=$(free_port)
mkdir -p "$WORK/skv"
"$root/bin/sealedkv-server" --bind 127.0.0.1 --port "$skv_port" --dir "$WORK/skv" --save "" \
  > "$WORK/skv.log" 2>&1 &
PIDS+=($!)
wait_ready "$redis_port"
wait_ready "$skv_port"

status=0
python3 "$root/bench/fuzz/fuzz.py" --redis "$redis_port" --skv "$skv_port" --seeds "$seeds" --out "$out" "$@" \
  || status=$?
if grep -q "failed unexpectedly" "$WORK/skv.log"; then
  echo "SealedKV logged unexpected failures:" >&2
  grep -A3 "failed unexpectedly" "$WORK/skv.log" | head -40 >&2
  status=1
fi
exit "$status"
