#!/usr/bin/env python3
"""Differential fuzzer: the same random pipelines to redis-server and to SealedKV, replies and state compared.

  fuzz.py --redis PORT --skv PORT --seeds 0:100 [--steps 20] [--out DIR]
  fuzz.py --redis PORT --skv PORT --replay DIR/case-SEED.json [--single]

Exits 1 when a seed showed a difference (each new kind of difference is shrunk and saved as DIR/case-SEED.json).
See README.md."""
import argparse
import json
import os
import random
import sys
import time

from compare import DBS, ROUND_TRIP_KEY, dump_restore_errors, fmt, normalize, normalize_replies, show, show_apart, state
from gen import ALL_KEYS, CONFIGS, FAMILY_KEYS, KEYS, Gen, pubsub_script, tracking_client
from resp import Conn, encode

BLOCKING = ["BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX", "BLMOVE", "BLMPOP", "BZMPOP", "BRPOPLPUSH"]
TAINTED = "tainted"  # a known difference fired: the rest of the seed would only repeat it


class Side:
    """One server: a control connection, client A (the pipelines), B (blocked), W (watches), S (keyspace events),
    P (a pub/sub script around one pipeline) and T (client-side caching: the invalidations it gets)."""

    def __init__(self, port, proto):
        self.port = port
        self.proto = proto
        self.ctl = Conn(port)
        self.a = self.b = self.w = self.sub = self.p = self.t = None
        self.b_id = None

    def client(self, proto):
        c = Conn(self.port)
        if proto == 3:
            c.call("HELLO", "3")
        return c

    def reset(self, config, notify):
        self.ctl.call("FLUSHALL")
        for k, values in CONFIGS.items():
            self.ctl.call("CONFIG", "SET", k, config.get(k, values[-1]))
        self.ctl.call("CONFIG", "SET", "notify-keyspace-events", "KEA" if notify else "")
        self.a = self.client(self.proto)
        self.b = self.client(self.proto)
        self.w = self.client(2)
        self.b_id = self.b.call("CLIENT", "ID")[1]
        if notify:
            self.sub = self.client(2)
            self.sub.call("PSUBSCRIBE", "__keyevent@*__:*")

    def events(self):
        """The keyspace events since the last call; left out: expiry (its time is timing) and the DUMP/RESTORE
        round trip's copy, made on SealedKV only."""
        out = []
        if not self.sub:
            return out
        self.sub.send([["PING", "mark"]])
        marked = False
        while True:
            got = self.sub.read(timeout=0.05 if marked else None)
            if got is None:
                return out
            t, p = got[0]
            if len(p) == 2 and p[1] == ("$", b"mark"):
                marked = True
            elif len(p) == 4 and p[0][1] == b"pmessage":
                event = p[2][1].decode("latin-1")
                if not event.endswith((":expired", ":evicted")) and p[3][1] != ROUND_TRIP_KEY.encode():
                    out.append(event.split("@")[1].split("__:")[0] + ":" + event.split(":")[-1] + " "
                               + p[3][1].decode("latin-1"))

    def block_b(self, b):
        """Sends B's blocking command; returns its reply when it did not block (None when it blocks)."""
        if b.get("del"):
            self.ctl.pipeline([["SELECT", b["db"]], ["DEL", b["cmd"][1]]])
        self.b.send([["SELECT", b["db"]], b["cmd"]])
        self.b.read()
        got = self.b.read(timeout=0.05)
        for _ in range(100):
            if got is not None or b"flags=b" in self.ctl.call("CLIENT", "LIST", "ID", str(int(self.b_id)))[1]:
                return got
            time.sleep(0.01)
            got = self.b.read(timeout=0.001)
        return got

    def send_pipeline(self, cmds, single, chunks):
        if single:
            replies = []
            for c in cmds:
                replies.append(self.a.pipeline([c])[0])
            return replies
        if not chunks:
            return self.a.pipeline(cmds)
        data = b"".join(encode(c) for c in cmds)
        rr = random.Random(chunks)
        pos = 0
        while pos < len(data):
            n = rr.choice([1, 7, 50, 300, 2000, 20000])
            self.a.sock.sendall(data[pos:pos + n])
            pos += n
            if rr.random() < 0.3:
                time.sleep(0.001)
        return [self.a.read() for _ in cmds]

    def b_reply(self, early):
        """B's reply, and CLIENT UNBLOCK's answer when B was still blocked (None when it was served)."""
        got = early or self.b.read(timeout=0.05)
        if got is not None:
            return got[0], None
        unblocked = self.ctl.call("CLIENT", "UNBLOCK", str(int(self.b_id)))
        got = self.b.read()
        # UNBLOCK answered 0: B had been served, its reply only came late (a loaded machine)
        return got[0], None if unblocked == (":", b"0") else unblocked

    def p_part(self, cmds, end):
        """Sends part of P's script and an end marker; returns P's replies and pushes up to the marker (formatted,
        HELLO's connection id left out, "timeout" when the marker did not come). Without a marker: what arrives
        until P has been silent for 0.3 s."""
        self.p.send(cmds + end)
        out = []
        while True:
            got = self.p.read(timeout=2.0 if end else 0.3)
            if got is None:
                return pubsub_stream(out) + (["timeout"] if end else [])
            v = without_hello_id(got[0])
            if v in (("$", b"pmark"), ("$", b"pend")) or v[0] in "*>" and v[1] == (("$", b"pong"), ("$", b"pmark")):
                return pubsub_stream(out)
            out.append(v)

    def track(self, t):
        """T (RESP3) turns tracking on and reads the keys it will hear about; returns its replies."""
        # a key whose TTL ran out but which is not reclaimed yet, in a database T does not read, would be
        # reclaimed (and T told, tracking goes by name) at a moment that is timing: reclaimed here at once
        self.ctl.pipeline([c for db in DBS for c in (["SELECT", db], ["EXISTS"] + ALL_KEYS)] + [["SELECT", "0"]])
        self.t = self.client(3)
        return [fmt(v) for v, _ in self.t.pipeline(t["setup"])]

    def invalidations(self):
        """The keys T was told about since it read them, in the order they came ("nil": a flush)."""
        self.t.send([["PING", "tmark"]])
        out = []
        while True:
            got = self.t.read(timeout=2.0)
            if got is None:
                return out + ["timeout"]
            t, p = got[0]
            if (t, p) == ("$", b"tmark"):
                return out
            if t == ">" and len(p) == 2 and p[0] == ("$", b"invalidate"):
                out += ["nil"] if p[1][1] is None else [x[1].decode("latin-1") for x in p[1][1]]
            else:
                out.append(fmt(got[0]))

    def close(self):
        for c in (self.a, self.b, self.w, self.sub, self.p, self.t, self.ctl):
            if c:
                c.close()


