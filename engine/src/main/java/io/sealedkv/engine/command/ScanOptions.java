package io.sealedkv.engine.command;

/**
 * The options of the SCAN family as Redis reads them: {@code MATCH pattern}, {@code COUNT n} (at
 * least 1, default 10) and, for SCAN itself, {@code TYPE name}, in pairs from argument {@code from};
 * anything else, or an option without its value, is a syntax error.
 */
public record ScanOptions(byte[] pattern, long count, String type) {
    private static final long DEFAULT_COUNT = 10;

    /** MATCH and COUNT (HSCAN, SSCAN, ZSCAN). */
    public static ScanOptions parse(CommandContext c, int from) {
        return parse(c, from, false);
    }

    /** MATCH, COUNT and TYPE (SCAN). */
    public static ScanOptions parseWithType(CommandContext c, int from) {
        return parse(c, from, true);
    }

    private static ScanOptions parse(CommandContext c, int from, boolean typeAllowed) {
        byte[] pattern = null;
        long count = DEFAULT_COUNT;
        String type = null;
        for (int i = from; i < c.argc(); i += 2) {
            if (i + 1 >= c.argc()) {
                throw Errors.syntax();
            }
            if (c.argIs(i, "count")) {
                count = c.argLong(i + 1);
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (c.argIs(i, "match")) {
                pattern = c.arg(i + 1);
            } else if (typeAllowed && c.argIs(i, "type")) {
                type = Text.lower(c.arg(i + 1));
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanOptions(pattern, count, type);
    }
}
