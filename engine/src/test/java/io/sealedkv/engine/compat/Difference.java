package io.sealedkv.engine.compat;

import java.io.IOException;

/**
 * A command to which the two servers answered differently, with both answers escaped for reading.
 *
 * @param noReply SealedKV gave no reply at all, so the rest of the block cannot be compared
 */
record Difference(CaseBlock block, CaseCommand command, String redis, String sealedKv, boolean noReply) {

    static Difference noReply(CaseBlock block, CaseCommand command, String redis, IOException cause) {
        return new Difference(block, command, redis, "(no reply: " + cause + ")", true);
    }

    String report() {
        return block.file() + ":" + command.line() + "  " + command.text() + "\n"
                + "    redis:    " + redis + "\n"
                + "    sealedkv: " + sealedKv;
    }
}
