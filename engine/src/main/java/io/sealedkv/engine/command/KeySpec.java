package io.sealedkv.engine.command;

import java.util.List;

/**
 * One key specification as COMMAND INFO reports it: where the keys start (an argument index), how far
 * they reach (the last key relative to the start, or negative: counted from the end) and the key-spec
 * flags, with Redis's optional notes.
 */
public record KeySpec(String notes, List<String> flags, int beginIndex, int lastKey, int keyStep) {
}
