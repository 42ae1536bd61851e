#!/bin/sh
# Regenerates redis-7.0-v10.rdb (checked in: the fuzz seed and golden file of RdbParserTest) with Debian's
# redis-server 7.0.15: every encoding Redis 7.0 writes. Usage: sh make-redis-v10.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --dir "$work" --dbfilename out.rdb \
    --enable-debug-command local --list-compress-depth 1 --daemonize yes --logfile "$work/log"
r() { redis-cli -p "$port" "$@" >/dev/null; }
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
r set s:raw hello
r set s:int 12345
r set s:neg -7
r set s:big 4000000000
r set s:lzf "$(python3 -c 'print("abcdefgh" * 40)')"
r set "s:bin$(printf '\001\377')" "$(printf 'x\001\002y')"
r pexpireat s:raw 4102444800000
r rpush l:small a 1 b -300 70000
r rpush l:big $(seq 1 300 | sed 's/^/element-long-enough-/')
r debug quicklist-packed-threshold 100
r rpush l:plain short "$(python3 -c 'print("P" * 200)')" tail
r hset h:small f1 v1 f2 2
r hset h:big $(seq 1 600 | sed 's/.*/field& value&/')
r sadd st:int 3 1 2 -5
r sadd st:str x y z
r zadd z:small 1 a 2.5 b -inf c
r zadd z:big $(seq 1 200 | sed 's/.*/&.5 m&/')
r -n 3 set db3key v
r -n 3 pexpireat db3key 4102444800000
for k in l:small l:big l:plain h:small h:big st:int st:str z:small z:big; do
    echo "$k $(redis-cli -p "$port" object encoding "$k")"
done
r save
r shutdown nosave || true
cp "$work/out.rdb" "$here/redis-7.0-v10.rdb"
rm -rf "$work"
