package io.sealedkv.engine.command;

import io.sealedkv.engine.command.docs.CommandDoc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every command the server knows, by name. Dispatch, arity errors, COMMAND COUNT/INFO/DOCS/LIST and
 * GETKEYS all read from it. Families add their tables at startup; it is not changed afterwards.
 */
public final class CommandTable {

    private final Map<String, CommandSpec> byName = new HashMap<>();
    private final List<CommandSpec> inOrder = new ArrayList<>();
    /** Open addressing by the case-folded name, so dispatch finds a command without allocating. */
    private CommandSpec[] slots = new CommandSpec[256];
    private Map<String, CommandDoc> redisDocs = Map.of();

    public CommandTable add(List<CommandSpec> family) {
        for (CommandSpec spec : family) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalStateException("command registered twice: " + spec.name());
            }
            inOrder.add(spec);
            if (inOrder.size() * 2 > slots.length) {
                slots = new CommandSpec[slots.length * 2];
                inOrder.forEach(this::place);
            } else {
                place(spec);
            }
        }
        return this;
    }

    private void place(CommandSpec spec) {
        int mask = slots.length - 1;
        int slot = foldedHash(Text.bytes(spec.name())) & mask;
        while (slots[slot] != null) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = spec;
    }

    /** The command named by {@code name} (any case), or null. */
    public CommandSpec find(byte[] name) {
        CommandSpec[] table = slots;
        int mask = table.length - 1;
        for (int slot = foldedHash(name) & mask; table[slot] != null; slot = (slot + 1) & mask) {
            if (Text.is(name, table[slot].name())) {
                return table[slot];
            }
        }
        return null;
    }

    private static int foldedHash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
        return h ^ (h >>> 16);
    }

    public CommandSpec find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Takes Redis's documentation of the Redis commands in this table. It must describe exactly the
     * commands and subcommands that carry no documentation of their own (SealedKV's): a Redis command
     * it lacks, or one it has that the table does not, means it is out of date.
     *
     * @throws IllegalStateException naming the commands that do not match
     */
    public CommandTable documentedBy(Map<String, CommandDoc> docs) {
        Set<String> missing = new TreeSet<>();
        Set<String> unexpected = new TreeSet<>(docs.keySet());
        for (CommandSpec spec : inOrder) {
            checkDocumented(spec, missing, unexpected);
            spec.subcommands().values().forEach(sub -> checkDocumented(sub, missing, unexpected));
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalStateException("the command docs resource is out of date (engine/scripts/"
                    + "regenerate-command-docs.sh); no documentation for " + missing + ", documentation of"
                    + " commands this table does not have or documents itself: " + unexpected);
        }
        redisDocs = Map.copyOf(docs);
        return this;
    }

    private static void checkDocumented(CommandSpec spec, Set<String> missing, Set<String> unexpected) {
        if (spec.doc() == null && !unexpected.remove(spec.name())) {
            missing.add(spec.name());
        }
    }

    /** What COMMAND DOCS says about {@code spec}, or null if {@link #documentedBy} was not called. */
    public CommandDoc doc(CommandSpec spec) {
        return spec.doc() != null ? spec.doc() : redisDocs.get(spec.name());
    }

    public Collection<CommandSpec> all() {
        return Collections.unmodifiableList(inOrder);
    }

    public int size() {
        return inOrder.size();
    }
}
