package io.sealedkv.engine.config;

import java.util.ArrayList;
import java.util.List;

/** Splits a config line into words: blanks separate, double quotes allow backslash escapes, single quotes don't. */
public final class ConfigLineSplitter {
    private ConfigLineSplitter() {
    }

    /** The words, or null when a quote is not closed. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = line.charAt(i);
                if (quote == 0 && Character.isWhitespace(c)) {
                    break;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else if (quote == '"' && c == '\\' && i + 1 < n) {
                    i++;
                    word.append(unescape(line.charAt(i)));
                } else {
                    word.append(c);
                }
                i++;
            }
            if (quote != 0) {
                return null;
            }
            words.add(word.toString());
        }
        return words;
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> c;
        };
    }
}
