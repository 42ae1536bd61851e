"""What is compared: replies normalized where Redis leaves the answer open (random picks, set and hash order,
TTL values), and the whole state of the databases after a pipeline."""

DBS = ["0", "1", "2"]
ROUND_TRIP_KEY = "__rt"
PAIRED = {"HGETALL", "HRANDFIELD", "ZRANDMEMBER", "HSCAN", "ZSCAN"}
# ("events": "rw" while the reply to a long pipeline waits in Redis's output buffer)
CLIENT_INFO_VOLATILE = {"id", "addr", "laddr", "fd", "age", "idle", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "obl",
                        "oll", "omem", "tot-mem", "rbs", "rbp", "events"}
# CONFIG GET compares these only: the parameters both servers have whose defaults agree (SealedKV's dbfilename,
# io-threads and tls-protocols differ on purpose; dir and port are the test's own)
COMMON_CONFIG = {x.encode() for x in """acl-pubsub-default acllog-max-len active-expire-effort appendonly databases
    hash-max-listpack-entries hash-max-listpack-value hash-max-ziplist-entries hash-max-ziplist-value hz
    latency-monitor-threshold latency-tracking latency-tracking-info-percentiles lfu-decay-time lfu-log-factor
    list-max-listpack-size list-max-ziplist-size maxclients maxmemory maxmemory-policy maxmemory-samples
    notify-keyspace-events proto-max-bulk-len set-max-intset-entries slowlog-log-slower-than slowlog-max-len
    timeout tracking-table-max-keys zset-max-listpack-entries zset-max-listpack-value zset-max-ziplist-entries
    zset-max-ziplist-value""".split()}


def _items(v):
    t, p = v
    return list(p) if t in "*~%" and p is not None else []


def _pairs(v):
    """(a, b) payload pairs of a flat array, a map, or an array of two-element arrays (RESP3 WITHSCORES)."""
    items = _items(v)
    if items and all(x[0] == "*" and x[1] is not None and len(x[1]) == 2 for x in items):
        return [(x[1][0][1], x[1][1][1]) for x in items]
    return [(a[1], b[1]) for a, b in zip(items[0::2], items[1::2])]


def _sample(cmd, read, v, distinct):
    """A random pick (SRANDMEMBER, HRANDFIELD, ...): its size, and whether every element is in `read`, the full
    read of the same key just before it."""
    t, p = v
    if t == "-" or p is None:
        return v
    with_pairs = cmd[-1].upper() in ("WITHVALUES", "WITHSCORES")
    if read[0] == "-":
        universe = set()
    elif cmd[0].upper() in PAIRED:
        pairs = _pairs(read)
        universe = set(pairs) if with_pairs else {a for a, _ in pairs}
    else:
        universe = {x[1] for x in _items(read)}
    if t == "$":
        return t, p in universe
    got = _pairs(v) if with_pairs else [x[1] for x in p]
    return t, len(got), all(x in universe for x in got), len(set(got)) == len(got) if distinct else None


def normalize(kind, v, cmd=None, prev=None):
    t, p = v
    if t == "-" or kind == "exact":
        return v
    if kind == "sorted":
        return (t, tuple(sorted(p))) if t in "*~" and p is not None else v
    if kind == "pairs":
        return (t, tuple(sorted(_pairs(v)))) if t in "*%" and p is not None else v
    if kind == "count":
        if t in "*~" and p is not None:
            return t, len(p)
        return (t, "any") if t == "$" and p is not None else v
    if kind in ("sample", "sample-dup"):
        return _sample(cmd, prev, v, kind == "sample")
    if kind == "scan":
        if t != "*" or len(p) != 2:
            return v
        found = _pairs(p[1]) if cmd[0].upper() in PAIRED else [x[1] for x in _items(p[1])]
        return t, p[0], tuple(sorted(found))
    if kind == "hello":  # the server's reply to HELLO, without the connection's id
        items = list(p) if t in "*%" and p is not None else []
        return (t, tuple(x for i, x in enumerate(items) if ("$", b"id") not in items[i - 1:i] and x != ("$", b"id"))
                if items else p)
    if kind == "shape":
        return ("$+", "any") if t in "$+" and p is not None else v
    if kind == "typeonly":
        return t, "any"
    if kind == "ttl":  # also OBJECT IDLETIME
        return (t, "pos") if t == ":" and int(p) >= 0 else v
    if kind == "time":
        digits = t == "*" and len(p) == 2 and all(x[0] == "$" and x[1].isdigit() for x in p)
        return (t, "seconds micros") if digits else v
    if kind == "client-info":  # without what depends on the connection or on time
        text = p.decode("latin-1")
        fields = text[4:].split() if t == "=" else text.split()
        fields = [f for f in fields if f.split("=")[0] not in CLIENT_INFO_VOLATILE]
        return t, " ".join((f.replace("d", "") if f != "flags=d" else "flags=N") if f.startswith("flags=") else f
                           for f in fields)  # E6: SealedKV has no "d" (a watched key changed)
    if kind == "config":  # CONFIG GET: the parameters both servers have, in name order
        return t, tuple(sorted(x for x in _pairs(v) if x[0] in COMMON_CONFIG))
    raise ValueError(kind)


