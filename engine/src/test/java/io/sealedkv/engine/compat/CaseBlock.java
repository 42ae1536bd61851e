package io.sealedkv.engine.compat;

import java.util.List;

/**
 * Commands run in order on one fresh connection after FLUSHALL.
 *
 * @param resp3 whether the connection first switches to RESP3 with HELLO 3
 * @param known for the known-differences file: why SealedKV answers differently; otherwise null
 */
record CaseBlock(String file, int line, boolean resp3, String known, List<CaseCommand> commands) {

    String name() {
        return file + ":" + line + " " + commands.get(0).text();
    }
}
