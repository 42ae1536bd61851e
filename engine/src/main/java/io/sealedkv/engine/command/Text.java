package io.sealedkv.engine.command;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Conversions between protocol bytes and Java strings. */
public final class Text {
    private Text() {
    }

    /** Bytes as text for messages and option names: UTF-8 when valid, byte-for-byte otherwise. */
    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static String lower(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static boolean is(byte[] arg, String lowerAscii) {
        if (arg.length != lowerAscii.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