def normalize_replies(items, ref, replies):
    """Normalizes one connection's `replies` to the (command, norm) `items`; commands queued in MULTI (as `ref`,
    Redis's replies, shows) are normalized inside the EXEC reply."""
    out = []
    queued = None
    prev = None
    for (cmd, kind), r, v in zip(items, ref, replies):
        name = cmd[0].upper()
        if queued is not None:
            if name in ("EXEC", "DISCARD"):
                if name == "EXEC" and v[0] == "*" and v[1] is not None and len(v[1]) == len(queued):
                    v = ("*", tuple(normalize(k, x, c, p) for (c, k), x, p in zip(queued, v[1], (None,) + v[1])))
                queued = None
            elif r == ("+", b"QUEUED"):
                queued.append((cmd, kind))
            out.append(v)
            continue
        if name == "MULTI" and r == ("+", b"OK"):
            queued = []
        out.append(normalize(kind, v, cmd, prev))
        prev = v
    return out


def fmt(v):
    if not (isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str)):
        return repr(v)
    t, p = v
    if t in "*~>%" and isinstance(p, tuple):
        return t + "[" + ", ".join(fmt(x) for x in p) + "]"
    if isinstance(p, bytes):
        return t + p.decode("latin-1")
    return t + repr(p)


def show(v, limit=300):
    s = fmt(v)
    return s if len(s) <= limit else s[:limit] + "..."


def show_apart(a, b, limit=300):
    """Two long strings from a little before the first character where they differ."""
    a, b = str(a), str(b)
    i = next((j for j, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, i - 60)
    cut = lambda s: ("..." if start else "") + s[start:start + limit] + ("..." if len(s) > start + limit else "")  # noqa: E731
    return cut(a), cut(b)


def key_value(conn, k):
    t = conn.call("TYPE", k)[1]
    if t == b"list":
        return t, conn.call("LRANGE", k, "0", "-1")
    if t == b"set":
        return t, normalize("sorted", conn.call("SMEMBERS", k))
    if t == b"hash":
        return t, normalize("pairs", conn.call("HGETALL", k))
    if t == b"zset":
        return t, conn.call("ZRANGE", k, "0", "-1", "WITHSCORES")
    return t, conn.call("GET", k)


def dump_restore_errors(conn, keys):
    """DUMPs each key and RESTOREs it under another name on the same server: the copy must equal the key.
    (Run on SealedKV only: Redis 7.0's own round trip turns a -0 score into 0 when the copy is small enough
    for a listpack.)"""
    errors = []
    for db in DBS:
        conn.call("SELECT", db)
        for k in keys[db]:
            payload = conn.call("DUMP", k)
            if payload[0] != "$" or payload[1] is None:
                continue
            rep = conn.call("RESTORE", ROUND_TRIP_KEY, "0", payload[1], "REPLACE")
            a = key_value(conn, k)
            b = key_value(conn, ROUND_TRIP_KEY)
            conn.call("DEL", ROUND_TRIP_KEY)
            if rep != ("+", b"OK") or a != b:
                errors.append({"where": "dump-restore", "port": conn.port, "db": db, "key": k.decode("latin-1"),
                               "restore": show(rep), "key_value": show(a[1]), "restored": show(b[1])})
    conn.call("SELECT", "0")
    return errors


STATE_READS = [(["LRANGE", "0", "-1"], "exact"), (["SMEMBERS"], "sorted"), (["HGETALL"], "pairs"),
               (["ZRANGE", "0", "-1", "WITHSCORES"], "exact"), (["GET"], "exact"), (["TTL"], "ttl")]


def state(conn):
    """Every key of DBS with its type, content (read by every type's command: WRONGTYPE ones are left out) and
    whether it has a TTL; and the keys of each database."""
    reps = conn.pipeline([c for db in DBS for c in (["SELECT", db], ["KEYS", "*"])])
    keys = {db: sorted(x[1] for x in _items(reps[2 * i + 1][0])) for i, db in enumerate(DBS)}
    cmds, plan = [], []
    for db in DBS:
        cmds.append(["SELECT", db])
        plan.append(None)
        for k in keys[db]:
            cmds.append(["TYPE", k])
            plan.append((db, k, "TYPE", "exact"))
            for read, kind in STATE_READS:
                cmds.append(read[:1] + [k] + read[1:])
                plan.append((db, k, read[0], kind))
    out = {}
    for p, (v, _) in zip(plan, conn.pipeline(cmds)):
        if p is None:
            continue
        v = normalize(p[3], v)
        if v[0] == "-" and b"WRONGTYPE" in v[1]:
            continue
        out["%s/%s %s" % (p[0], p[1].decode("latin-1"), p[2])] = fmt(v)
    return out, keys
