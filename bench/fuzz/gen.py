"""Random pipelines over a small key space, in bursts of one command kind so that SealedKV's runs (a group of
pipelined commands of one kind applied under one lock hold) form.

A pipeline is a list of groups; a group is a list of (command, norm) where norm names how the reply is compared
(compare.normalize)."""
import random

KEYS = ["k0", "k1", "k2", "k3"]  # shared by every type: wrong types, RENAME/COPY across types
FAMILY_KEYS = {"list": ["l0", "l1"], "string": ["s0", "s1"], "set": ["S0", "S1"], "hash": ["h0", "h1"],
               "zset": ["z0", "z1"]}  # mostly of one type, so that commands get past the type check
ALL_KEYS = KEYS + [k for ks in FAMILY_KEYS.values() for k in ks]
# Only ever a sorted set whose scores are all 0: lexicographic ranges are specified there (see F5 in README.md).
LEX_KEY = "lex"
SMALL_INTS = [str(i) for i in range(1, 25)]
WORDS = [chr(ord("a") + i) for i in range(16)]
LONG = ["L" * 70 + "x", "M" * 100]  # above the *-max-listpack-value (64) limits
ODD_NUMBERS = ["-5", "0", "99999999999", "3.5", "-0", "9223372036854775807", "-9223372036854775808", "1e5", " 1"]
CONFIGS = {  # small thresholds, so that collections change encoding in the middle of a case; the default last
    "list-max-listpack-size": ["0", "1", "2", "4", "8", "-5", "-1", "-2"],
    "zset-max-listpack-entries": ["0", "1", "2", "4", "8", "128"],
    "set-max-intset-entries": ["0", "1", "2", "4", "8", "512"],
    "hash-max-listpack-entries": ["0", "1", "2", "4", "8", "128"],
    "zset-max-listpack-value": ["0", "8", "64"],
    "hash-max-listpack-value": ["0", "8", "64"],
}
# pub/sub: client P (pubsub_script) subscribes to some of these, client A publishes and counts
CHANNELS = ["c1", "c2", "c3"]
PATTERNS = ["c*", "c[12]", "c?", "x*"]
# CONFIG GET patterns that match parameters both servers have (compare.COMMON_CONFIG) and some that do not
CONFIG_PATTERNS = ["*-max-*", "*max-listpack*", "list-*", "hz", "maxmemory*", "notify-keyspace-events", "nosuch",
                   "*ziplist*", "HZ", "timeout", "slowlog-*", "databases", "zset-max-listpack-value"]
INFO_NAMES = ["get", "set", "zadd", "lmpop", "zunionstore", "bitfield", "client|setname", "config|get", "nosuch",
              "object|freq", "blmove", "pubsub|numsub", "hello", "ping"]  # (not commands SealedKV lacks: EVAL, XREAD)
FAR_FUTURE_S = "4102444800"  # 2100-01-01: absolute times stay the same when a case is replayed later
FAR_FUTURE_MS = FAR_FUTURE_S + "000"


def member(r, wide=False):
    x = r.random()
    if wide and x < 0.7:
        return str(r.randint(1, 400)) if r.random() < 0.5 else "w%d" % r.randint(1, 400)
    if x < 0.45:
        return r.choice(SMALL_INTS)
    if x < 0.93:
        return r.choice(WORDS)
    if x < 0.96:
        return r.choice(LONG)
    if x < 0.975:
        if r.random() < 0.5:
            return r.choice("XYZ") * r.randint(200, 3000)  # compressible: the LZF path
        return "%x" % r.getrandbits(4 * r.randint(200, 1200))  # incompressible: sealed as is
    if x < 0.98:
        return r.choice(["", "", "Q" * r.choice([8191, 8192, 8193, 20000]),
                         "%x" % r.getrandbits(4 * r.choice([8200, 9000]))])
    return r.choice(ODD_NUMBERS)


def score(r):
    x = r.random()
    if x < 0.55:
        return str(r.randint(-5, 10))
    if x < 0.75:
        return r.choice(["1.5", "-2.25", "0.1", "2.5", "0.5", "1e3"])
    if x < 0.83:
        return r.choice(["inf", "-inf", "+inf"])
    if x < 0.93:  # formatting edges: 17 significant digits, huge, tiny, negative zero
        return r.choice(["1e300", "-1e300", "-0", "-0.0", "0.30000000000000004", "123456789012345678",
                         "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "0.1e-5",
                         "9007199254740993", "-1.0000000000000002", "+5", "1E2", "0x10", "1e400"])
    if x < 0.97:
        return r.choice(["3", "1", "0"])
    return r.choice(["nan", "abc", "1.5.5", "", "inf5"])


def increment(r):
    """An INCRBYFLOAT/HINCRBYFLOAT increment: sums of these show how the result is rounded and printed."""
    return r.choice(["0.1", "0.2", "-0.5", "3", "1e3", "1.5", "1e17", "-1e-5", "3.3", "5e-324", "1e308", "-0",
                     "0.30000000000000004", "10.5e2", "inf", "x", "1e400"])


def ttl_big(r):
    return str(r.choice([100, 1000, 5000]))


def _set_options(r):
    """Any mix of SET's options, sometimes contradictory (then both servers must give the same error)."""
    opts = []
    if r.random() < 0.4:
        opts += r.choice([["EX", ttl_big(r)], ["PX", "900000"], ["EXAT", FAR_FUTURE_S], ["PXAT", FAR_FUTURE_MS],
                          ["EXAT", "1"], ["KEEPTTL"], ["EX", r.choice(["0", "-1", "x"])]])
    if r.random() < 0.3:
        opts.append(r.choice(["NX", "XX"]))
    if r.random() < 0.25:
        opts.append("GET")
    if r.random() < 0.03:
        opts += r.choice([["NX", "XX"], ["EX", "10", "PX", "10"], ["KEEPTTL", "EX", "5"], ["EX"]])
    if r.random() < 0.1:
        r.shuffle(opts)
    return opts


