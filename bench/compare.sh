#!/usr/bin/env bash
# Side by side on loopback: Debian's redis-server and SealedKV, the same redis-benchmark runs against
# each in turn, then RSS after loading the same 1M keys with 100-byte random values (into those servers,
# after the throughput runs and a FLUSHALL, and into freshly started ones).
# Then persistence: SAVE time, start-up load time and file size for those keys (Redis with
# rdbcompression yes, its default).
# Prints SealedKV/Redis ratios. Needs redis-server, redis-tools and python3 (apt-get install -y
# redis-server redis-tools). Override sizes with N=..., KEYS=..., CLIENTS=..., TESTS=...,
# SETTLE_SECONDS=... (idle time before RSS is read; bin/sealedkv-server's JVM shrinks its heap when idle),
# WARMUP=... (requests per test of an untimed pipelined pass against each server before the timed runs,
# default N: INCR's pipelined run path was still compiling after N/5, session 20), then N/20 unpipelined
# (WARMUP_UNPIPELINED=...), since a request alone takes other paths than one in a pipeline:
# the JVM compiles its hot paths in the first seconds, and its one C2 thread takes tens of seconds to
# drain its queue on two busy cores, so the timed runs wait until it is empty; Redis gets the same passes;
# WARMUP_PASSES=2 of them, as while the queue is long HotSpot raises its thresholds and compiles the rest
# in the next pass). The timed runs go test by test, Redis then SealedKV.
# SECTIONS=throughput,rss,persistence chooses what runs (default: all). SKV_ARGS adds server options to
# SealedKV's command line (e.g. SKV_ARGS="--io-threads 1").
set -euo pipefail

source "$(dirname "$0")/lib.sh" "$@"

N=${N:-1000000}
KEYS=${KEYS:-1000000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-set,get,incr,mset}
SECTIONS=${SECTIONS:-throughput,rss,persistence}

rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# run_benchmark PORT PID TESTS [options]: one CSV line per test: test,rps,avg,min,p50,p95,p99,max,cpu_us
# where cpu_us is the server's CPU time (process PID, user + system) per request of the run. A test that
# fills its key first (lrange_*: an LPUSH line) shares the run's CPU evenly between its lines.
run_benchmark() {
  local port=$1 pid=$2 tests=$3 before after lines; shift 3
  before=$(cpu_ticks "$pid")
  lines=$(redis-benchmark -h 127.0.0.1 -p "$port" -t "$tests" -d 100 -r 100000 -n "$N" -c "$CLIENTS" --csv -q "$@" \
    | tr -d '"' | grep -v '^test,')
  after=$(cpu_ticks "$pid")
  awk -F, -v a="$before" -v b="$after" -v n="$N" -v t="$TICK_US" -v k="$(wc -l <<< "$lines")" \
    '{ printf "%s,%.2f\n", $0, (b - a) * t / (n * k) }' <<< "$lines"
}

load_keys() {
  redis-cli -h 127.0.0.1 -p "$1" FLUSHALL >/dev/null
  redis-cli -h 127.0.0.1 -p "$1" --pipe < "$WORK/load.resp" >/dev/null
}

write_string_keys "$KEYS" "$WORK/load.resp"

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --rdbcompression yes \
  --dir "$WORK" --logfile "$WORK/redis.log" >/dev/null &
PIDS+=($!)
REDIS_PID=$!
SKV_PORT=$(free_port)
# shellcheck disable=SC2086
bin/sealedkv-server --port "$SKV_PORT" --bind 127.0.0.1 --save '' --dir "$WORK/sealedkv" ${SKV_ARGS:-} > "$WORK/sealedkv.log" 2>&1 &
PIDS+=($!)
wait_ready "$REDIS_PORT"
wait_ready "$SKV_PORT"
SKV_PID=$(redis-cli -h 127.0.0.1 -p "$SKV_PORT" INFO server | tr -d '\r' | awk -F: '$1=="process_id"{print $2}')

