"""Random writes against one server, for bench/churn.sh: fills a data set, writes WARMUP random writes,
then WRITES timed ones, all pipelined by BATCH, and prints one line of measures of the server process.

usage: churn.py PORT PID GC_LOG KIND [VARY]
KIND: bighash (one hash of 100k fields, 40-200-byte values), hashes (100k hashes of 10 fields),
zsets (100k sorted sets of 10 members, new scores), sets (100k sets, SADD/SREM among 20 members),
lists (100k lists of 10, LPUSH/RPOP), queue (one list ~1000 deep, LPUSH/RPOP).
VARY=1: hashes get 5-40-byte values (each write may change the block's length) instead of 10-byte ones.
"""
import os
import random
import re
import socket
import sys

SMALL_KEYS = 100_000
BATCH = 1000


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        out.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(out)


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buffer = b""

    def run(self, commands):
        """Sends the commands in batches, reading every reply; fails on an error reply."""
        for start in range(0, len(commands), BATCH):
            batch = commands[start:start + BATCH]
            self.sock.sendall(b"".join(batch))
            self.read_replies(len(batch))

    def read_replies(self, count):
        while count:
            end = self.buffer.find(b"\r\n")
            while end < 0:
                self.buffer += self.sock.recv(1 << 20)
                end = self.buffer.find(b"\r\n")
            line, kind = self.buffer[:end], self.buffer[:1]
            if kind == b"-":
                raise SystemExit("error reply: %r" % line)
            if kind == b"$" and int(line[1:]) >= 0:
                need = end + 2 + int(line[1:]) + 2
                while len(self.buffer) < need:
                    self.buffer += self.sock.recv(1 << 20)
                self.buffer = self.buffer[need:]
            else:
                self.buffer = self.buffer[end + 2:]
            count -= 1


def value(vary):
    return os.urandom(random.randint(3, 20) if vary else 5).hex().encode()


def workload(kind, vary):
    """(fill commands, a function making one random write)."""
    small = [b"k:%d" % i for i in range(SMALL_KEYS)]
    if kind == "bighash":
        fields = [b"f:%d" % i for i in range(100_000)]
        fill = [command(b"HSET", b"h", f, os.urandom(60)) for f in fields]
        return fill, lambda: command(b"HSET", b"h", random.choice(fields), os.urandom(random.randint(40, 200)))
    if kind == "hashes":
        fields = [b"field%d" % i for i in range(10)]
        fill = [command(b"HSET", k, *[x for f in fields for x in (f, value(vary))]) for k in small]
        return fill, lambda: command(b"HSET", random.choice(small), random.choice(fields), value(vary))
    if kind == "zsets":
        members = [b"member%d" % i for i in range(10)]
        fill = [command(b"ZADD", k, *[x for m in members for x in (b"%d" % random.randint(0, 10**6), m)])
                for k in small]
        return fill, lambda: command(b"ZADD", random.choice(small), b"%d" % random.randint(0, 10**6),
                                     random.choice(members))
    if kind == "sets":
        members = [b"member:%d" % i for i in range(20)]
        fill = [command(b"SADD", k, *random.sample(members, 10)) for k in small]
        return fill, lambda: command(random.choice((b"SADD", b"SREM")), random.choice(small), random.choice(members))
    if kind == "lists":
        fill = [command(b"RPUSH", k, *[value(True) for _ in range(10)]) for k in small]
        turn = [0]

        def step():
            turn[0] ^= 1  # pushes and pops alternate, so the lists keep about 10 elements on average
            return command(b"LPUSH" if turn[0] else b"RPOP", random.choice(small), *([value(True)] if turn[0] else []))
        return fill, step
    if kind == "queue":
        fill = [command(b"LPUSH", b"q", value(True)) for _ in range(1000)]
        turn = [0]

        def step():
            turn[0] ^= 1
            return command(b"LPUSH", b"q", value(True)) if turn[0] else command(b"RPOP", b"q")
        return fill, step
    raise SystemExit("unknown KIND " + kind)


def stat(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[7]), (int(fields[11]) + int(fields[12])) / ticks


def rss_mib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0


def last_young_pause(gc_log):
    """The last young pause's heap after (MB) and committed (MB) and its length (ms), from -Xlog:gc."""
    pattern = re.compile(r"Pause Young.*?(\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms")
    found = None
    for line in open(gc_log):
        match = pattern.search(line)
        if match:
            found = match
    if not found:
        return "-", "-", "-"
    return found.group(2), found.group(3), found.group(4)


def main():
    port, pid, gc_log, kind = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    vary = len(sys.argv) > 5 and sys.argv[5] == "1"
    warmup = int(os.environ.get("WARMUP", "300000"))
    writes = int(os.environ.get("WRITES", "1000000"))
    random.seed(int(os.environ.get("SEED", "1")))
    fill, step = workload(kind, vary)
    client = Client(port)
    client.run(fill)
    client.run([step() for _ in range(warmup)])
    timed = [step() for _ in range(writes)]
    faults, cpu = stat(pid)
    client.run(timed)
    faults_after, cpu_after = stat(pid)
    heap, committed, pause = last_young_pause(gc_log)
    print("| %s%s | %.3f | %.2f us | %s ms | %s MB (%s) | %.0f MiB |" % (
        kind, " vary" if vary else "", (faults_after - faults) / writes, (cpu_after - cpu) / writes * 1e6,
        pause, heap, committed, rss_mib(pid)))


main()
