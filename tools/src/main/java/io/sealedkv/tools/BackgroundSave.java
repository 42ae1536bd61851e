package io.sealedkv.tools;

import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * BGSAVE on a running server and the wait for it: a save already running is waited for first (its
 * capture may predate the request), then ours is started and awaited through INFO persistence until
 * {@code rdb_saves} has grown (or LASTSAVE moved, for servers without it) and no save runs.
 */
final class BackgroundSave {
    private static final long POLL_MILLIS = 50;

    private final Jedis jedis;
    private final long timeoutMillis;

    BackgroundSave(Jedis jedis, long timeoutMillis) {
        this.jedis = jedis;
        this.timeoutMillis = timeoutMillis;
    }

    void run() {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        awaitIdle(deadline);
        Map<String, String> before = persistence();
        long lastSave = jedis.lastsave();
        try {
            jedis.bgsave();
        } catch (JedisDataException e) {
            throw new CommandFailedException("BGSAVE refused: " + e.getMessage());
        }
        while (true) {
            Map<String, String> now = persistence();
            boolean idle = "0".equals(now.get("rdb_bgsave_in_progress"));
            boolean saved = before.containsKey("rdb_saves")
                    ? Long.parseLong(now.get("rdb_saves")) > Long.parseLong(before.get("rdb_saves"))
                    : jedis.lastsave() > lastSave;
            if (idle && saved) {
                return;
            }
            if (idle && "err".equals(now.get("rdb_last_bgsave_status"))) {
                throw new CommandFailedException("the server's BGSAVE failed (rdb_last_bgsave_status:err): see its log");
            }
            pause(deadline);
        }
    }

    private void awaitIdle(long deadline) {
        while (!"0".equals(persistence().get("rdb_bgsave_in_progress"))) {
            pause(deadline);
        }
    }

    private static void pause(long deadline) {
        if (System.currentTimeMillis() > deadline) {
            throw new CommandFailedException("timed out waiting for the server's BGSAVE");
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while waiting for the server's BGSAVE");
        }
    }

    private Map<String, String> persistence() {
        Map<String, String> fields = new HashMap<>();
        for (String line : jedis.info("persistence").split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
