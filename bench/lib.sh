# Shared by the side-by-side benchmark scripts: `source "$(dirname "$0")/lib.sh" "$@"` right after
# `set -euo pipefail`. It re-executes the script on every online CPU, moves to the repository root and
# gives a scratch directory WORK, a PIDS list of background servers (both cleaned up on exit), free_port,
# wait_ready, write_string_keys and wait_jit_idle.

# Processes here may start pinned to one CPU (this sandbox pins PID 1 to CPU 0 and everything inherits
# it): run the servers and the client on every online CPU, as the machine's cores are meant to be shared.
if [[ -z ${BENCH_ALL_CPUS:-} ]] && command -v taskset >/dev/null && [[ -r /sys/devices/system/cpu/online ]]; then
  export BENCH_ALL_CPUS=1
  exec taskset -c "$(cat /sys/devices/system/cpu/online)" "$0" "$@"
fi
cd "$(dirname "$0")/.."

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# waits until the server on port $1 answers PING (at most 60 s)
wait_ready() {
  for _ in $(seq 1 300); do
    redis-cli -h 127.0.0.1 -p "$1" PING 2>/dev/null | grep -q PONG && return 0
    sleep 0.2
  done
  echo "server on port $1 did not start" >&2
  exit 1
}

# writes to $2 the RESP of $1 SETs of key:0.. with 100-byte random values (the string data set)
write_string_keys() {
  python3 - "$1" > "$2" <<'PY'
import os, sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    key = b"key:%d" % i
    value = os.urandom(100)
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$100\r\n%s\r\n" % (len(key), key, value))
PY
}

# waits until the JVM with pid $1 has no method queued for or in compilation (at most $2 s, default 120),
# so a timed run after a warm-up measures compiled code; says on stderr how long it waited, or that it
# could not ask (jcmd missing or refused: the run then goes on without waiting)
wait_jit_idle() {
  local start=$SECONDS out
  while (( SECONDS - start < ${2:-120} )); do
    if ! out=$(jcmd "$1" Compiler.queue 2>&1); then
      echo "cannot read the JIT queue of $1 ($(head -2 <<< "$out" | tail -1)); not waiting" >&2
      return 0
    fi
    if ! grep -qE '^(C[12] CompilerThread[0-9]+ +)? *[0-9]+ ' <<< "$out"; then
      echo "JIT idle after $((SECONDS - start)) s" >&2
      return 0
    fi
    sleep 2
  done
  echo "JIT still busy after $((SECONDS - start)) s" >&2
}
