#!/usr/bin/env bash
# Issue 4's memory measure: RSS after loading each collection data set into a freshly started
# redis-server and a freshly started SealedKV (bin/sealedkv-server's defaults), side by side:
#   hashes  100k hashes of 10 fields (field 10 bytes, value 10 bytes)
#   list    one list of 1M 10-byte items
#   set     one set of 1M members (10 bytes)
#   zset    one sorted set of 1M members (10 bytes) with random scores
#   empty   nothing: each server's own baseline
# Each server is stopped after its data set, so no data set pays for another's garbage. Prints
# SealedKV/Redis ratios. Needs redis-server, redis-tools and python3. SETTLE_SECONDS (default 15) is
# the idle time before RSS is read.
set -euo pipefail

source "$(dirname "$0")/lib.sh" "$@"

python3 - "$WORK" <<'PY'
import os, random, sys
work = sys.argv[1]
def command(*args):
    out = b"*%d\r\n" % len(args)
    for arg in args:
        out += b"$%d\r\n%s\r\n" % (len(arg), arg)
    return out
def item(i):
    return b"%010d" % i
open(os.path.join(work, "empty.resp"), "wb").close()
with open(os.path.join(work, "hashes.resp"), "wb") as f:
    for h in range(100_000):
        pairs = []
        for i in range(10):
            pairs += [b"field%05d" % i, os.urandom(5).hex().encode()]
        f.write(command(b"HSET", b"hash:%d" % h, *pairs))
with open(os.path.join(work, "list.resp"), "wb") as f:
    for start in range(0, 1_000_000, 100):
        f.write(command(b"RPUSH", b"list", *[item(i) for i in range(start, start + 100)]))
with open(os.path.join(work, "set.resp"), "wb") as f:
    for start in range(0, 1_000_000, 100):
        f.write(command(b"SADD", b"set", *[item(i) for i in range(start, start + 100)]))
with open(os.path.join(work, "zset.resp"), "wb") as f:
    for start in range(0, 1_000_000, 100):
        args = []
        for i in range(start, start + 100):
            args += [repr(random.random() * 1e6).encode(), item(i)]
        f.write(command(b"ZADD", b"zset", *args))
PY

# rss_after NAME START-COMMAND...: starts a server, loads WORK/NAME.resp, prints its RSS in KiB
rss_after() {
  local name=$1 port; shift
  port=$(free_port)
  "$@" --port "$port" > "$WORK/$name-$port.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_ready "$port"
  redis-cli -h 127.0.0.1 -p "$port" --pipe < "$WORK/$name.resp" >/dev/null
  sleep "${SETTLE_SECONDS:-15}"
  local server_pid
  server_pid=$(redis-cli -h 127.0.0.1 -p "$port" INFO server | tr -d '\r' | awk -F: '$1=="process_id"{print $2}')
  ps -o rss= -p "$server_pid" | tr -d ' '
  redis-cli -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  wait "$pid" 2>/dev/null || true
}

echo "## RSS after loading each collection data set into a fresh server"
echo "| data set | Redis MiB | SealedKV MiB | ratio |"
echo "|---|---|---|---|"
for name in empty hashes list set zset; do
  redis_kb=$(rss_after "$name" redis-server --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK")
  skv_kb=$(rss_after "$name" bin/sealedkv-server --bind 127.0.0.1 --save '' --dir "$WORK/sealedkv")
  awk -v n="$name" -v r="$redis_kb" -v s="$skv_kb" 'BEGIN { printf "| %s | %.0f | %.0f | %.2f |\n", n, r/1024, s/1024, s/r }'
done
