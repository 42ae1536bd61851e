package io.sealedkv.engine.resp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an inline request line into arguments the way Redis's shell-like splitter does: blanks
 * separate arguments; double quotes allow {@code \n \r \t \b \a \\ \" \xHH} escapes; single quotes
 * allow only {@code \'}; a closing quote must be followed by a blank or the end of the line.
 * Arguments are built in one scratch array, wiped at the end, so no stray copy of them is left behind.
 */
final class InlineParser {
    private final byte[] line;
    /** An argument is never longer than its line. */
    private final byte[] arg;
    private int argLength;

    private InlineParser(byte[] line) {
        this.line = line;
        this.arg = new byte[line.length];
    }

    /** The arguments, or null when quotes are unbalanced. */
    static byte[][] split(byte[] line) {
        InlineParser parser = new InlineParser(line);
        try {
            return parser.arguments();
        } finally {
            Arrays.fill(parser.arg, (byte) 0);
        }
    }

    private byte[][] arguments() {
        List<byte[]> args = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length && isBlank(line[i])) {
                i++;
            }
            if (i == line.length) {
                return args.toArray(new byte[0][]);
            }
            argLength = 0;
            i = readArgument(i);
            if (i < 0) {
                args.forEach(done -> Arrays.fill(done, (byte) 0));
                return null;
            }
            args.add(Arrays.copyOf(arg, argLength));
        }
    }

    private void put(int b) {
        arg[argLength++] = (byte) b;
    }

    private int readArgument(int i) {
        boolean inDouble = false;
        boolean inSingle = false;
        while (true) {
            if (i == line.length) {
                return inDouble || inSingle ? -1 : i;
            }
            byte c = line[i];
            if (inDouble) {
                if (c == '\\' && i + 3 < line.length && line[i + 1] == 'x'
                        && isHex(line[i + 2]) && isHex(line[i + 3])) {
                    put(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                    i += 4;
                    continue;
                }
                if (c == '\\' && i + 1 < line.length) {
                    put(unescape(line[i + 1]));
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    if (i + 1 < line.length && !isBlank(line[i + 1])) {
                        return -1;
                    }
                    return i + 1;
                }
                put(c);
            } else if (inSingle) {
                if (c == '\\' && i + 1 < line.length && line[i + 1] == '\'') {
                    put('\'');
                    i += 2;
                    continue;
                }
                if (c == '\'') {
                    if (i + 1 < line.length && !isBlank(line[i + 1])) {
                        return -1;
                    }
                    return i + 1;
                }
                put(c);
            } else if (isBlank(c)) {
                return i;
            } else if (c == '"') {
                inDouble = true;
            } else if (c == '\'') {
                inSingle = true;
            } else {
                put(c);
            }
            i++;
        }
    }

    private static int unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
        return Character.digit(c, 16) >= 0;
    }
}
