package io.sealedkv.engine.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command the server knows, by name. Dispatch, arity errors, COMMAND COUNT/INFO/DOCS/LIST and
 * GETKEYS all read from it. Families add their tables at startup; it is not changed afterwards.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new HashMap<>();
    private final List<CommandSpec> inOrder = new ArrayList<>();

    public CommandTable add(List<CommandSpec> family) {
        for (CommandSpec spec : family) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalStateException("command registered twice: " + spec.name());
            }
            inOrder.add(spec);
        }
        return this;
    }

    /** The command named by {@code name} (any case), or null. */
    public CommandSpec find(byte[] name) {
        return byName.get(Text.lower(name));
    }

    public CommandSpec find(String name) {
        return byName.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public Collection<CommandSpec> all() {
        return Collections.unmodifiableList(inOrder);
    }

    public int size() {
        return inOrder.size();
    }
}
