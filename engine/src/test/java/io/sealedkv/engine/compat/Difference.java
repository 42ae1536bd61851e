package io.sealedkv.engine.compat;

/** A command to which the two servers answered differently, with both answers escaped for reading. */
record Difference(CaseBlock block, CaseCommand command, String redis, String sealedKv) {

    String report() {
        return block.file() + ":" + command.line() + "  " + command.text() + "\n"
                + "    redis:    " + redis + "\n"
                + "    sealedkv: " + sealedKv;
    }
}
