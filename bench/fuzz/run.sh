#!/usr/bin/env bash
# Runs the differential fuzzer (fuzz.py) against a fresh redis-server and a fresh SealedKV on free loopback
# ports, then stops both. Exits non-zero when a seed showed a difference (shrunk cases in OUT).
#   bench/fuzz/run.sh [SEEDS] [fuzz.py options...]     e.g. bench/fuzz/run.sh 0:200 --steps 10 --heavy
# SEEDS defaults to 0:100; OUT (default /tmp/sealedkv-fuzz) holds log.txt and the cases.
# Needs redis-server (Debian's 7.0.15 is what the known differences in README.md were read against) and python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seeds="${1:-0:100}"
shift || true
out="${OUT:-/tmp/sealedkv-fuzz}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_pong() {
  for _ in $(seq 1 300); do
    python3 - "$1" 2>/dev/null <<'PY' && return 0
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.sendall(b"PING\r\n")
sys.exit(0 if s.recv(64).startswith(b"+PONG") else 1)
PY
    sleep 0.2
  done
  echo "no server on port $1" >&2
  exit 1
}

if [[ ! -f "$root/engine/target/sealedkv-server.jar" ]]; then
  echo "Building the server jar ..." >&2
  (cd "$root" && ./mvnw -B -q -pl engine -am package -DskipTests) >&2
fi

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" \
  > "$work/redis.log" 2>&1 &
pids+=($!)
skv_port=$(free_port)
mkdir -p "$work/skv"
"$root/bin/sealedkv-server" --bind 127.0.0.1 --port "$skv_port" --dir "$work/skv" --save "" \
  > "$work/skv.log" 2>&1 &
pids+=($!)
wait_pong "$redis_port"
wait_pong "$skv_port"

status=0
python3 "$root/bench/fuzz/fuzz.py" --redis "$redis_port" --skv "$skv_port" --seeds "$seeds" --out "$out" "$@" \
  || status=$?
if grep -q "failed unexpectedly" "$work/skv.log"; then
  echo "SealedKV logged unexpected failures:" >&2
  grep -A3 "failed unexpectedly" "$work/skv.log" | head -40 >&2
  status=1
fi
exit "$status"
