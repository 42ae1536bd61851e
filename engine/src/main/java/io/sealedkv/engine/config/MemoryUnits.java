package io.sealedkv.engine.config;

import java.util.Locale;

/** Memory sizes as Redis writes them: a number with an optional unit k, kb, m, mb, g, gb (any case). */
final class MemoryUnits {
    private MemoryUnits() {
    }

    /** Bytes, or null when {@code text} is not a memory value. */
    static Long parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
            {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (lower.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                lower = lower.substring(0, lower.length() - unit[0].length());
                break;
            }
        }
        if (lower.isEmpty() || !lower.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Math.multiplyExact(Long.parseLong(lower), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
