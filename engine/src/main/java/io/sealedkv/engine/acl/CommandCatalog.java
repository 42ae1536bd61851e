package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command table as ACL rules see it: every command and subcommand gets a bit number, and each
 * ACL category (read from the command table's categories, the one place they are derived) lists its
 * commands. Built once at startup.
 */
public final class CommandCatalog {
    private final List<CommandSpec> byId = new ArrayList<>();
    private final Map<CommandSpec, Integer> ids = new IdentityHashMap<>();
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private final Map<String, List<CommandSpec>> byCategory = new LinkedHashMap<>();

    public CommandCatalog(CommandTable table) {
        for (String category : CommandSpec.CATEGORY_ORDER) {
            byCategory.put(category, new ArrayList<>());
        }
        for (CommandSpec spec : table.all()) {
            register(spec);
            spec.subcommands().values().forEach(this::register);
        }
    }

    private void register(CommandSpec spec) {
        ids.put(spec, byId.size());
        byId.add(spec);
        byName.put(spec.name(), spec);
        for (String category : spec.aclCategories()) {
            byCategory.get(category.substring(1)).add(spec);
        }
    }

    /** Number of commands and subcommands: the size of a permission bit set. */
    int size() {
        return byId.size();
    }

    int id(CommandSpec spec) {
        return ids.get(spec);
    }

    /** A command or {@code container|sub} by its lower-case name, or null. */
    public CommandSpec find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isCategory(String name) {
        return byCategory.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The commands of an ACL category (without {@code @}), in table order; empty for an unknown one. */
    public List<CommandSpec> inCategory(String name) {
        return Collections.unmodifiableList(byCategory.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    public List<String> categories() {
        return CommandSpec.CATEGORY_ORDER;
    }

    /** Every command and subcommand in table order (subcommands right after their container). */
    List<CommandSpec> all() {
        return Collections.unmodifiableList(byId);
    }
}
