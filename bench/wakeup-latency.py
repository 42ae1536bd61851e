#!/usr/bin/env python3
"""Cross-connection latency of a running server (BENCHMARKS.md, session 22): every 60 ms a PUBLISH from one
connection to a subscriber on another, and an LPUSH from one connection waking a BLPOP on another; prints the
median, p99 and max in ms. Run it beside a load (e.g. redis-benchmark -P 16) to see how long one network thread
waits for what another asks of it: the four connections are accepted in turn, so with two network threads the
publisher and the subscriber (and the pusher and the waiter) sit on different threads.
Usage: bench/wakeup-latency.py PORT SECONDS"""
import socket
import statistics
import sys
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def command(*args):
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


def read_lines(s, lines):
    data = b""
    while data.count(b"\r\n") < lines:
        data += s.recv(65536)


def summary(ms):
    ms = sorted(ms)
    return "n %d median %.2f p99 %.1f max %.1f" % (len(ms), statistics.median(ms), ms[int(len(ms) * 0.99) - 1], ms[-1])


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    subscriber, publisher, waiter, pusher = (connect(port) for _ in range(4))
    subscriber.sendall(command(b"SUBSCRIBE", b"wakeup-latency"))
    read_lines(subscriber, 6)
    published, woken = [], []
    end = time.time() + seconds
    while time.time() < end:
        start = time.perf_counter()
        publisher.sendall(command(b"PUBLISH", b"wakeup-latency", b"x"))
        read_lines(subscriber, 7)
        published.append((time.perf_counter() - start) * 1000)
        read_lines(publisher, 1)
        waiter.sendall(command(b"BLPOP", b"wakeup-latency", b"5"))
        time.sleep(0.01)
        start = time.perf_counter()
        pusher.sendall(command(b"LPUSH", b"wakeup-latency", b"v"))
        read_lines(waiter, 5)
        woken.append((time.perf_counter() - start) * 1000)
        read_lines(pusher, 1)
        time.sleep(0.05)
    print("publish delivered", summary(published))
    print("blpop woken      ", summary(woken))


if __name__ == "__main__":
    main()
