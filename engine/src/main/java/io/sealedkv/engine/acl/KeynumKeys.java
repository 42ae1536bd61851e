package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.Args;
import java.util.Map;

/**
 * Where the keys are for commands that give their key count as an argument (Redis's "keynum" key
 * specs: ZUNIONSTORE dest numkeys key..., LMPOP numkeys key..., ...). The command table has no keynum
 * key specs yet, so the ACL key check reads them from here; this table is the one to remove once
 * {@code KeySpec} can say it (see compat/known-differences.txt, COMMAND INFO of ZUNION and LMPOP).
 *
 * @param destination  index of a key written before the count (the *STORE forms), 0 when none
 * @param countIndex   index of the key count; the keys follow it
 * @param access       what the counted keys need: {@link #READ}, {@link #WRITE} or both
 */
record KeynumKeys(int destination, int countIndex, int access) {
    static final int READ = 1;
    static final int WRITE = 2;

    private static final Map<String, KeynumKeys> COMMANDS = Map.ofEntries(
            Map.entry("zunionstore", new KeynumKeys(1, 2, READ)),
            Map.entry("zinterstore", new KeynumKeys(1, 2, READ)),
            Map.entry("zdiffstore", new KeynumKeys(1, 2, READ)),
            Map.entry("zunion", new KeynumKeys(0, 1, READ)),
            Map.entry("zinter", new KeynumKeys(0, 1, READ)),
            Map.entry("zdiff", new KeynumKeys(0, 1, READ)),
            Map.entry("zintercard", new KeynumKeys(0, 1, READ)),
            Map.entry("sintercard", new KeynumKeys(0, 1, READ)),
            Map.entry("lmpop", new KeynumKeys(0, 1, READ | WRITE)),
            Map.entry("zmpop", new KeynumKeys(0, 1, READ | WRITE)),
            Map.entry("blmpop", new KeynumKeys(0, 2, READ | WRITE)),
            Map.entry("bzmpop", new KeynumKeys(0, 2, READ | WRITE)));

    /** The keynum layout of {@code command}, or null when its key specs say where its keys are. */
    static KeynumKeys of(String command) {
        return COMMANDS.get(command);
    }

    /** Index just past the last counted key (bounded by {@code argc}); a count that is not a number counts no keys. */
    int end(byte[][] args) {
        if (countIndex >= args.length) {
            return countIndex + 1;
        }
        Long count = Args.tryParseLong(args[countIndex]);
        if (count == null || count <= 0) {
            return countIndex + 1;
        }
        return (int) Math.min(args.length, countIndex + 1 + count);
    }
}
