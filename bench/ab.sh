#!/usr/bin/env bash
# A/B of two server builds (BENCHMARKS.md, session 19): both up at once from bin/sealedkv-server (its default JVM
# options), warmed together, then for each test ROUNDS timed redis-benchmark runs against each, the order
# alternating per round; prints per round: test, round, side (A or B), build, ops/s, p99 ms and the server's CPU
# per request; at the end each server's RSS.
#   bench/ab.sh A.jar B.jar "spop sadd hset" [ROUNDS, default 6]; N=300000 requests per run, P=16 pipelined.
# OPTS_A / OPTS_B add JVM options to one side (JAVA_EXTRA_OPTS), ARGS_A / ARGS_B server options (e.g.
# "--io-transport epoll"), to compare one jar under two settings.
# An spop run is preceded by an untimed sadd run that refills the set.
set -euo pipefail

source "$(dirname "$0")/lib.sh" "$@"
jars=("$1" "$2")
tests=$3
rounds=${4:-6}
n=${N:-300000}
pipeline=${P:-16}

ports=()
pids=()
extra=("${OPTS_A:-}" "${OPTS_B:-}")
server_args=("${ARGS_A:-}" "${ARGS_B:-}")
sides=(A B)
for side in 0 1; do
  jar=${jars[$side]}
  port=$(free_port)
  SEALEDKV_JAR=$jar JAVA_EXTRA_OPTS="${extra[$side]}" bin/sealedkv-server --port "$port" --bind 127.0.0.1 --save '' --dir "$WORK/skv-$port" \
    ${server_args[$side]} > "$WORK/skv-$port.out" 2>&1 &
  PIDS+=("$!")
  wait_ready "$port"
  ports+=("$port")
  pids+=("$(redis-cli -h 127.0.0.1 -p "$port" INFO server | tr -d '\r' | awk -F: '$1=="process_id"{print $2}')")
done

bench() { # port test requests
  redis-benchmark -h 127.0.0.1 -p "$1" -t "$2" -r 100000 -n "$3" -c 50 -P "$pipeline" --csv 2>/dev/null | tail -1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))

for side in 0 1; do
  for _ in 1 2; do bench "${ports[$side]}" "${tests// /,},sadd" 200000 >/dev/null; done
  wait_jit_idle "${pids[$side]}"
done
for test in $tests; do
  for round in $(seq "$rounds"); do
    order=$((round % 2 == 1 ? 0 : 1))
    for side in $order $((1 - order)); do
      [[ $test == spop ]] && bench "${ports[$side]}" sadd "$n" >/dev/null
      before=$(cpu_ticks "${pids[$side]}")
      line=$(bench "${ports[$side]}" "$test" "$n")
      after=$(cpu_ticks "${pids[$side]}")
      echo "$test $round ${sides[$side]} ${jars[$side]} $(echo "$line" | awk -F'"' '{print $4, $14}')" \
        "cpu_us=$(awk -v a="$before" -v b="$after" -v n="$n" -v t="$tick_us" 'BEGIN {printf "%.2f", (b - a) * t / n}')"
    done
  done
done
for side in 0 1; do
  echo "rss ${sides[$side]} ${jars[$side]} $(( $(ps -o rss= -p "${pids[$side]}") / 1024 )) MiB after the runs"
done