report() {
  local title=$1 redis_csv=$2 skv_csv=$3
  echo
  echo "## $title"
  echo "| test | Redis ops/s | SealedKV ops/s | ratio | Redis p99 ms | SealedKV p99 ms | ratio" \
    "| Redis CPU us/req | SealedKV CPU us/req | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  join -t, <(sort "$redis_csv") <(sort "$skv_csv") | awk -F, '{
    printf "| %s | %.0f | %.0f | %.2f | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f |\n",
      $1, $2, $10, $10/$2, $7, $15, ($7>0 ? $15/$7 : 0), $9, $17, ($9>0 ? $17/$9 : 0) }'
}

if [[ $SECTIONS == *throughput* ]]; then
  WARMUP=${WARMUP:-$N}
  WARMUP_UNPIPELINED=${WARMUP_UNPIPELINED:-$((N / 20))}
  if (( WARMUP > 0 )); then
    for pass in $(seq "${WARMUP_PASSES:-2}"); do
      for port in "$REDIS_PORT" "$SKV_PORT"; do
        redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -d 100 -r 100000 -n "$WARMUP" -c "$CLIENTS" -P 16 -q \
          >/dev/null 2>&1
        redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -d 100 -r 100000 -n "$WARMUP_UNPIPELINED" -c "$CLIENTS" -q \
          >/dev/null 2>&1
      done
      wait_jit_idle "$SKV_PID"
    done
  fi
  # test by test, Redis then SealedKV: neither server idles through the other's whole series before a
  # timed run (an idle JVM shrinks its heap and has its compiler catch up in the next run)
  for pipeline in 1 16; do
    : > "$WORK/redis-$pipeline.csv"
    : > "$WORK/skv-$pipeline.csv"
    for test in ${TESTS//,/ }; do
      run_benchmark "$REDIS_PORT" "$REDIS_PID" "$test" -P "$pipeline" >> "$WORK/redis-$pipeline.csv"
      run_benchmark "$SKV_PORT" "$SKV_PID" "$test" -P "$pipeline" >> "$WORK/skv-$pipeline.csv"
    done
  done
  report "redis-benchmark -t $TESTS -d 100 -r 100000 -n $N -c $CLIENTS (no pipelining)" "$WORK/redis-1.csv" "$WORK/skv-1.csv"
  report "same with -P 16" "$WORK/redis-16.csv" "$WORK/skv-16.csv"
fi

load_keys "$REDIS_PORT"
load_keys "$SKV_PORT"

# fresh_rss_kb redis|sealedkv: starts a fresh server of that kind, loads the same keys, lets it settle,
# sets FRESH_KB to its RSS in KiB and stops it (not run in a subshell, so the exit trap knows the server)
fresh_rss_kb() {
  local port pid
  port=$(free_port)
  if [[ $1 == redis ]]; then
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
      --dbfilename fresh.rdb --logfile "$WORK/redis-fresh.log" >/dev/null &
  else
    # shellcheck disable=SC2086
    bin/sealedkv-server --port "$port" --bind 127.0.0.1 --save '' --dir "$WORK/sealedkv-fresh" ${SKV_ARGS:-} \
      > "$WORK/sealedkv-fresh.log" 2>&1 &
  fi
  PIDS+=($!)
  wait_ready "$port"
  pid=$(redis-cli -h 127.0.0.1 -p "$port" INFO server | tr -d '\r' | awk -F: '$1=="process_id"{print $2}')
  load_keys "$port"
  sleep "${SETTLE_SECONDS:-15}"
  FRESH_KB=$(rss_kb "$pid")
  redis-cli -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
}

if [[ $SECTIONS == *rss* ]]; then
  sleep "${SETTLE_SECONDS:-15}"  # lets an idle JVM return the heap it grew while loading
  REDIS_RSS=$(rss_kb "$REDIS_PID")
  SKV_RSS=$(rss_kb "$SKV_PID")
  fresh_rss_kb redis
  REDIS_FRESH=$FRESH_KB
  fresh_rss_kb sealedkv
  SKV_FRESH=$FRESH_KB
  echo
  echo "## RSS after loading $KEYS keys with 100-byte random values"
  echo "| server | Redis MiB | SealedKV MiB | ratio |"
  echo "|---|---|---|---|"
  awk -v r="$REDIS_RSS" -v s="$SKV_RSS" \
    'BEGIN { printf "| the same, after the throughput runs and FLUSHALL | %.0f | %.0f | %.2f |\n", r/1024, s/1024, s/r }'
  awk -v r="$REDIS_FRESH" -v s="$SKV_FRESH" \
    'BEGIN { printf "| freshly started | %.0f | %.0f | %.2f |\n", r/1024, s/1024, s/r }'
fi

now_ms() { date +%s%3N; }

# wall time of one SAVE, in ms
save_ms() {
  local start end
  start=$(now_ms)
  redis-cli -h 127.0.0.1 -p "$1" SAVE >/dev/null
  end=$(now_ms)
  echo $((end - start))
}

if [[ $SECTIONS == *persistence* ]]; then
  REDIS_SAVE=$(save_ms "$REDIS_PORT")
  SKV_SAVE=$(save_ms "$SKV_PORT")
  REDIS_SIZE=$(stat -c %s "$WORK/dump.rdb")
  SKV_SIZE=$(stat -c %s "$WORK/sealedkv/dump.sealed")
  # Start-up load: each server restarted on its file; the load time is what its own log reports
  # (Redis: "DB loaded from disk: S seconds"; SealedKV: "DB loaded from disk: N keys ... in M ms"),
  # and the time from process start to the first PONG (for SealedKV that includes JVM start-up).
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p "$SKV_PORT" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  sleep 1
  start=$(now_ms)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --rdbcompression yes \
    --dir "$WORK" --logfile "$WORK/redis2.log" >/dev/null &
  PIDS+=($!)
  wait_ready "$REDIS_PORT"
  REDIS_READY=$(( $(now_ms) - start ))
  start=$(now_ms)
  # shellcheck disable=SC2086
  bin/sealedkv-server --port "$SKV_PORT" --bind 127.0.0.1 --save '' --dir "$WORK/sealedkv" ${SKV_ARGS:-} > "$WORK/sealedkv2.log" 2>&1 &
  PIDS+=($!)
  wait_ready "$SKV_PORT"
  SKV_READY=$(( $(now_ms) - start ))
  REDIS_LOAD=$(awk '/DB loaded from disk/ { for (i = 1; i <= NF; i++) if ($i == "disk:") printf "%.0f", $(i+1) * 1000 }' "$WORK/redis2.log")
  SKV_LOAD=$(awk '/DB loaded from disk/ { for (i = 1; i <= NF; i++) if ($i == "in") print $(i+1) }' "$WORK/sealedkv2.log")
  echo
  echo "## Persistence: $KEYS keys with 100-byte random values (Redis rdbcompression yes)"
  echo "| measure | Redis | SealedKV | ratio |"
  echo "|---|---|---|---|"
  awk -v r="$REDIS_SAVE" -v s="$SKV_SAVE" 'BEGIN { printf "| SAVE ms | %d | %d | %.2f |\n", r, s, s/r }'
  awk -v r="$REDIS_LOAD" -v s="$SKV_LOAD" 'BEGIN { printf "| load ms (own log) | %d | %d | %.2f |\n", r, s, (r>0 ? s/r : 0) }'
  awk -v r="$REDIS_READY" -v s="$SKV_READY" 'BEGIN { printf "| start to first PONG ms | %d | %d | %.2f |\n", r, s, s/r }'
  awk -v r="$REDIS_SIZE" -v s="$SKV_SIZE" 'BEGIN { printf "| file MiB | %.1f | %.1f | %.2f |\n", r/1048576, s/1048576, s/r }'
fi
