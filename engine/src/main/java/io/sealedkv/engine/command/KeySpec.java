package io.sealedkv.engine.command;

import java.util.List;

/**
 * One key specification as COMMAND INFO reports it: where the keys start (an argument index) and how
 * to find them from there, with the key-spec flags and Redis's optional notes. Two ways to find them,
 * as Redis 7.0's built-in commands use: a range (the last key relative to the start, or negative:
 * counted from the end, and the step between keys), or a key count ("keynum": the argument at the start
 * counts the keys that follow it, as in ZUNIONSTORE dest numkeys key ...).
 *
 * @param lastKey  for a range: the last key relative to {@code beginIndex}, negative counting from the end
 * @param keyStep  distance between keys
 * @param keynum   the argument at {@code beginIndex} is the key count, the keys follow it
 */
public record KeySpec(String notes, List<String> flags, int beginIndex, int lastKey, int keyStep, boolean keynum) {

    public static KeySpec range(String notes, List<String> flags, int beginIndex, int lastKey, int keyStep) {
        return new KeySpec(notes, flags, beginIndex, lastKey, keyStep, false);
    }

    public static KeySpec keynum(List<String> flags, int countIndex) {
        return new KeySpec(null, flags, countIndex, 0, 1, true);
    }

    /**
     * True for arguments that are not keys but that a cluster routes like keys (the shard channels of
     * SSUBSCRIBE and SPUBLISH): COMMAND INFO lists the spec, key lookups and key permissions skip it.
     */
    public boolean notKey() {
        return flags.contains("not_key");
    }

    /**
     * The positions of this spec's keys in {@code args} (the command name at 0), or null when the
     * arguments do not fit it: a count that is not a number, is zero or negative, or names more keys than
     * there are arguments (Redis's "invalid spec": the command then has no keys for GETKEYS).
     */
    public int[] positions(byte[][] args) {
        int first = beginIndex;
        int last;
        if (keynum) {
            if (beginIndex >= args.length) {
                return null;
            }
            Long count = Args.tryParseLong(args[beginIndex]);
            if (count == null || count < 0 || count > args.length) {
                return null;
            }
            first = beginIndex + 1;
            last = first + count.intValue() - 1;
        } else {
            last = lastKey >= 0 ? first + lastKey : args.length + lastKey;
        }
        if (first >= args.length || last >= args.length || last < first) {
            return null;
        }
        int[] positions = new int[(last - first) / keyStep + 1];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = first + i * keyStep;
        }
        return positions;
    }
}
