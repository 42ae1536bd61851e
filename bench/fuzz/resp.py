"""A minimal RESP2/RESP3 client over a raw socket: a pipeline goes out in one write, replies are parsed exactly
(a reply is a (type character, payload) tuple, so the comparison sees every byte's meaning)."""
import socket
import time


class Incomplete(Exception):
    pass


def encode(cmd):
    out = [b"*%d\r\n" % len(cmd)]
    for a in cmd:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def _line(buf, pos):
    end = buf.find(b"\r\n", pos)
    if end < 0:
        raise Incomplete()
    return buf[pos:end], end + 2


def parse(buf, pos):
    """Returns (value, newpos). Values are tuples (typechar, payload) keeping every byte's meaning."""
    if pos >= len(buf):
        raise Incomplete()
    t = chr(buf[pos])
    line, nxt = _line(buf, pos + 1)
    if t in "+-:,(#_":
        return (t, bytes(line)), nxt
    if t in "$=!":
        n = int(line)
        if n < 0:
            return (t, None), nxt
        if len(buf) < nxt + n + 2:
            raise Incomplete()
        return (t, bytes(buf[nxt:nxt + n])), nxt + n + 2
    if t in "*~>%|":
        n = int(line)
        if n < 0:
            return (t, None), nxt
        if t in "%|":
            n *= 2
        items = []
        p = nxt
        for _ in range(n):
            v, p = parse(buf, p)
            items.append(v)
        if t == "|":  # attribute: then the real reply follows
            v, p = parse(buf, p)
            return ("|", (tuple(items), v)), p
        return (t, tuple(items)), p
    raise ValueError("bad RESP type %r at %d: %r" % (t, pos, bytes(buf[pos:pos + 40])))


class Conn:
    def __init__(self, port, host="127.0.0.1", timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0
        self.port = port

    def send(self, cmds):
        self.sock.sendall(b"".join(encode(c) for c in cmds))

    def _fill(self, timeout=None):
        if timeout is not None:
            self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(1 << 20)
        finally:
            if timeout is not None:
                self.sock.settimeout(10.0)
        if not data:
            raise ConnectionError("closed by server on port %d" % self.port)
        if self.pos > 1 << 20:
            del self.buf[:self.pos]
            self.pos = 0
        self.buf += data

    def read(self, timeout=None):
        """One reply (value, raw bytes); with timeout, None when nothing arrives in time."""
        while True:
            try:
                v, p = parse(self.buf, self.pos)
                raw = bytes(self.buf[self.pos:p])
                self.pos = p
                return v, raw
            except Incomplete:
                try:
                    self._fill(timeout)
                except socket.timeout:
                    if timeout is not None:
                        return None
                    raise

    def call(self, *cmd):
        self.send([cmd])
        return self.read()[0]

    def pipeline(self, cmds):
        self.send(cmds)
        return [self.read() for _ in cmds]

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
