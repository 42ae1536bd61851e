package io.sealedkv.engine.command;

import io.sealedkv.engine.command.docs.CommandArgument;
import io.sealedkv.engine.command.docs.CommandDoc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One command as data: what COMMAND INFO reports, what dispatch checks (arity, flags), where its keys
 * are (COMMAND GETKEYS), and the handler. A container command (CONFIG, CLIENT, ...) has subcommands
 * instead of a handler. COMMAND DOCS of a Redis command comes from Redis's own documentation
 * ({@link io.sealedkv.engine.command.docs.CommandDocsFile}); only SealedKV's own commands carry theirs.
 *
 * @param name        lower-case name; a subcommand's is {@code container|sub}
 * @param arity       argument count including the name; negative means "at least"
 * @param firstKey    position of the first key, 0 when none
 * @param lastKey     position of the last key; negative counts from the end
 * @param keyStep     distance between keys
 * @param keySpecs    the key specifications COMMAND INFO reports
 * @param doc         the documentation of a SealedKV-only command; null for a Redis command
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
                          List<String> aclCategories, List<KeySpec> keySpecs, List<String> tips, CommandDoc doc,
                          CommandHandler handler,
                          Map<String, CommandSpec> subcommands) {

    /** The ACL categories (without {@code @}) in the order Redis lists them (ACL CAT). */
    public static final List<String> CATEGORY_ORDER = List.of("keyspace", "read", "write", "set", "sortedset",
            "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
            "blocking", "dangerous", "connection", "transaction", "scripting");

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    /** Whether the command names keys at all (COMMAND GETKEYS: "The command has no key arguments"). */
    public boolean hasKeys() {
        return keySpecs.stream().anyMatch(spec -> !spec.notKey());
    }

    /**
     * Where the keys of {@code args} (the command name at 0) are, spec after spec; empty when the
     * arguments do not fit a spec (a key count that lies), as Redis then finds no keys.
     */
    public int[] keyPositions(byte[][] args) {
        int[][] perSpec = keyPositionsBySpec(args);
        if (perSpec == null) {
            return new int[0];
        }
        int total = 0;
        for (int[] positions : perSpec) {
            total += positions.length;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] positions : perSpec) {
            System.arraycopy(positions, 0, all, at, positions.length);
            at += positions.length;
        }
        return all;
    }

    /**
     * The key positions each of {@link #keySpecs()} finds in {@code args}, in the same order (none for a
     * {@linkplain KeySpec#notKey not-key} spec), or null when one of them does not fit the arguments (then
     * the command has no keys, see {@link KeySpec#positions}).
     */
    public int[][] keyPositionsBySpec(byte[][] args) {
        int[][] perSpec = new int[keySpecs.size()][];
        for (int i = 0; i < perSpec.length; i++) {
            perSpec[i] = keySpecs.get(i).notKey() ? new int[0] : keySpecs.get(i).positions(args);
            if (perSpec[i] == null) {
                return null;
            }
        }
        return perSpec;
    }

    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** The name clients see in errors: {@code get}, or {@code config|get} for a subcommand. */
    public String fullName() {
        return name;
    }

    /** Starts a command of family {@code group}; {@code category} is the family's ACL category or null. */
    public static Builder builder(String name, int arity, String group, String category) {
        return new Builder(name, arity, group, category);
    }

    /** Builds one entry of a family's command table. */
    public static final class Builder {
        private final String name;
        private final int arity;
        private final String group;
        private final String category;
        private final Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        private final List<String> extraCategories = new ArrayList<>();
        private final List<String> keyFlags = new ArrayList<>();
        private final List<KeySpec> keynumSpecs = new ArrayList<>();
        private String keyNotes;
        private final List<String> tips = new ArrayList<>();
        private final List<CommandSpec> subcommands = new ArrayList<>();
        private int firstKey;
        private int lastKey;
        private int keyStep;
        private CommandDoc doc;
        private CommandHandler handler;

        private Builder(String name, int arity, String group, String category) {
            this.name = name;
            this.arity = arity;
            this.group = group;
            this.category = category;
        }

        /** Space-separated flags as COMMAND INFO names them, e.g. {@code "write denyoom fast"}. */
        public Builder flags(String names) {
            for (String flag : names.split(" ")) {
                if (!flag.isEmpty()) {
                    flags.add(CommandFlag.parse(flag));
                }
            }
            return this;
        }

        /**
         * Key positions, and each key spec's flags separated by {@code ;}, e.g. {@code "RW access;OW update"}.
         * One spec covers every key; with several, each covers one key in turn, and the last one reaches
         * to the end when {@code last} counts from the end (BITOP's sources).
         */
        public Builder keys(int first, int last, int step, String specFlags) {
            this.firstKey = first;
            this.lastKey = last;
            this.keyStep = step;
            for (String spec : specFlags.split(";")) {
                keyFlags.add(spec.trim());
            }
            return this;
        }

        /**
         * Keys counted by the argument at {@code countIndex} and following it (ZUNIONSTORE's sources,
         * LMPOP's lists), after any {@link #keys} spec; makes the command {@code movablekeys}.
         */
        public Builder keynum(int countIndex, String specFlags) {
            keynumSpecs.add(KeySpec.keynum(List.of(specFlags.split(" ")), countIndex));
            flags.add(CommandFlag.MOVABLEKEYS);
            return this;
        }

        /** The notes Redis gives the first key spec. */
        public Builder keyNotes(String notes) {
            this.keyNotes = notes;
            return this;
        }

        public Builder acl(String categories) {
            extraCategories.addAll(List.of(categories.split(" ")));
            return this;
        }

        public Builder tips(String spaceSeparated) {
            tips.addAll(List.of(spaceSeparated.split(" ")));
            return this;
        }

        /** Hand-written COMMAND DOCS, for SealedKV's own commands only (Redis's come from its documentation). */
        public Builder doc(String summary, String since, String complexity, CommandArgument... arguments) {
            this.doc = CommandDoc.of(summary, since, group, complexity, List.of(arguments));
            return this;
        }

        public Builder doc(String summary, String since, CommandArgument... arguments) {
            return doc(summary, since, "O(1)", arguments);
        }

        public Builder sub(Builder subcommand) {
            subcommands.add(subcommand.build(name));
            return this;
        }

        /** The handler of a subcommand, whose spec the container builds. */
        public Builder handler(CommandHandler handler) {
            this.handler = handler;
            return this;
        }

        public CommandSpec run(CommandHandler handler) {
            this.handler = handler;
            return build(null, true);
        }

        /** A container: its subcommands carry the handlers, and it has no ACL category of its own. */
        public CommandSpec container() {
            return build(null, false);
        }

        private CommandSpec build(String container) {
            return build(container, true);
        }

        private CommandSpec build(String container, boolean withFamilyCategory) {
            String fullName = container == null ? name : container + "|" + name;
            Map<String, CommandSpec> subs = new LinkedHashMap<>();
            for (CommandSpec sub : subcommands) {
                subs.put(sub.name().substring(sub.name().indexOf('|') + 1), sub);
            }
            return new CommandSpec(fullName, arity, Collections.unmodifiableSet(flags), firstKey, lastKey, keyStep,
                    categories(withFamilyCategory), keySpecs(), List.copyOf(tips), doc, handler,
                    Collections.unmodifiableMap(subs));
        }

        private List<KeySpec> keySpecs() {
            List<KeySpec> specs = new ArrayList<>();
            for (int i = 0; i < keyFlags.size(); i++) {
                List<String> flagsOfSpec = List.of(keyFlags.get(i).split(" "));
                String notes = i == 0 ? keyNotes : null;
                if (keyFlags.size() == 1) {
                    int reach = lastKey < 0 ? lastKey : lastKey - firstKey;
                    specs.add(KeySpec.range(notes, flagsOfSpec, firstKey, reach, keyStep));
                } else {
                    boolean toTheEnd = i == keyFlags.size() - 1 && lastKey < 0;
                    specs.add(KeySpec.range(notes, flagsOfSpec, firstKey + i * keyStep, toTheEnd ? lastKey : 0, 1));
                }
            }
            specs.addAll(keynumSpecs);
            return List.copyOf(specs);
        }

        private List<String> categories(boolean withFamilyCategory) {
            Set<String> all = new HashSet<>(extraCategories);
            if (withFamilyCategory && category != null) {
                all.add(category);
            }
            if (flags.contains(CommandFlag.WRITE)) {
                all.add("write");
            }
            if (flags.contains(CommandFlag.READONLY)) {
                all.add("read");
            }
            if (flags.contains(CommandFlag.ADMIN)) {
                all.add("admin");
                all.add("dangerous");
            }
            if (flags.contains(CommandFlag.PUBSUB)) {
                all.add("pubsub");
            }
            if (flags.contains(CommandFlag.BLOCKING)) {
                all.add("blocking");
            }
            all.add(flags.contains(CommandFlag.FAST) ? "fast" : "slow");
            List<String> ordered = new ArrayList<>();
            for (String c : CATEGORY_ORDER) {
                if (all.contains(c)) {
                    ordered.add("@" + c);
                }
            }
            return List.copyOf(ordered);
        }
    }

    @Override
    public String toString() {
        return name.toUpperCase(Locale.ROOT);
    }
}
