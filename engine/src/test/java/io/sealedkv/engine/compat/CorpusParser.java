package io.sealedkv.engine.compat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads the corpus format described at the top of {@code compat/cases.txt}. */
final class CorpusParser {
    private final String file;
    private final List<CaseBlock> blocks = new ArrayList<>();
    private List<CaseCommand> commands = new ArrayList<>();
    private int blockLine;
    private boolean resp3;
    private String known;

    private CorpusParser(String file) {
        this.file = file;
    }

    static List<CaseBlock> parse(String file, String text) {
        CorpusParser parser = new CorpusParser(file);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line(i + 1, lines[i].strip());
        }
        parser.endBlock();
        return parser.blocks;
    }

    private void line(int number, String line) {
        if (line.isEmpty()) {
            endBlock();
            return;
        }
        if (blockLine == 0) {
            blockLine = number;
        }
        if (line.startsWith("#")) {
            return;
        }
        if (line.equals("@resp3")) {
            resp3 = true;
        } else if (line.startsWith("@known ")) {
            known = line.substring("@known ".length()).strip();
        } else if (line.startsWith("@")) {
            throw error(number, "unknown directive " + line);
        } else {
            commands.add(command(number, line));
        }
    }

    private void endBlock() {
        if (!commands.isEmpty()) {
            blocks.add(new CaseBlock(file, blockLine, resp3, known, List.copyOf(commands)));
        } else if (resp3 || known != null) {
            throw error(blockLine, "a block with directives but no command");
        }
        commands = new ArrayList<>();
        blockLine = 0;
        resp3 = false;
        known = null;
    }

    private CaseCommand command(int number, String line) {
        Comparison comparison = Comparison.EXACT;
        String rest = line;
        if (line.startsWith("~")) {
            String[] parts = line.split("\\s+", 3);
            switch (parts[0]) {
                case "~sort" -> comparison = new Comparison.Sorted();
                case "~scan" -> comparison = new Comparison.FullScan();
                case "~shape" -> comparison = new Comparison.Shape();
                case "~within" -> comparison = new Comparison.Within(Long.parseLong(parts[1]));
                default -> throw error(number, "unknown comparison " + parts[0]);
            }
            rest = comparison instanceof Comparison.Within
                    ? parts[2]
                    : line.substring(parts[0].length()).strip();
        }
        List<byte[]> args = split(number, rest);
        if (args.isEmpty()) {
            throw error(number, "no command");
        }
        return new CaseCommand(number, line, args, comparison);
    }

    /** Splits like redis-cli: blanks separate, "..." takes escapes, '...' takes only \'. */
    private List<byte[]> split(int number, String line) {
        List<byte[]> args = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            if (c == '"') {
                i = doubleQuoted(number, line, i + 1, arg);
            } else if (c == '\'') {
                i = singleQuoted(number, line, i + 1, arg);
            } else {
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    arg.write(line.charAt(i++));
                }
            }
            args.add(arg.toByteArray());
        }
        return args;
    }

    private int doubleQuoted(int number, String line, int i, ByteArrayOutputStream arg) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return afterQuote(number, line, i + 1);
            }
            if (c != '\\') {
                arg.write(c);
                i++;
                continue;
            }
            if (i + 1 >= line.length()) {
                break;
            }
            char escaped = line.charAt(i + 1);
            if (escaped == 'x' && i + 3 < line.length()) {
                arg.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                i += 4;
                continue;
            }
            arg.write(switch (escaped) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'a' -> 7;
                default -> escaped;
            });
            i += 2;
        }
        throw error(number, "unbalanced double quote");
    }

    private int singleQuoted(int number, String line, int i, ByteArrayOutputStream arg) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                return afterQuote(number, line, i + 1);
            }
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                arg.write('\'');
                i += 2;
                continue;
            }
            arg.write(c);
            i++;
        }
        throw error(number, "unbalanced single quote");
    }

    private int afterQuote(int number, String line, int i) {
        if (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
            throw error(number, "a closing quote must be followed by a blank");
        }
        return i;
    }

    private IllegalArgumentException error(int number, String message) {
        return new IllegalArgumentException(file + ":" + number + ": " + message);
    }
}
