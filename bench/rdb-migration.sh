#!/usr/bin/env bash
# import-rdb / export-rdb throughput: KEYS (default 1M) string keys with 100-byte random values are
# loaded into Debian's redis-server and SAVEd (rdbcompression yes); then `sealedkv import-rdb` turns
# dump.rdb into a sealed snapshot and `sealedkv export-rdb` turns it back into an RDB, each timed by the
# tool's own report (whole run: read, verify, seal or open, write, fsync) and by the wall clock of the
# process (JVM start included). Redis's own load time of the same RDB is printed for reference.
# Needs redis-server, redis-tools, python3 and the tools jar (bin/sealedkv builds it if missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$@"

KEYS=${KEYS:-1000000}

write_string_keys "$KEYS" "$WORK/load.resp"

PORT=$(free_port)
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --rdbcompression yes \
  --dir "$WORK" --dbfilename dump.rdb --logfile "$WORK/redis.log" >/dev/null &
PIDS+=($!)
wait_ready "$PORT"
redis-cli -h 127.0.0.1 -p "$PORT" --pipe < "$WORK/load.resp" >/dev/null
redis-cli -h 127.0.0.1 -p "$PORT" SAVE >/dev/null
redis-cli -h 127.0.0.1 -p "$PORT" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
wait "${PIDS[0]}" 2>/dev/null || true
PIDS=()

# Redis's load of the same file, for reference
PORT=$(free_port)
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" --dbfilename dump.rdb \
  --logfile "$WORK/redis-load.log" >/dev/null &
PIDS+=($!)
wait_ready "$PORT"
redis-cli -h 127.0.0.1 -p "$PORT" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
wait "${PIDS[0]}" 2>/dev/null || true
PIDS=()
REDIS_LOAD=$(grep -o 'Done loading RDB, keys loaded: [0-9]*, keys expired: [0-9]*' "$WORK/redis-load.log" || true)
REDIS_SECONDS=$(grep -o 'DB loaded from disk: [0-9.]* seconds' "$WORK/redis-load.log" | grep -o '[0-9.]*' || echo '?')

printf 'bench passphrase\n' > "$WORK/passphrase"
chmod 600 "$WORK/passphrase"
bin/sealedkv keys init --keystore "$WORK/keystore" --passphrase-file "$WORK/passphrase" --kdf-log2n 10 >/dev/null
AUTH=(--keystore "$WORK/keystore" --passphrase-file "$WORK/passphrase")
mkdir "$WORK/data"

start=$(date +%s.%N)
bin/sealedkv import-rdb "$WORK/dump.rdb" --data-dir "$WORK/data" "${AUTH[@]}" --json > "$WORK/import.json"
import_wall=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
bin/sealedkv export-rdb --data-dir "$WORK/data" --out "$WORK/exported.rdb" "${AUTH[@]}" --json \
  > "$WORK/export.json" 2>/dev/null
export_wall=$(echo "$(date +%s.%N) - $start" | bc)

python3 - "$WORK" "$import_wall" "$export_wall" "$REDIS_SECONDS" <<'PY'
import json, os, sys
work, import_wall, export_wall, redis_seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
imp = json.load(open(os.path.join(work, "import.json")))
exp = json.load(open(os.path.join(work, "export.json")))
mb = 1024 * 1024
print(f"keys: {imp['keys']}, dump.rdb {imp['rdbBytes'] / mb:.1f} MiB, dump.sealed {imp['snapshotBytes'] / mb:.1f} MiB, "
      f"exported.rdb {exp['rdbBytes'] / mb:.1f} MiB")
for name, r, wall, size in (("import-rdb", imp, import_wall, imp['rdbBytes']), ("export-rdb", exp, export_wall, exp['rdbBytes'])):
    s = r['seconds']
    print(f"{name}: {s:.2f} s in the tool ({wall:.2f} s wall with JVM start): "
          f"{size / mb / s:.1f} MB/s of RDB, {r['keys'] / s / 1000:.0f}k keys/s")
print(f"redis-server 7.0 loading the same dump.rdb: {redis_seconds} s")
PY
