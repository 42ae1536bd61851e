package io.sealedkv.engine.server;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.command.Commands;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.list.ListPushRun;
import io.sealedkv.engine.command.set.SetPopRun;
import io.sealedkv.engine.command.string.IncrRun;
import io.sealedkv.engine.command.string.SetRun;
import io.sealedkv.engine.command.zset.ZPopRun;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectionRunsTest {
    private static final CommandTable TABLE = Commands.undocumented();

    @Test
    void aRequestGetsTheRunOfItsKindTheSameOneEachTime() {
        ConnectionRuns runs = new ConnectionRuns(4);

        WriteRun set = runs.forRequest(TABLE.find("set"), args("set", "k", "v"));
        WriteRun incr = runs.forRequest(TABLE.find("incrby"), args("incrby", "k", "2"));

        assertInstanceOf(SetRun.class, set);
        assertInstanceOf(IncrRun.class, incr);
        assertSame(set, runs.forRequest(TABLE.find("set"), args("set", "other", "v", "EX", "5")));
        assertSame(incr, runs.forRequest(TABLE.find("decr"), args("decr", "k")));
        assertInstanceOf(ListPushRun.class, runs.forRequest(TABLE.find("rpush"), args("rpush", "l", "a")));
        assertInstanceOf(ZPopRun.class, runs.forRequest(TABLE.find("zpopmax"), args("zpopmax", "z", "3")));
        assertInstanceOf(SetPopRun.class, runs.forRequest(TABLE.find("spop"), args("spop", "s")));
    }

    @Test
    void eachConnectionHasItsOwnRuns() {
        WriteRun first = new ConnectionRuns(4).forRequest(TABLE.find("set"), args("set", "k", "v"));
        WriteRun second = new ConnectionRuns(4).forRequest(TABLE.find("set"), args("set", "k", "v"));

        assertNotSame(first, second);
    }

    @Test
    void requestsNoRunTakesGetNone() {
        ConnectionRuns runs = new ConnectionRuns(4);

        assertNull(runs.forRequest(TABLE.find("get"), args("get", "k")));
        assertNull(runs.forRequest(TABLE.find("set"), args("set", "k")));
        assertNull(runs.forRequest(TABLE.find("incr"), args("incr", "k", "extra")));
        assertNull(runs.forRequest(TABLE.find("spop"), args("spop", "s", "2")));
    }

    private static byte[][] args(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }
}