class Gen:
    """Emits pipelines; self.in_multi follows MULTI/EXEC across the pipelines of one case."""

    def __init__(self, seed, wide=False):
        self.r = random.Random(seed)
        self.wide = wide
        self.in_multi = False
        self.out = []
        self.group = []
        self.pool = KEYS

    def m(self):
        return member(self.r, self.wide)

    def many(self):
        return self.r.choice([1, 1, 1, 2, 3, 5] + ([10, 30, 60] if self.wide else []))

    def key(self, hot):
        return self.pool[hot % len(self.pool)] if self.r.random() < 0.7 else self.other()

    def other(self):
        return self.r.choice(self.pool)

    def others(self, n):
        return [self.other() for _ in range(n)]

    def emit(self, cmd, norm="exact"):
        cmd = [str(a) for a in cmd]
        if self.r.random() < 0.05:  # command names and options in any case (and upper-case data, the same on both)
            cmd = [a if not a.isalpha() or not a.isupper() else "".join(self.r.choice((ch, ch.lower())) for ch in a)
                   for a in cmd]
        self.group.append((cmd, norm))

    def emit_sample(self, read, cmd, positive_count):
        """A random-reply command: its elements are checked against a full read just before it (queued just before
        it inside MULTI)."""
        self.emit(read, "sorted" if read[0] in ("SMEMBERS", "KEYS") else "pairs" if read[0] == "HGETALL" else "exact")
        self.emit(cmd, "sample" if positive_count else "sample-dup")

    def flush(self):
        if self.group:
            self.out.append(self.group)
            self.group = []

    # malformed commands of a runnable kind, mixed into its bursts (K: the key)
    BAD = {"lpush": [["LPUSH", "K"]], "rpush": [["RPUSH", "K"]], "lpop": [["LPOP", "K", "1", "2"], ["LPOP", "K", "-3"]],
           "rpop": [["RPOP", "K", "0x1"], ["RPOP"]],
           "set": [["SET", "K"], ["SET", "K", "v", "EX"], ["SET", "K", "v", "NX", "XX"],
                   ["SET", "K", "v", "EX", "10", "PX", "10"], ["SET", "K", "v", "EX", "99999999999999999"]],
           "sadd": [["SADD", "K"]], "hset": [["HSET", "K", "f"], ["HSET", "K", "f", "v", "g"]],
           "zadd": [["ZADD", "K", "1"], ["ZADD", "K", "NX", "XX", "1", "a"], ["ZADD", "K", "GT", "LT", "1", "a"],
                    ["ZADD", "K", "INCR", "1", "a", "2", "b"], ["ZADD", "K", "INCR", "-inf", "a"],
                    ["ZADD", "K", "nan", "a"], ["ZADD", "K", "NX", "GT", "1", "a"], ["ZADD", "K"]],
           "zpop": [["ZPOPMIN", "K", "1", "2"], ["ZPOPMAX", "K", "-2"], ["ZPOPMIN", "K", "1.5"]]}

    def one(self, kind, hot):
        r = self.r
        family = self.KINDS[kind][2]
        if family:
            self.pool = FAMILY_KEYS[family] if r.random() < 0.6 else KEYS
        else:
            self.pool = ALL_KEYS if r.random() < 0.5 else KEYS
        if kind in self.BAD and r.random() < 0.04:
            self.emit([self.key(hot) if a == "K" else a for a in r.choice(self.BAD[kind])])
            return
        getattr(self, "_" + kind)(self.key(hot), self.other())

    # ---- lists
    def _lpush(self, k, k2):
        self.emit(["LPUSH", k] + [self.m() for _ in range(self.many())])

    def _rpush(self, k, k2):
        self.emit(["RPUSH", k] + [self.m() for _ in range(self.many())])

    def _pop(self, name, k):
        r = self.r
        c = r.random()
        if c < 0.5:
            self.emit([name, k])
        elif c < 0.95:
            self.emit([name, k, r.choice(["0", "1", "2", "3", "5", "10", "100", "7", "13"])])
        else:
            self.emit([name, k, r.choice(["-1", "x"])])

    def _lpop(self, k, k2):
        self._pop("LPOP", k)

    def _rpop(self, k, k2):
        self._pop("RPOP", k)

    def _lpushx(self, k, k2):
        self.emit([self.r.choice(["LPUSHX", "RPUSHX"]), k] + [self.m() for _ in range(self.r.choice([1, 2]))])

    def _lread(self, k, k2):
        r = self.r
        i = lambda lo, hi: str(r.randint(lo, hi))  # noqa: E731
        self.emit(r.choice([
            ["LRANGE", k, i(-6, 3), i(-3, 8)], ["LRANGE", k, "0", "-1"], ["LRANGE", k, i(-30, 30), i(-30, 30)],
            ["LINDEX", k, i(-30, 30)], ["LLEN", k], ["LSET", k, i(-4, 4), self.m()],
            ["LINSERT", k, r.choice(["BEFORE", "AFTER"]), self.m(), self.m()], ["LREM", k, i(-2, 2), self.m()],
            ["LTRIM", k, i(-5, 2), i(-3, 6)],
            ["LPOS", k, self.m()] + r.choice([[], ["RANK", i(-3, 3)], ["COUNT", i(0, 3)], ["MAXLEN", i(0, 5)],
                                              ["RANK", "-1", "COUNT", "0", "MAXLEN", "3"], ["RANK", "0"],
                                              ["COUNT", "2", "RANK", "2"]]),
            ["LMPOP"] + r.choice([["1", k], ["2", k, k2]] * 3 + [["2", k]]) + [r.choice(["LEFT", "RIGHT"])]
            + r.choice([[], ["COUNT", r.choice(["1", "3", "50"])]] * 3 + [["COUNT", "0"]])]))

    def _lmove(self, k, k2):
        r = self.r
        if r.random() < 0.4:
            self.emit(["RPOPLPUSH", k, k2])
        else:
            self.emit(["LMOVE", k, k2 if r.random() < 0.7 else k, r.choice(["LEFT", "RIGHT"]), r.choice(["LEFT", "RIGHT"])])

    # ---- strings
    def _set(self, k, k2):
        v = self.m() if self.r.random() < 0.8 else str(self.r.randint(-3, 100))
        self.emit(["SET", k, v] + (_set_options(self.r) if self.r.random() < 0.5 else []))

    def _get(self, k, k2):
        r = self.r
        self.emit(r.choice([["GET", k]] * 8 + [["MGET", k, k2], ["STRLEN", k], ["SUBSTR", k, "0", "3"]]))

    def _incr(self, k, k2):
        r = self.r
        c = r.random()
        if c < 0.4:
            self.emit([r.choice(["INCR", "DECR"]), k])
        elif c < 0.6:
            self.emit([r.choice(["INCRBY", "DECRBY"]), k, r.choice([str(r.randint(-5, 5)), "9223372036854775807",
                                                                    "-9223372036854775808", "1.5", "x"])])
        elif c < 0.7:
            self.emit(["APPEND", k, self.m()])
        else:
            self.emit(["INCRBYFLOAT", k, increment(r)])

    def _strmore(self, k, k2):
        r = self.r
        i = lambda lo, hi: str(r.randint(lo, hi))  # noqa: E731
        self.emit(r.choice([
            ["GETRANGE", k, i(-5, 3), i(-3, 10)], ["SETRANGE", k, r.choice([i(0, 8), "0", "30", "-1"]), self.m()],
            ["GETEX", k] + r.choice([[], ["PERSIST"], ["EX", ttl_big(r)], ["PX", "900000"], ["EXAT", FAR_FUTURE_S],
                                     ["PXAT", FAR_FUTURE_MS], ["EXAT", "1"], ["EX", "0"], ["PERSIST", "EX", "5"]]),
            ["GETDEL", k], ["MSET", k, self.m(), k2, self.m()], ["MSETNX", k, self.m(), k2, self.m()],
            ["SETNX", k, self.m()], ["GETSET", k, self.m()], ["SETEX", k, r.choice([ttl_big(r), "0", "-3"]), self.m()],
            ["PSETEX", k, r.choice(["900000", "0"]), self.m()],
            ["LCS", k, k2] + r.choice([[], ["LEN"], ["IDX"], ["IDX", "WITHMATCHLEN"], ["IDX", "MINMATCHLEN", i(0, 3)],
                                       ["IDX", "MINMATCHLEN", "2", "WITHMATCHLEN"], ["LEN", "IDX"]])]))

    def _bits(self, k, k2):
        r = self.r
        off = lambda: str(r.choice([r.randint(0, 40), r.randint(0, 200), 8 * 8192 + 3, 100000, -1]))  # noqa: E731
        rng = lambda: r.choice([[], [str(r.randint(-4, 3)), str(r.randint(-2, 6))],  # noqa: E731
                                [str(r.randint(-30, 20)), str(r.randint(-10, 40)), r.choice(["BYTE", "BIT"])]])
        ty = lambda: r.choice(["u1", "u8", "i8", "u16", "i5", "i64", "u63", "u3"] * 4 + ["u64", "i0", "x8"])  # noqa: E731
        pos = lambda: r.choice([str(r.randint(0, 40)), "#%d" % r.randint(0, 5)])  # noqa: E731
        c = r.random()
        if c < 0.3:
            self.emit(["SETBIT", k, off(), r.choice(["0", "1", "1", "2"])])
        elif c < 0.45:
            self.emit(["GETBIT", k, off()])
        elif c < 0.55:
            self.emit(["BITCOUNT", k] + rng())
        elif c < 0.67:
            self.emit(["BITPOS", k, r.choice(["0", "1"])] + rng())
        elif c < 0.77:
            op = r.choice(["AND", "OR", "XOR", "NOT"])
            self.emit(["BITOP", op, k, k2] + ([] if op == "NOT" else [self.other()]))
        else:
            args = []
            for _ in range(r.choice([1, 2, 3])):
                sub = r.random()
                if sub < 0.3:
                    args += ["GET", ty(), pos()]
                elif sub < 0.6:
                    args += ["SET", ty(), pos(), str(r.choice([r.randint(-300, 300), 2 ** 63 - 1, -(2 ** 63)]))]
                elif sub < 0.9:
                    args += ["INCRBY", ty(), pos(), str(r.randint(-300, 300))]
                else:
                    args += ["OVERFLOW", r.choice(["WRAP", "SAT", "FAIL"])]
            read_only = all(a != "SET" and a != "INCRBY" for a in args)
            self.emit([r.choice(["BITFIELD", "BITFIELD_RO"]) if read_only else "BITFIELD", k] + args)

    # ---- sets
    def _sadd(self, k, k2):
        self.emit(["SADD", k] + [self.m() for _ in range(self.many())])

    def _srem(self, k, k2):
        self.emit(["SREM", k] + [self.m() for _ in range(self.r.choice([1, 1, 2, 4]))])

    def _spop(self, k, k2):
        r = self.r
        c = r.random()
        if c < 0.3:
            self.emit(["SPOP", k, "1000"], "sorted")
        elif c < 0.6:
            self.emit_sample(["SMEMBERS", k], ["SPOP", k, r.choice(["1", "2", "3"])], True)
            self.emit(["SPOP", k, "1000"], "count")  # which members went is random: the same set on both after
        elif c < 0.75:  # consecutive count-less SPOPs form a pipelined run in SealedKV: members, then nil when empty
            for _ in range(r.choice([1, 2, 5, 12])):
                self.emit(["SPOP", k], "shape")
            self.emit(["DEL", k])
        else:
            n = r.choice(["2", "-3", "100", "-100", "0"])
            self.emit_sample(["SMEMBERS", k], ["SRANDMEMBER", k, n], not n.startswith("-"))

    def _sread(self, k, k2):
        r = self.r
        k3 = self.other()
        c = r.randrange(9)
        if c == 0:
            self.emit(["SMEMBERS", k], "sorted")
        elif c == 1:
            self.emit(r.choice([["SISMEMBER", k, self.m()], ["SCARD", k]]))
        elif c == 2:
            self.emit(["SMOVE", k, k2, self.m()])
        elif c == 3:
            self.emit(["SMISMEMBER", k] + [self.m() for _ in range(r.choice([1, 3]))])
        elif c == 4:
            self.emit(["SINTERCARD"] + r.choice([["1", k], ["2", k, k2], ["3", k, k2, k3], ["2", k]])
                      + r.choice([[], ["LIMIT", r.choice(["0", "1", "3"])], ["LIMIT", "-1"]]))
        elif c == 5:
            self.emit([r.choice(["SUNIONSTORE", "SINTERSTORE", "SDIFFSTORE"]), k, k2] + self.others(r.choice([1, 2])))
        elif c == 6:
            self.emit([r.choice(["SINTER", "SUNION", "SDIFF"]), k, k2] + ([k3] if r.random() < 0.4 else []), "sorted")
        elif c == 7:
            self.emit_sample(["SMEMBERS", k], ["SRANDMEMBER", k], True)
        else:
            self.emit(["SSCAN", k, "0", "COUNT", "1000"] + r.choice([[], ["MATCH", "*1*"]]), "scan")

    # ---- hashes
    def _hset(self, k, k2):
        args = []
        for _ in range(self.many()):
            args += [self.m(), self.m()]
        self.emit([self.r.choice(["HSET", "HSET", "HSET", "HMSET"]), k] + args)

    def _hdel(self, k, k2):
        self.emit(["HDEL", k] + [self.m() for _ in range(self.r.choice([1, 1, 2, 3]))])

    def _hget(self, k, k2):
        r = self.r
        c = r.randrange(13)
        if c < 6:
            self.emit([["HGET", k, self.m()], ["HMGET", k, self.m(), self.m(), self.m()], ["HLEN", k],
                       ["HEXISTS", k, self.m()], ["HSTRLEN", k, self.m()], ["HSETNX", k, self.m(), self.m()]][c])
        elif c == 6:
            self.emit(["HGETALL", k], "pairs")
        elif c == 7:
            self.emit([r.choice(["HKEYS", "HVALS"]), k], "sorted")
        elif c == 8:
            self.emit(["HINCRBY", k, self.m(), r.choice([str(r.randint(-3, 3)), "9223372036854775807", "x"])])
        elif c == 9:
            self.emit(["HINCRBYFLOAT", k, self.m(), increment(r)])
        elif c == 10:
            n = r.choice(["2", "-3", "5", "-2", "100"])
            self.emit_sample(["HGETALL", k], ["HRANDFIELD", k, n] + r.choice([[], ["WITHVALUES"]]), not n.startswith("-"))
        elif c == 11:
            self.emit_sample(["HGETALL", k], ["HRANDFIELD", k], True)
        else:
            # COUNT past any size here: one call returns the whole hash, cursor 0 on both
            self.emit(["HSCAN", k, "0", "COUNT", "5000"] + r.choice([[], ["MATCH", "*a*"]]), "scan")

    # ---- sorted sets
    def _zadd(self, k, k2):
        r = self.r
        flags = []
        if r.random() < 0.5:
            for f in (["NX", "XX"], ["GT", "LT"], ["CH"], ["INCR"]):
                if r.random() < 0.3:
                    flags.append(r.choice(f))
                if r.random() < 0.03:  # conflicting or repeated flags
                    flags.append(r.choice(f))
        r.shuffle(flags)
        args = []
        for _ in range(1 if "INCR" in flags else self.many()):
            args += [score(r), self.m()]
        if r.random() < 0.02:
            args = args[:-1]
        self.emit(["ZADD", k] + flags + args)

    def _zincr(self, k, k2):
        self.emit(["ZINCRBY", k, score(self.r), self.m()])

    def _zpop(self, k, k2):
        self._pop(self.r.choice(["ZPOPMIN", "ZPOPMAX"]), k)

    def _zrange_spec(self):
        """ZRANGE's start, stop and options, in any of its forms."""
        r = self.r
        form = r.choice(["rank", "score", "lexsc"])
        if form == "rank":
            spec = [str(r.randint(-4, 2)), str(r.randint(-2, 5))]
        elif form == "score":
            spec = [r.choice(["-inf", "(1", "0", "2", "+inf", "(-inf", "1e300"]),
                    r.choice(["+inf", "5", "(3", "-inf", "0", "(inf"]), "BYSCORE"]
        else:
            spec = [r.choice(["-", "[b", "(a", "+"]), r.choice(["+", "[m", "(z", "-"]), "BYLEX"]
        if r.random() < 0.35:
            spec.append("REV")
        if form != "rank" and r.random() < 0.4 or r.random() < 0.03:
            spec += ["LIMIT", r.choice(["0", "1", "-1", "5"]), r.choice(["1", "2", "-1", "0", "100"])]
        return spec

    def _zread(self, k, k2):
        r = self.r
        c = r.randrange(14)
        if c == 0:
            self.emit(["ZRANGE", k, "0", "-1", "WITHSCORES"])
        elif c == 1:
            spec = self._zrange_spec()
            if spec[2:3] == ["BYLEX"]:
                self.emit(["ZRANGE", LEX_KEY] + spec)
            else:
                self.emit(["ZRANGE", k] + spec + (["WITHSCORES"] if r.random() < 0.4 else []))
        elif c == 2:
            lo, hi = r.choice(["-inf", "(1", "0", "2"]), r.choice(["+inf", "5", "(3"])
            name = r.choice(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"])
            if name == "ZREVRANGEBYSCORE":
                lo, hi = hi, lo
            self.emit([name, k, lo, hi] + r.choice([[], ["WITHSCORES"], ["LIMIT", "1", "2"], ["WITHSCORES", "LIMIT", "0", "-1"]]))
        elif c == 3:
            self.emit(["ZSCORE", k, self.m()])
        elif c == 4:
            self.emit([r.choice(["ZRANK", "ZREVRANK"]), k, self.m()])
        elif c == 5:
            self.emit(["ZCARD", k])
        elif c == 6:
            self.emit(["ZREM", k, self.m(), self.m()])
        elif c == 7:
            self.emit(["ZMSCORE", k, self.m(), self.m()])
        elif c == 8:
            self.emit(["ZCOUNT", k, r.choice(["-inf", "0", "(1"]), r.choice(["+inf", "3"])])
        elif c == 9:
            self.emit(["ZREMRANGEBYRANK", k, str(r.randint(-3, 1)), str(r.randint(-2, 2))])
        elif c == 10:
            self.emit(["ZREMRANGEBYSCORE", k, r.choice(["-inf", "(0", "1"]), r.choice(["+inf", "2", "(5"])])
        elif c == 11:
            n = r.choice(["2", "-3", "50", "-1"])
            self.emit_sample(["ZRANGE", k, "0", "-1", "WITHSCORES"],
                             ["ZRANDMEMBER", k, n] + r.choice([[], ["WITHSCORES"]]), not n.startswith("-"))
        elif c == 12:
            self.emit(["ZREVRANGE", k, "0", str(r.randint(-1, 5))] + r.choice([[], ["WITHSCORES"]]))
        else:
            self.emit(["ZSCAN", k, "0", "COUNT", "1000"] + r.choice([[], ["MATCH", "*1*"]]), "scan")

    def _zmore(self, k, k2):
        r = self.r
        k3 = self.other()
        c = r.randrange(8)
        weights = lambda n: r.choice([[], ["WEIGHTS"] + [r.choice(["2", "0.5", "-1", "0", "inf", "1e300"]) for _ in range(n)]])  # noqa: E731,E501
        aggregate = lambda: r.choice([[], ["AGGREGATE", r.choice(["MIN", "MAX", "SUM"])]])  # noqa: E731
        if c == 0:
            n = r.choice([1, 2, 3])
            self.emit([r.choice(["ZUNIONSTORE", "ZINTERSTORE"]), k, str(n)] + self.others(n) + weights(n) + aggregate())
        elif c == 1:
            n = r.choice([1, 2, 3])
            self.emit([r.choice(["ZUNION", "ZINTER"]), str(n)] + self.others(n) + weights(n) + aggregate()
                      + r.choice([[], ["WITHSCORES"]]))
        elif c == 2:
            self.emit(r.choice([["ZDIFFSTORE", k, "2", k2, k3], ["ZDIFF", "2", k, k2] + r.choice([[], ["WITHSCORES"]])]))
        elif c == 3:
            spec = self._zrange_spec()
            self.emit(["ZRANGESTORE", k, LEX_KEY if spec[2:3] == ["BYLEX"] else k2] + spec)
        elif c == 4:
            self.emit(["ZMPOP"] + r.choice([["1", k], ["2", k, k2]] * 3 + [["2", k]]) + [r.choice(["MIN", "MAX"])]
                      + r.choice([[], ["COUNT", r.choice(["1", "3", "100"])]] * 3 + [["COUNT", "0"]]))
        elif c == 5:
            self.emit(["ZINTERCARD"] + r.choice([["1", k], ["2", k, k2], ["3", k, k2, k3], ["2", k]])
                      + r.choice([[], ["LIMIT", r.choice(["0", "1", "2"])]]))
        elif c == 6:
            # F5: over a sorted set whose scores differ the lexicographic commands' answers are unspecified
            self.emit([r.choice(["ZRANGEBYLEX", "ZLEXCOUNT"]), k, r.choice(["-", "[b", "(a"]), r.choice(["+", "[m", "(z"])],
                      "typeonly")
        else:
            self.emit([r.choice(["ZUNION", "ZINTER", "ZDIFF"]), "2", k, k2, "WITHSCORES"])

    def _lex(self, k, k2):
        """The lexicographic commands, on LEX_KEY only (all scores 0)."""
        r = self.r
        lo = lambda: r.choice(["-", "+", "[b", "(a", "[m", "(z", "[", "(", "b", "[" + self.m()])  # noqa: E731
        c = r.randrange(7)
        if c < 2:
            args = []
            for _ in range(self.many()):
                args += ["0", self.m()]
            self.emit(["ZADD", LEX_KEY] + args)
        elif c == 2:
            self.emit(["ZRANGEBYLEX", LEX_KEY, lo(), lo()] + r.choice([[], ["LIMIT", "1", "2"], ["LIMIT", "0", "-1"]]))
        elif c == 3:
            self.emit(["ZREVRANGEBYLEX", LEX_KEY, lo(), lo()] + r.choice([[], ["LIMIT", "1", "3"]]))
        elif c == 4:
            self.emit(["ZLEXCOUNT", LEX_KEY, lo(), lo()])
        elif c == 5:
            self.emit(["ZREMRANGEBYLEX", LEX_KEY, lo(), lo()])
        else:
            self.emit([r.choice(["ZPOPMIN", "ZPOPMAX"]), LEX_KEY, "2"])

    # ---- keys and databases
    def _key(self, k, k2):
        r = self.r
        c = r.randrange(21)
        if c == 0:
            self.emit(["DEL", k] + ([k2] if r.random() < 0.3 else []))
        elif c == 1:
            self.emit([r.choice(["RENAME", "RENAMENX"]), k, k2])
        elif c == 2:
            # GT/LT against a TTL set by the same number of seconds answers by whether a millisecond passed
            self.emit(["EXPIRE", k, ttl_big(r)] + ([r.choice(["NX", "XX"])] if r.random() < 0.3 else []))
        elif c == 3:
            self.emit(["PEXPIRE", k, r.choice(["0", "-5", "100000", "800000"])]
                      + ([r.choice(["NX", "XX"])] if r.random() < 0.3 else []))
        elif c == 4:
            self.emit([r.choice(["EXPIREAT", "PEXPIREAT"]), k, r.choice(["1", FAR_FUTURE_S, FAR_FUTURE_MS])]
                      + r.choice([[], [], ["NX"], ["XX"], ["GT"], ["LT"], ["NX", "XX"]]))
        elif c == 5:
            self.emit(["TYPE", k])
        elif c == 6:
            self.emit([r.choice(["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]), k], "ttl")
        elif c == 7:
            self.emit(["COPY", k, k2] + r.choice([[], ["REPLACE"], ["DB", "1"], ["DB", "1", "REPLACE"], ["DB", "0"]]))
        elif c == 8:
            self.emit(["MOVE", k, r.choice(["0", "1", "2"])])
        elif c == 9:
            self.emit([r.choice(["EXISTS", "TOUCH"]), k, k2, k])
        elif c == 10:
            self.emit(["PERSIST", k])
        elif c == 11:
            self.emit(["UNLINK", k, k2])
        elif c == 12:
            self.emit(["OBJECT", "ENCODING", k], "shape")
        elif c == 13:
            self.emit(["EXISTS", k2])  # (not DBSIZE: it counts a key whose TTL ran out until one server reclaims it)
        elif c == 14:
            self.emit(["KEYS", r.choice(["*", "k[0-1]", "k?", "*1", "[a-z]?"])], "sorted")
        elif c == 15:
            self.emit_sample(["KEYS", "*"], ["RANDOMKEY"], True)
        elif c == 16:
            self.emit(["SCAN", "0", "COUNT", "1000"] + r.choice([[], ["MATCH", "k[12]"], ["TYPE", r.choice(["list", "zset", "string"])]]), "scan")
        elif c == 17:
            self.emit(["RENAME", k, k])
        elif c == 19:
            # a message on a channel the keyspace-event subscriber's pattern matches: its order among the events
            self.emit(["PUBLISH", "__keyevent@0__:published", self.m()])
        else:
            self.emit(r.choice([["EXPIRE", k, str(r.randint(50, 7000))], ["PEXPIRE", k, str(r.randint(50000, 7000000))]])
                      + [r.choice(["GT", "LT"])])

    def _db(self, k, k2):
        c = self.r.randrange(5)
        if c < 2:
            self.emit(["SELECT", self.r.choice(["0", "1", "0", "1", "2"])])
        elif c == 2:
            self.emit(["SWAPDB", "0", "1"])
        elif c == 3:
            self.emit(["FLUSHDB"])
        else:  # a threshold changed under existing collections (they convert at their next write)
            name = self.r.choice(list(CONFIGS))
            self.emit(["CONFIG", "SET", name, self.r.choice(CONFIGS[name])])

    def _conn(self, k, k2):
        """Connection and server commands whose answer Redis determines (or whose shape: TIME, OBJECT IDLETIME),
        and the pub/sub counts that client P's subscriptions (pubsub_script) make."""
        r = self.r
        c = r.randrange(12)
        if c == 0:
            self.emit(r.choice([["CLIENT", "SETNAME", r.choice(["fz", "a b", "", "x\n"])], ["CLIENT", "GETNAME"],
                                ["CLIENT", "GETNAME", "x"], ["CLIENT", "SETNAME"]]))
        elif c == 1:
            self.emit(r.choice([["ECHO", self.m()], ["PING"], ["PING", self.m()], ["ECHO"], ["PING", "a", "b"]]))
        elif c == 2:
            # (under the default maxmemory-policy FREQ is an error; IDLETIME is 0 or 1 second)
            sub = r.choice(["FREQ", "IDLETIME", "REFCOUNT", "NOSUCH"])
            self.emit(["OBJECT", sub, k], {"IDLETIME": "ttl"}.get(sub, "exact"))
        elif c == 3:
            self.emit(["TIME"] + r.choice([[], [], ["x"]]), "time")
        elif c == 4:
            self.emit(["CONFIG", "GET"] + r.sample(CONFIG_PATTERNS, r.choice([1, 1, 2])), "config")
        elif c == 5:
            # the keys of a command the generator makes (the one drawn after this, thrown away)
            saved, self.group = self.group, []
            self.one(r.choice([x for x in self.KINDS if x not in ("conn", "db", "arity")]), r.randrange(4))
            cmd = self.group[0][0]
            self.group = saved
            self.emit(["COMMAND", r.choice(["GETKEYS", "GETKEYSANDFLAGS"])] + cmd)
        elif c == 6:
            self.emit(["COMMAND", "INFO"] + r.sample(INFO_NAMES, r.choice([1, 2])))
        elif c == 7:
            self.emit(["SELECT", r.choice(["16", "-1", "x", "99999999999"])])  # refused: the database stays
        elif c == 8:
            self.emit([r.choice(["PUBLISH", "SPUBLISH"]), r.choice(CHANNELS), self.m()])
        elif c == 9:
            self.emit(["PUBSUB", r.choice(["CHANNELS", "SHARDCHANNELS"])]
                      + r.choice([[], [r.choice(PATTERNS)], r.sample(PATTERNS, 2)]), "sorted")
        elif c == 10:
            self.emit(r.choice([["PUBSUB", "NUMSUB"] + r.sample(CHANNELS, r.choice([1, 2, 3])), ["PUBSUB", "NUMPAT"],
                                ["PUBSUB", "SHARDNUMSUB"] + r.sample(CHANNELS, r.choice([1, 2, 3])),
                                ["PUBSUB", "NUMSUB"], ["PUBSUB", "SHARDNUMSUB"], ["PUBSUB", "NOSUCH"]]))
        elif r.random() < 0.7:
            self.emit(["CLIENT", "INFO"], "client-info")
        else:
            self.emit(["COMMAND", "COUNT", "x"] if r.random() < 0.3 else ["COMMAND", "NOSUCH"])

    def _edges(self, k, k2):
        """Arguments at the limits: offsets at and past 512 MB (never a write that would allocate it), expiry
        times that overflow, a key copied or renamed to itself, integers at the ends of their range."""
        r = self.r
        big = lambda: r.choice(["9223372036854775807", "-9223372036854775808", "9223372036854775808",  # noqa: E731
                                "99999999999999999999", "9223372036854775", "4611686018427387904"])
        self.emit(r.choice([
            ["SETRANGE", k, r.choice(["536870912", "-1", big()]), r.choice(["x", ""])],
            ["SETRANGE", k, "536870911", ""],  # (with a byte this one would allocate 512 MB)
            ["GETRANGE", k, big(), big()], ["GETRANGE", k, "0", big()],
            ["SETBIT", k, r.choice(["4294967296", big()]), "1"], ["GETBIT", k, r.choice(["4294967295", big()])],
            ["BITCOUNT", k, "0", big()] + r.choice([[], ["BIT"]]), ["BITPOS", k, "1", big(), big()],
            ["BITFIELD", k, "SET", "u8", r.choice(["4294967296", "#536870912", big()]), "1"],
            [r.choice(["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"]), k, big()],
            ["SET", k, "v", r.choice(["EX", "PX", "EXAT", "PXAT"]), big()],
            [r.choice(["SETEX", "PSETEX"]), k, big(), "v"], ["GETEX", k, r.choice(["EX", "PX", "EXAT", "PXAT"]), big()],
            ["COPY", k, k] + r.choice([[], ["REPLACE"], ["DB", "0"], ["DB", "1"]]),
            ["COPY", k, k2, "DB", r.choice(["16", "-1", "x"])], ["MOVE", k, r.choice(["0", "1", "16", "x"])],
            [r.choice(["RENAME", "RENAMENX"]), k, k], ["INCRBY", k, big()], ["DECRBY", k, big()],
            ["INCRBYFLOAT", k, r.choice(["1e308", "-1e308", "inf", "nan", "1e309"])],
            ["SET", k, r.choice(["inf", "-inf", "nan", "1e308", "0x10", "1 ", "00012", "1.0e1", "-0"])],
            ["LINDEX", k, big()], ["LRANGE", k, big(), big()], ["LSET", k, big(), "v"],
            ["LPOS", k, self.m(), "RANK", r.choice(["-9223372036854775808", "-9223372036854775807", "0"])],
            ["LPOS", k, self.m(), r.choice(["COUNT", "MAXLEN"]), r.choice(["-1", big()])],
            ["ZRANGE", k, "0", "-1", "BYSCORE", "LIMIT", big(), big()], ["ZRANGE", k, big(), big()],
            ["SINTERCARD", "1", k, "LIMIT", r.choice(["0", big()])],
            ["ZINTERCARD", "1", k, "LIMIT", r.choice(["0", big()])],
            ["LMOVE", k, k, r.choice(["LEFT", "RIGHT"]), r.choice(["LEFT", "RIGHT"])],
            ["SRANDMEMBER", k, r.choice(["-9223372036854775808", "0"])],
            ["HRANDFIELD", k, r.choice(["-9223372036854775808", "0"])] + r.choice([[], ["WITHVALUES"]]),
            ["ZRANDMEMBER", k, r.choice(["-9223372036854775808", "0"])] + r.choice([[], ["WITHSCORES"]]),
            ["LPOP", k, r.choice(["0", big()])]]))
        if r.random() < 0.1:
            self.emit(["SPOP", k, r.choice(["-1", "0", big()])], "sorted")

    def _arity(self, k, k2):
        r = self.r
        name = r.choice(["LPUSH", "RPOP", "SET", "GET", "SADD", "HSET", "ZADD", "ZPOPMIN", "LMOVE", "INCR",
                         "HDEL", "PERSIST", "RENAME", "LPOP", "HGET", "SREM", "NOSUCHCMD"])
        n = r.choice([0, 1, 2])
        self.emit([name] + [k] * min(n, 1) + [self.m() for _ in range(max(0, n - 1))])

    # weight, whether bursts of the kind run (several commands of one kind in a row), and its keys' family
    KINDS = {"lpush": (10, True, "list"), "rpush": (10, True, "list"), "lpop": (8, True, "list"),
             "rpop": (8, True, "list"), "lpushx": (1, False, "list"), "lread": (6, False, "list"),
             "lmove": (3, False, "list"), "set": (6, True, "string"), "get": (4, True, "string"),
             "incr": (4, False, "string"), "strmore": (4, False, "string"), "bits": (4, False, "string"),
             "sadd": (7, True, "set"), "srem": (3, False, "set"), "spop": (3, False, "set"),
             "sread": (4, False, "set"), "hset": (6, True, "hash"), "hget": (5, False, "hash"),
             "hdel": (3, False, "hash"), "zadd": (9, True, "zset"), "zincr": (2, False, "zset"),
             "zpop": (6, True, "zset"), "zread": (6, False, "zset"), "zmore": (5, False, "zset"),
             "lex": (3, False, None), "key": (7, False, None), "db": (2, False, None), "arity": (1, False, None),
             "conn": (2, False, None), "edges": (2, False, None)}
    PUSH_POP = ("lpush", "rpush", "lpop", "rpop")

    def transaction_edges(self):
        """WATCH, MULTI, EXEC/DISCARD, and inside MULTI the commands that are refused there."""
        r = self.r
        if not self.in_multi and r.random() < 0.02:
            self.emit(["WATCH"] + r.sample(ALL_KEYS, r.choice([1, 1, 2])))
            self.flush()
        if not self.in_multi and r.random() < 0.04:
            self.emit(["MULTI"])
            self.in_multi = True
        elif self.in_multi and r.random() < 0.12:
            self.emit([r.choice(["EXEC", "EXEC", "EXEC", "DISCARD"])])
            self.in_multi = False
        elif self.in_multi and r.random() < 0.02:
            # a command refused at queueing aborts the EXEC (EXECABORT); nested MULTI and WATCH inside do not
            self.emit(r.choice([["NOSUCHCMD", "k0"], ["GET"], ["LPUSH", "k0"], ["ZADD", "k0", "1"], ["MULTI"],
                                ["WATCH", "k0"], ["SET", "k0", "v", "EX"]]))
        elif r.random() < 0.005:
            self.emit(["UNWATCH"])
        elif r.random() < 0.004:
            self.emit(["HELLO", r.choice(["2", "3"])], "hello")  # the protocol changes in mid-pipeline (or EXEC)
        self.flush()

    def pipeline(self, n):
        r = self.r
        names = list(self.KINDS)
        weights = [w for w, _, _ in self.KINDS.values()]
        self.out = []
        self.group = []
        hot = r.randrange(4)
        while sum(len(g) for g in self.out) < n:
            self.transaction_edges()
            kind = r.choices(names, weights)[0]
            if r.random() < 0.15:
                hot = r.randrange(4)
            burst = r.choice([1, 2, 3, 5, 8, 12, 20]) if self.KINDS[kind][1] else r.choice([1, 1, 2])
            for _ in range(burst):
                if kind in self.PUSH_POP and r.random() < 0.25:
                    self.one(r.choice(self.PUSH_POP), hot)  # pushes and pops of the other end inside one burst
                else:
                    self.one(kind, hot)
                self.flush()
        if self.in_multi:
            self.emit([r.choice(["EXEC", "DISCARD"])])
            self.flush()
            self.in_multi = False
        return self.out


def pubsub_script(r):
    """Client P's commands around one pipeline: `before` it (subscriptions, refused commands in a subscribed RESP2
    connection, PING), and `after` it (the same, and CLIENT REPLY, MULTI); fuzz.py ends it with RESET.
    Once CLIENT REPLY OFF/SKIP is sent, only commands whose replies both servers mute, and (un)subscriptions,
    whose confirmations both send, follow in that part."""
    def sub():
        name = r.choice(["SUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SSUBSCRIBE", "SUNSUBSCRIBE"])
        return [name] + r.sample(PATTERNS if name.startswith("P") else CHANNELS, r.choice([0, 1, 1, 2, 3]))

    def safe():  # commands whose reply CLIENT REPLY mutes on both servers
        return r.choice([["PING"], ["PING", "p"], ["GET", "k0"], ["ECHO", "e"], ["PUBLISH", r.choice(CHANNELS), "self"],
                         ["SPUBLISH", r.choice(CHANNELS), "self"], ["CLIENT", "SETNAME", "p"], ["SET", "k3", "p"],
                         ["LPUSH", "l1", "p"], ["INCR", "s1"]])

    def other():
        return r.choice([safe(), safe(), ["PUBSUB", "NUMSUB"] + r.sample(CHANNELS, r.choice([1, 2])),
                         ["PUBSUB", "NUMPAT"], ["PUBSUB", "CHANNELS", r.choice(["c1", "c3", "x*"])], ["SELECT", "1"],
                         ["PUBSUB", "SHARDNUMSUB"] + r.sample(CHANNELS, r.choice([1, 2])),
                         ["PUBSUB", "SHARDCHANNELS", r.choice(["c1", "c3", "x*"])],
                         ["HELLO", r.choice(["2", "3"])], ["RESET"], ["NOSUCH", "x"]])

    def burst():
        """Commands of one kind (a run on SealedKV) with CLIENT REPLY SKIP/OFF/ON among them."""
        cmd = r.choice([["LPUSH", "l1", "p"], ["RPUSH", "l0", "q"], ["INCR", "s1"], ["GET", "s0"], ["SET", "k3", "b"],
                        ["SADD", "S1", "p"], ["HINCRBY", "h0", "f", "1"], ["LPOP", "l1"]])
        out = []
        for _ in range(r.randint(2, 12)):
            if r.random() < 0.25:
                out.append(["CLIENT", "REPLY", r.choice(["SKIP", "SKIP", "OFF", "ON"])])
            out.append(cmd)
        return out

    def part(n, modes):
        out, muted = [], False
        for _ in range(n):
            if modes and r.random() < 0.15:
                out += burst()
                muted = True
                continue
            if muted:
                cmd = safe() if r.random() < 0.7 else sub()
            elif modes and r.random() < 0.15:
                cmd = ["CLIENT", "REPLY", r.choice(["OFF", "SKIP", "ON"])]
                muted = cmd[2] != "ON"
            elif modes and r.random() < 0.1:
                cmd = [r.choice(["MULTI", "MULTI", "EXEC", "DISCARD"])]
            else:
                cmd = sub() if r.random() < 0.55 else other()
            out.append(cmd)
        return out

    return {"proto": 3 if r.random() < 0.4 else 2, "before": part(r.randint(1, 5), False),
            "after": part(r.randint(0, 8), True)}


def tracking_client(r):
    """Client T's tracking mode (default, OPTIN, OPTOUT, or BCAST with prefixes) and the commands it sends before
    the pipeline: reads of the keys it will hear about (with OPTIN/OPTOUT, CLIENT CACHING YES/NO before some)."""
    mode = r.choice([[], [], [], ["OPTIN"], ["OPTOUT"], ["NOLOOP"],
                     ["BCAST"] + [x for p in r.sample(["k", "l", "s", "z1", ""], r.choice([1, 2]))
                                  for x in ("PREFIX", p)]])
    setup = [["CLIENT", "TRACKING", "ON"] + mode]
    for db in r.sample(["0", "1"], r.choice([1, 2])):
        setup.append(["SELECT", db])
        for k in r.sample(ALL_KEYS, r.randint(1, 6)):
            if mode in (["OPTIN"], ["OPTOUT"]) and r.random() < 0.5:
                setup.append(["CLIENT", "CACHING", r.choice(["YES", "NO"])])
            setup.append(["EXISTS", k])
    return {"mode": mode, "setup": setup}
