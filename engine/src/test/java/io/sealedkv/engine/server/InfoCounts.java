package io.sealedkv.engine.server;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/** Counters read from INFO for comparing what two runs of the same commands left (times dropped). */
final class InfoCounts {
    private InfoCounts() {
    }

    /** The number field {@code name} of INFO section {@code section}. */
    static long stat(Jedis jedis, String section, String name) {
        String info = jedis.info(section);
        int at = info.indexOf(name + ":") + name.length() + 1;
        return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
    }

    /** Changes counted for persistence so far. */
    static long dirty(Jedis jedis) {
        return stat(jedis, "persistence", "rdb_changes_since_last_save");
    }

    /** The changes counted since {@code dirtyBefore}, the error replies, and each command's calls and failures. */
    static List<String> counted(Jedis jedis, long dirtyBefore) {
        List<String> counts = new ArrayList<>();
        counts.add("dirty " + (dirty(jedis) - dirtyBefore));
        counts.add("total_error_replies " + stat(jedis, "stats", "total_error_replies"));
        counts.addAll(lines(jedis.info("commandstats"), "cmdstat_", ",usec="));
        return counts;
    }

    /** The lines starting with {@code prefix}, each cut before {@code cut} and its times dropped. */
    static List<String> lines(String info, String prefix, String cut) {
        List<String> lines = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith(prefix)) {
                int at = cut == null ? -1 : line.indexOf(cut);
                lines.add(at < 0 ? line : line.substring(0, at) + line.substring(line.indexOf(",rejected_calls")));
            }
        }
        return lines;
    }
}
