package io.sealedkv.engine.command.docs;

import io.sealedkv.engine.command.docs.CommandArgument.Flag;
import io.sealedkv.engine.command.docs.CommandArgument.Type;
import io.sealedkv.engine.command.docs.CommandDoc.DocFlag;
import io.sealedkv.engine.command.docs.CommandDoc.History;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command documentation file: its one reader and its one writer. The file {@value #REDIS_RESOURCE}
 * (next to this class) holds Redis 7.0's COMMAND DOCS for every Redis command SealedKV implements; it is
 * generated from a real redis-server by {@code engine/scripts/regenerate-command-docs.sh}, never edited
 * by hand.
 *
 * <h2>Format, version 1</h2>
 * UTF-8 text, one record per line, fields separated by one TAB; no field can hold a TAB or a line break.
 * Blank lines and lines starting with {@code #} are ignored.
 * <ul>
 *   <li>The first line is {@code sealedkv-command-docs TAB 1} (name and format version).</li>
 *   <li>{@code command TAB name} starts a command: its lower-case name, {@code container|sub} for a
 *       subcommand. The lines up to the next {@code command} describe it.</li>
 *   <li>{@code summary}, {@code since}, {@code group} (all three required), {@code complexity},
 *       {@code deprecated_since}, {@code replaced_by}: the field name, TAB, its text (kept verbatim,
 *       trailing blanks included). At most once each.</li>
 *   <li>{@code doc_flags TAB flag [TAB flag]...}: {@code deprecated}, {@code syscmd}. At most once.</li>
 *   <li>{@code history TAB version TAB change}: one line per change, oldest first.</li>
 *   <li>{@code arg TAB depth TAB name TAB type [TAB attribute=value]...}: one line per argument,
 *       depth first, in order. Depth 0 is a top-level argument; an argument at depth d+1 belongs to
 *       the closest argument above it at depth d, which must be a {@code oneof} or {@code block} (and
 *       those must have at least one). Types: {@code string integer double key pattern unix-time
 *       pure-token oneof block}. Attributes, each at most once: {@code key_spec_index=n},
 *       {@code token=word} (may be empty), {@code since=version}, {@code deprecated_since=version},
 *       {@code flags=f[,f]...} with {@code optional multiple multiple_token}.</li>
 * </ul>
 * The reader refuses anything else ({@link MalformedException}, naming the line); a newer format is a
 * new version number and the reader names the versions it reads.
 */
public final class CommandDocsFile {
    public static final String REDIS_RESOURCE = "redis-command-docs.txt";
    static final String MAGIC = "sealedkv-command-docs";
    static final int VERSION = 1;

    private CommandDocsFile() {
    }

    /** Redis's documentation of the Redis commands SealedKV implements, by command name. */
    public static Map<String, CommandDoc> redis() {
        try (InputStream in = CommandDocsFile.class.getResourceAsStream(REDIS_RESOURCE)) {
            if (in == null) {
                throw new MalformedException("resource " + REDIS_RESOURCE + " is missing");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every command in {@code in}, in file order. */
    public static Map<String, CommandDoc> read(InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Parser parser = new Parser();
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            try {
                parser.line(number, line);
            } catch (IllegalArgumentException e) {
                throw new MalformedException("line " + number + ": " + e.getMessage());
            }
        }
        if (number == 0) {
            throw new MalformedException("empty: no " + MAGIC + " header");
        }
        try {
            return parser.finish();
        } catch (IllegalArgumentException e) {
            throw new MalformedException("at the end: " + e.getMessage());
        }
    }

    /** Writes {@code docs} in the format {@link #read} reads; the header comment goes after the first line. */
    public static void write(Map<String, CommandDoc> docs, String comment, Appendable out) throws IOException {
        out.append(MAGIC).append('\t').append(Integer.toString(VERSION)).append('\n');
        for (String commentLine : comment.split("\n")) {
            out.append("# ").append(commentLine).append('\n');
        }
        for (Map.Entry<String, CommandDoc> entry : docs.entrySet()) {
            CommandDoc doc = entry.getValue();
            line(out, "command", entry.getKey());
            line(out, "summary", doc.summary());
            line(out, "since", doc.since());
            line(out, "group", doc.group());
            optional(out, "complexity", doc.complexity());
            if (!doc.docFlags().isEmpty()) {
                line(out, "doc_flags", doc.docFlags().stream().map(DocFlag::redisName).toArray(String[]::new));
            }
            optional(out, "deprecated_since", doc.deprecatedSince());
            optional(out, "replaced_by", doc.replacedBy());
            for (History change : doc.history()) {
                line(out, "history", change.version(), change.change());
            }
            writeArguments(out, doc.arguments(), 0);
        }
    }

    private static void writeArguments(Appendable out, List<CommandArgument> arguments, int depth)
            throws IOException {
        for (CommandArgument argument : arguments) {
            List<String> fields = new ArrayList<>(List.of(Integer.toString(depth), argument.name(),
                    argument.type().redisName()));
            if (argument.keySpecIndex() >= 0) {
                fields.add("key_spec_index=" + argument.keySpecIndex());
            }
            attribute(fields, "token", argument.token());
            attribute(fields, "since", argument.since());
            attribute(fields, "deprecated_since", argument.deprecatedSince());
            if (!argument.flags().isEmpty()) {
                fields.add("flags=" + String.join(",", argument.flags().stream().map(Flag::redisName).toList()));
            }
            line(out, "arg", fields.toArray(String[]::new));
            writeArguments(out, argument.arguments(), depth + 1);
        }
    }

    private static void attribute(List<String> fields, String name, String value) {
        if (value != null) {
            fields.add(name + "=" + value);
        }
    }

    private static void optional(Appendable out, String key, String value) throws IOException {
        if (value != null) {
            line(out, key, value);
        }
    }

    private static void line(Appendable out, String key, String... fields) throws IOException {
        out.append(key);
        for (String field : fields) {
            if (field.indexOf('\t') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a " + key + " field holds a TAB or line break: " + field);
            }
            out.append('\t').append(field);
        }
        out.append('\n');
    }

    /** The file is not a command documentation file this reader can read. */
    public static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super("command docs: " + message);
        }
    }

    /** Reads line after line, keeping the command being described. */
    private static final class Parser {
        private final Map<String, CommandDoc> docs = new LinkedHashMap<>();
        private Draft current;

        void line(int number, String line) {
            if (number == 1) {
                header(line);
                return;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                return;
            }
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("command")) {
                expectFields(fields, 2);
                finishCommand();
                if (docs.containsKey(fields[1]) || fields[1].isEmpty()) {
                    throw new IllegalArgumentException("command '" + fields[1] + "' is empty or described twice");
                }
                current = new Draft(fields[1]);
                return;
            }
            if (current == null) {
                throw new IllegalArgumentException(fields[0] + " before the first command");
            }
            current.field(fields);
        }

        private static void header(String line) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 2 || !fields[0].equals(MAGIC)) {
                throw new IllegalArgumentException("not a command docs file: the first line is not '"
                        + MAGIC + "<TAB>version'");
            }
            if (!fields[1].equals(Integer.toString(VERSION))) {
                throw new IllegalArgumentException("format version " + fields[1] + " not supported (reads "
                        + VERSION + ")");
            }
        }

        Map<String, CommandDoc> finish() {
            finishCommand();
            return docs;
        }

        private void finishCommand() {
            if (current != null) {
                docs.put(current.name, current.build());
                current = null;
            }
        }
    }

    /** One command while its lines are read. */
    private static final class Draft {
        private final String name;
        private final Map<String, String> texts = new LinkedHashMap<>();
        private final Set<DocFlag> docFlags = EnumSet.noneOf(DocFlag.class);
        private final List<History> history = new ArrayList<>();
        private final List<ArgumentDraft> arguments = new ArrayList<>();
        /** The latest argument at each depth, so the next line finds its parent. */
        private final List<ArgumentDraft> path = new ArrayList<>();
        private boolean sawDocFlags;

        Draft(String name) {
            this.name = name;
        }

        void field(String[] fields) {
            switch (fields[0]) {
                case "summary", "since", "group", "complexity", "deprecated_since", "replaced_by" -> {
                    expectFields(fields, 2);
                    if (texts.putIfAbsent(fields[0], fields[1]) != null) {
                        throw new IllegalArgumentException(fields[0] + " given twice for " + name);
                    }
                }
                case "doc_flags" -> {
                    if (sawDocFlags || fields.length < 2) {
                        throw new IllegalArgumentException("doc_flags given twice or without a flag for " + name);
                    }
                    sawDocFlags = true;
                    for (int i = 1; i < fields.length; i++) {
                        docFlags.add(RedisNamed.parse(DocFlag.class, fields[i], "doc flag"));
                    }
                }
                case "history" -> {
                    expectFields(fields, 3);
                    history.add(new History(fields[1], fields[2]));
                }
                case "arg" -> argument(fields);
                default -> throw new IllegalArgumentException("unknown record '" + fields[0] + "'");
            }
        }

        private void argument(String[] fields) {
            if (fields.length < 4) {
                throw new IllegalArgumentException("arg needs a depth, a name and a type");
            }
            int depth = number(fields[1], "depth");
            if (depth > path.size()) {
                throw new IllegalArgumentException("argument " + fields[2] + " at depth " + depth
                        + " has no parent at depth " + (depth - 1));
            }
            Type type = RedisNamed.parse(Type.class, fields[3], "argument type");
            ArgumentDraft argument = new ArgumentDraft(fields[2], type);
            for (int i = 4; i < fields.length; i++) {
                argument.attribute(fields[i]);
            }
            if (depth == 0) {
                arguments.add(argument);
            } else {
                ArgumentDraft parent = path.get(depth - 1);
                if (!parent.type.nests()) {
                    throw new IllegalArgumentException("argument " + argument.name + " is nested in "
                            + parent.name + ", which is neither oneof nor block");
                }
                parent.children.add(argument);
            }
            path.subList(depth, path.size()).clear();
            path.add(argument);
        }

        CommandDoc build() {
            return new CommandDoc(texts.get("summary"), texts.get("since"), texts.get("group"),
                    texts.get("complexity"), docFlags, texts.get("deprecated_since"), texts.get("replaced_by"),
                    history, arguments.stream().map(ArgumentDraft::build).toList());
        }
    }

    /** One argument while its line and its nested arguments are read. */
    private static final class ArgumentDraft {
        private final String name;
        private final Type type;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<ArgumentDraft> children = new ArrayList<>();

        ArgumentDraft(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        void attribute(String field) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            if (eq < 0 || !List.of("key_spec_index", "token", "since", "deprecated_since", "flags").contains(key)) {
                throw new IllegalArgumentException("argument " + name + ": unknown attribute '" + field + "'");
            }
            if (attributes.putIfAbsent(key, field.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("argument " + name + ": " + key + " given twice");
            }
        }

        CommandArgument build() {
            String keySpec = attributes.get("key_spec_index");
            Set<Flag> flags = EnumSet.noneOf(Flag.class);
            String flagList = attributes.get("flags");
            if (flagList != null) {
                for (String flag : flagList.split(",", -1)) {
                    flags.add(RedisNamed.parse(Flag.class, flag, "argument flag"));
                }
            }
            return new CommandArgument(name, type, keySpec == null ? -1 : number(keySpec, "key_spec_index"),
                    attributes.get("token"), attributes.get("since"), attributes.get("deprecated_since"), flags,
                    children.stream().map(ArgumentDraft::build).toList());
        }
    }

    private static void expectFields(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException(fields[0] + " takes " + (count - 1) + " field(s), not "
                    + (fields.length - 1));
        }
    }

    private static int number(String text, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a non-negative number: '" + text + "'");
        }
    }
}
