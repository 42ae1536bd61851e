package io.sealedkv.engine.compat;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into arguments: blanks separate, single or double quotes group ("" is empty). */
final class Words {
    private Words() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < line.length() && (quote != 0 || line.charAt(i) != ' ')) {
                char c = line.charAt(i++);
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            }
            words.add(word.toString());
        }
        return words;
    }
}
