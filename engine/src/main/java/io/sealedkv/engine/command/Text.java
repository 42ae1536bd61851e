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

    /** Redis's sdscatrepr (as MONITOR and redis-cli show bytes): quoted, C escapes, \xHH for other unprintables. */
    public static String repr(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