def without_hello_id(v):
    """HELLO's reply without the connection's id, also inside an EXEC's reply."""
    t, p = v
    if t in "*%" and p and p[0] == ("$", b"server"):
        return normalize("hello", v)
    if t == "*" and p:
        return t, tuple(without_hello_id(x) for x in p)
    return v


def pubsub_stream(values):
    """P's replies and pushes, formatted; where Redis's order is its dicts' order, a run of (p/s)unsubscribe
    confirmations ((S)UNSUBSCRIBE without arguments) and the pmessages of one message (several matching patterns) as a
    sorted whole."""
    def kind(v):
        t, p = v
        unsubscribes = (b"unsubscribe", b"punsubscribe", b"sunsubscribe")
        if t in "*>" and p and len(p) in (3, 4) and p[0][0] == "$" and p[0][1] in unsubscribes:
            return p[0][1]
        if t in "*>" and p and len(p) == 4 and p[0] == ("$", b"pmessage"):
            return p[0][1], p[2], p[3]
        return None
    out, i = [], 0
    while i < len(values):
        j = i + 1
        while kind(values[i]) is not None and j < len(values) and kind(values[j]) == kind(values[i]):
            j += 1
        if j - i > 1:
            items = values[i:j]
            out.append("%s run: %s" % (fmt(values[i][1][0]), sorted(fmt(x[1][1]) for x in items)
                                       + sorted(fmt(x[1][2]) for x in items if kind(x)[0] != b"pmessage")))
        else:
            out.append(fmt(values[i]))
        i = j
    return out


def known_b_difference(b, names, redis_b, skv_b):
    """F6 and F7 of README.md: the rest of the seed would only follow from them."""
    (rb, ru), (sb, su) = redis_b, skv_b
    if (b["cmd"][0] in ("BZPOPMIN", "BZPOPMAX", "BZMPOP") and ru == (":", b"1") and su is None
            and names & {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZRANGESTORE"}):
        return True
    return "SWAPDB" in names and rb != sb and ru is None and su is None and len(b["cmd"]) > 3


def run_on(side, step, cmds, single):
    """One step on one server: T reads, P runs the first part of its script, W watches, B blocks, A sends the
    pipeline (and the tail expiry), B's and W's outcomes are read, P runs the rest, T's invalidations are read.
    Returns (A's replies, B's reply and unblock, W's replies, P's stream, T's replies and invalidations)."""
    b, w, p, t = step.get("b"), step.get("w"), step.get("p"), step.get("t")
    p_replies = invalidated = None
    if t:
        tracked = side.track(t)
    if p:
        side.p = side.client(p["proto"])
        p_replies = side.p_part(p["before"], [["PING", "pmark"]])
    if w:
        side.w.pipeline([["SELECT", w["db"]], ["WATCH"] + w["keys"]])
    early = side.block_b(b) if b else None
    replies = [v for v, _ in side.send_pipeline(cmds, single, step.get("chunks"))]
    if step.get("tail_ttl"):
        side.a.pipeline(step["tail_ttl"])
    b_reply = side.b_reply(early) if b else None
    w_replies = [v for v, _ in side.w.pipeline([["MULTI"], ["INCR", "wcount"], ["EXEC"]])] if w else None
    if p:
        p_replies += ["--"] + side.p_part(p["after"], [["RESET"], ["PING", "pend"]])
        side.p.close()
        side.p = None
    if t:
        invalidated = side.invalidations()
        # in BCAST mode both send the keys of one read together (Redis: of one event loop iteration), but a long
        # pipeline is read in other pieces by each: compared as a set (README.md, E9)
        if "BCAST" in t["mode"]:
            invalidated = sorted(set(invalidated))
        invalidated = tracked + ["--"] + invalidated
        side.t.close()
        side.t = None
    return replies, b_reply, w_replies, p_replies, invalidated


def run_step(sides, step, single):
    """Runs one step on both servers; returns its differences, or TAINTED when a known one fired."""
    items = [it for g in step["groups"] for it in g]
    cmds = [c for c, _ in items]
    (replies, redis_b, redis_w, redis_p, redis_t), (skv_replies, skv_b, skv_w, skv_p, skv_t) = (
        run_on(s, step, cmds, single) for s in sides)
    diffs = []
    if redis_t != skv_t:
        diffs.append({"where": "tracking", "redis": redis_t[:12], "skv": skv_t[:12]})
    if redis_p != skv_p:
        i = next((j for j, (x, y) in enumerate(zip(redis_p, skv_p)) if x != y), min(len(redis_p), len(skv_p)))
        diffs.append({"where": "pubsub", "at": i, "redis": redis_p[max(0, i - 2):i + 4],
                      "skv": skv_p[max(0, i - 2):i + 4]})
    if redis_w != skv_w:
        diffs.append({"where": "watcher", "keys": step["w"]["keys"], "db": step["w"]["db"],
                      "redis": show(redis_w[2]), "skv": show(skv_w[2])})
    if step.get("tail_ttl"):
        # past one cycle of SealedKV's active expiry (hz 10): Redis reclaims such a key at once (its fast cycle
        # runs after every event loop iteration), and DBSIZE counts a key that expired until it is reclaimed
        time.sleep(0.15)
    events = [s.events() for s in sides]
    if events[0] != events[1]:
        i = next((j for j, (x, y) in enumerate(zip(*events)) if x != y), min(map(len, events)))
        diffs.append({"where": "events", "at": i, "redis": events[0][max(0, i - 3):i + 4],
                      "skv": events[1][max(0, i - 3):i + 4]})
    if redis_b != skv_b:
        if known_b_difference(step["b"], {c[0].upper() for c in cmds}, redis_b, skv_b):
            return TAINTED
        diffs.append({"where": "blocked-B", "cmd": step["b"]["cmd"], "db": step["b"]["db"],
                      "redis": "%s unblock=%s" % (show(redis_b[0]), show(redis_b[1])),
                      "skv": "%s unblock=%s" % (show(skv_b[0]), show(skv_b[1]))})
    redis, skv = (normalize_replies(items, replies, r) for r in (replies, skv_replies))
    for i, (c, x, y, sv) in enumerate(zip(cmds, redis, skv, skv_replies)):
        if x != y or sv[0] == "-" and b"internal error" in sv[1]:
            diffs.append({"where": "reply", "index": i, "cmd": c, "redis": show(x), "skv": show(y)})
    if not step.get("tail_ttl"):  # else the state is read after the next pipeline, which meets the expired key
        diffs += state_differences(sides)
    return diffs


def state_differences(sides):
    """The databases' differences, and SealedKV's DUMP/RESTORE round-trip errors."""
    (rs, _), (ss, skv_keys) = (state(s.ctl) for s in sides)
    diffs = dump_restore_errors(sides[1].ctl, skv_keys)
    for k in sorted(set(rs) | set(ss)):
        if rs.get(k) != ss.get(k):
            r, s = show_apart(rs.get(k), ss.get(k))
            diffs.append({"where": "state", "what": k, "redis": r, "skv": s})
    return diffs


def run_case(case, ports, single=False):
    """Returns None, or (step index, differences) at the first step that differs."""
    sides = [Side(p, case["proto"]) for p in ports]
    try:
        for s in sides:
            s.reset(case["config"], case.get("notify", False))
        for i, step in enumerate(case["steps"]):
            d = run_step(sides, step, single)
            if d == TAINTED:
                return None
            if d:
                return i, d
        return None
    finally:
        for s in sides:
            s.close()


def make_case(seed, steps, heavy=False, big=False, notify=False, tracking=False):
    r = random.Random(seed * 7919 + 1)
    g = Gen(seed, wide=r.random() < 0.35)
    case = {"seed": seed, "config": {k: r.choice(v) for k, v in CONFIGS.items()},
            "proto": 3 if r.random() < 0.25 else 2, "steps": [], "notify": notify or r.random() < 0.3}
    # (no key expires in the middle of a case that compares invalidations: their moment would be timing)
    case["tracking"] = (tracking or r.random() < 0.25) and not case["notify"]
    for _ in range(steps):
        step = {"groups": g.pipeline(r.choice([300, 600, 1000]) if big else r.choice([10, 20, 40, 80, 120, 200]))}
        if r.random() < (0.8 if heavy else 0.3):
            lists, zsets = KEYS + FAMILY_KEYS["list"], KEYS + FAMILY_KEYS["zset"]
            k, k2, z = r.choice(lists), r.choice(lists), r.choice(zsets)
            cmd = {"BLPOP": [k, "0"], "BRPOP": [k, k2, "0"], "BZPOPMIN": [z, "0"], "BZPOPMAX": [z, "0"],
                   "BLMOVE": [k, k2, "LEFT", "RIGHT", "0"], "BLMPOP": ["0", "1", k, "LEFT", "COUNT", "2"],
                   "BZMPOP": ["0", "1", z, "MIN", "COUNT", "2"], "BRPOPLPUSH": [k, k2, "0"]}
            name = r.choice(BLOCKING)
            step["b"] = {"db": r.choice(["0", "0", "1"]), "cmd": [name] + cmd[name], "del": r.random() < 0.6}
        if r.random() < 0.15:
            step["chunks"] = r.randrange(1 << 30)
        if r.random() < (0.5 if heavy else 0.2):
            step["w"] = {"db": r.choice(["0", "0", "1"]), "keys": r.sample(ALL_KEYS, r.choice([1, 1, 2]))}
        elif r.random() < 0.1 and not case["notify"] and not case["tracking"]:
            step["tail_ttl"] = [["SELECT", r.choice(["0", "1"])], ["PEXPIRE", r.choice(ALL_KEYS), r.choice(["1", "2"])]]
        if r.random() < (0.4 if heavy else 0.25) and not step.get("tail_ttl"):  # (P would race the expiry)
            step["p"] = pubsub_script(r)
        if case["tracking"] and r.random() < 0.6:
            step["t"] = tracking_client(r)
        case["steps"].append(step)
    return case


def signature(diffs):
    d = diffs[0]
    if d["where"] == "reply":
        return "reply", d["cmd"][0].upper()
    if d["where"] == "state":
        return "state", d["what"].split()[-1]
    if d["where"] == "blocked-B":
        return "blocked-B", d["cmd"][0], d["redis"][:12]
    return (d["where"],)


def shrink(case, ports, log):
    """Drops steps, B/W/tail extras, groups, config entries, RESP3 and events while the first difference keeps
    its signature; returns the smaller case and its differences (None when the difference did not come back)."""
    res = run_case(case, ports)
    if not res:
        return case, None
    sig = signature(res[1])

    def still_fails(c):
        try:
            r = run_case(c, ports)
        except (OSError, ValueError) as e:
            log("shrink candidate crashed: %r" % e)
            return False
        return bool(r) and signature(r[1]) == sig

    def with_step(c, si, st):
        return dict(c, steps=c["steps"][:si] + [st] + c["steps"][si + 1:])

    def drop_steps(case):
        i = 0
        while i < len(case["steps"]) and len(case["steps"]) > 1:
            c = dict(case, steps=case["steps"][:i] + case["steps"][i + 1:])
            if still_fails(c):
                case = c
            else:
                i += 1
        return case

    case = drop_steps(dict(case, steps=case["steps"][:res[0] + 1]))
    for si in range(len(case["steps"])):
        for extra in ("b", "tail_ttl", "w", "chunks", "p", "t"):
            if extra in case["steps"][si]:
                c = with_step(case, si, {k: v for k, v in case["steps"][si].items() if k != extra})
                if still_fails(c):
                    case = c
        for part in ("before", "after"):
            j = 0
            while "p" in case["steps"][si] and j < len(case["steps"][si]["p"][part]):
                script = dict(case["steps"][si]["p"])
                script[part] = script[part][:j] + script[part][j + 1:]
                c = with_step(case, si, dict(case["steps"][si], p=script))
                if still_fails(c):
                    case = c
                else:
                    j += 1
        chunk = max(1, len(case["steps"][si]["groups"]) // 2)
        while chunk >= 1:
            j = 0
            while j < len(case["steps"][si]["groups"]):
                groups = case["steps"][si]["groups"]
                c = with_step(case, si, dict(case["steps"][si], groups=groups[:j] + groups[j + chunk:]))
                if c["steps"][si]["groups"] and still_fails(c):
                    case = c
                else:
                    j += chunk
            chunk //= 2
    case = drop_steps(case)
    for si in range(len(case["steps"])):
        for gi in range(len(case["steps"][si]["groups"])):
            for ci in range(len(case["steps"][si]["groups"][gi])):
                case = shrink_arguments(case, si, gi, ci, still_fails)
    for k in list(case["config"]):
        c = dict(case, config={kk: vv for kk, vv in case["config"].items() if kk != k})
        if still_fails(c):
            case = c
    for simpler in ({"notify": False}, {"proto": 2}):
        c = dict(case, **simpler)
        if c != case and sig != ("events",) and still_fails(c):
            case = c
    return case, run_case(case, ports)


def shrink_arguments(case, si, gi, ci, still_fails):
    """Drops arguments (in twos, then one by one, from the end) of one command while the difference stays."""
    for width in (2, 1):
        j = len(case["steps"][si]["groups"][gi][ci][0]) - width
        while j >= 2:
            cmd, kind = case["steps"][si]["groups"][gi][ci]
            c = json.loads(json.dumps(case))
            c["steps"][si]["groups"][gi][ci] = [cmd[:j] + cmd[j + width:], kind]
            if still_fails(c):
                case = c
            j -= width
    return case


def case_text(case):
    lines = ["RESP%d, config %s%s" % (case["proto"], json.dumps(case["config"]),
                                      ", keyspace events compared" if case.get("notify") else "")]
    for i, st in enumerate(case["steps"]):
        extras = []
        if st.get("b"):
            extras.append("B: SELECT %s;%s %s" % (st["b"]["db"], " DEL;" if st["b"].get("del") else "",
                                                  " ".join(st["b"]["cmd"])))
        if st.get("w"):
            extras.append("W: SELECT %s; WATCH %s before, MULTI; INCR wcount; EXEC after"
                          % (st["w"]["db"], " ".join(st["w"]["keys"])))
        if st.get("tail_ttl"):
            extras.append("then %s" % "; ".join(" ".join(c) for c in st["tail_ttl"]))
        if st.get("chunks"):
            extras.append("sent in chunks")
        if st.get("t"):
            extras.append("T: %s" % "; ".join(" ".join(c) for c in st["t"]["setup"]))
        if st.get("p"):
            extras.append("P (RESP%d): %s before; %s after, then RESET" % (
                st["p"]["proto"], "; ".join(" ".join(c) for c in st["p"]["before"]) or "-",
                "; ".join(" ".join(c) for c in st["p"]["after"]) or "-"))
        lines.append("-- pipeline %d%s" % (i, " (%s)" % ", ".join(extras) if extras else ""))
        for g in st["groups"]:
            for c, n in g:
                lines.append("   " + " ".join(a if len(a) <= 80 else a[:40] + "...(%d bytes)" % len(a) for a in c)
                             + ("" if n == "exact" else "   [%s]" % n))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redis", type=int, required=True, help="redis-server's port")
    ap.add_argument("--skv", type=int, required=True, help="SealedKV's port")
    ap.add_argument("--seeds", default="0:100", help="FIRST:END")
    ap.add_argument("--steps", type=int, default=20, help="pipelines per seed")
    ap.add_argument("--out", default="/tmp/sealedkv-fuzz")
    ap.add_argument("--replay", help="a saved case to run again")
    ap.add_argument("--single", action="store_true", help="with --replay: one command per round trip")
    ap.add_argument("--heavy", action="store_true", help="blocked and watching clients in most pipelines")
    ap.add_argument("--big", action="store_true", help="pipelines of 300-1000 commands")
    ap.add_argument("--notify", action="store_true", help="keyspace events compared in every seed")
    ap.add_argument("--tracking", action="store_true", help="client-side caching invalidations in every seed "
                                                            "(without --notify)")
    a = ap.parse_args()
    ports = (a.redis, a.skv)
    if a.replay:
        case = json.load(open(a.replay))
        print(case_text(case))
        res = run_case(case, ports, single=a.single)
        print(json.dumps(res, indent=1) if res else "no difference")
        return 1 if res else 0
    os.makedirs(a.out, exist_ok=True)
    logf = open(os.path.join(a.out, "log.txt"), "a")

    def log(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    lo, hi = (int(x) for x in a.seeds.split(":"))
    seen = set()
    failed = 0
    for seed in range(lo, hi):
        case = make_case(seed, a.steps, a.heavy, a.big, a.notify, a.tracking)
        res = run_case(case, ports)
        if not res:
            if seed % 10 == 0:
                log("seed %d ok" % seed)
            continue
        sig = signature(res[1])
        log("seed %d: step %d: %d differences: %s" % (seed, res[0], len(res[1]), json.dumps(res[1])[:3000]))
        again = run_case(case, ports)
        if not again or signature(again[1]) != sig:
            log("seed %d: not the same when run again (timing), not counted" % seed)
            continue
        if sig in seen:
            failed += 1
            continue
        small, sres = shrink(case, ports, log)
        if not sres:
            log("seed %d: did not come back when shrinking (timing), not counted" % seed)
            continue
        failed += 1
        seen.add(sig)
        path = os.path.join(a.out, "case-%d.json" % seed)
        json.dump(small, open(path, "w"))
        log("seed %d shrunk -> %s\n%s\n  differences: %s\n  one command per round trip: %s" % (
            seed, path, case_text(small), json.dumps(sres[1], indent=1),
            "the same" if run_case(small, ports, single=True) else "no difference"))
    log("seeds %d:%d done, %d with a difference" % (lo, hi, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
