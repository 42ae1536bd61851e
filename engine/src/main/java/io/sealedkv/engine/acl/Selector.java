package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.command.KeySpec;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.VariableKeyFlags;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One set of command, key and channel permissions, as a Redis 7.0 selector: a bit per command and
 * subcommand (plus first-argument exceptions and the "future commands" bit of +@all), key patterns
 * with read/write access and channel patterns. A user has a root selector and any number of extra
 * ones ({@code (...)} rules); see {@link Permissions}.
 */
final class Selector {
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final String PATTERN_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is "
            + "not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    private static final String CHANNEL_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' "
            + "flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list "
            + "of channels";
    private static final String UNKNOWN = "Unknown command or category name in ACL";

    private final CommandCatalog catalog;
    private final BitSet commands;
    private boolean futureCommands;
    private final Map<Integer, Set<String>> firstArgs = new LinkedHashMap<>();
    private boolean allKeys;
    private final Map<String, Integer> keyPatterns = new LinkedHashMap<>();
    private boolean allChannels;
    private final Set<String> channelPatterns = new LinkedHashSet<>();

    /** A new selector: no keys, no commands; all channels or none, as {@code acl-pubsub-default} says. */
    Selector(CommandCatalog catalog, boolean allChannels) {
        this.catalog = catalog;
        this.commands = new BitSet(catalog.size());
        this.allChannels = allChannels;
    }

    Selector copy() {
        Selector copy = new Selector(catalog, allChannels);
        copy.commands.or(commands);
        copy.futureCommands = futureCommands;
        firstArgs.forEach((id, args) -> copy.firstArgs.put(id, new LinkedHashSet<>(args)));
        copy.allKeys = allKeys;
        copy.keyPatterns.putAll(keyPatterns);
        copy.channelPatterns.addAll(channelPatterns);
        return copy;
    }

    /** Applies one selector rule (keywords in any case, as Redis); throws with Redis's reason when it is not valid. */
    void apply(String rule) {
        switch (rule.toLowerCase(Locale.ROOT)) {
            case "allkeys", "~*" -> {
                allKeys = true;
                keyPatterns.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keyPatterns.clear();
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channelPatterns.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channelPatterns.clear();
            }
            case "allcommands", "+@all" -> setAllCommands(true);
            case "nocommands", "-@all" -> setAllCommands(false);
            default -> applyWithOperand(rule);
        }
    }

    private void applyWithOperand(String rule) {
        char first = rule.isEmpty() ? ' ' : rule.charAt(0);
        String operand = rule.isEmpty() ? "" : rule.substring(1);
        switch (first) {
            case '~' -> addKeyPattern(operand, READ | WRITE);
            case '%' -> addKeyPattern(rule);
            case '&' -> addChannel(operand);
            case '+', '-' -> applyCommandRule(first == '+', operand);
            default -> throw new AclRuleException("Syntax error");
        }
    }

    /**
     * {@code %R~pattern}, {@code %W~pattern}, {@code %RW~pattern}: each flag once. As Redis 7.0, flags without a
     * {@code ~} ({@code %R}) grant the empty pattern.
     */
    private void addKeyPattern(String rule) {
        int access = 0;
        int at = 1;
        for (; at < rule.length(); at++) {
            int flag = switch (rule.charAt(at)) {
                case 'R', 'r' -> READ;
                case 'W', 'w' -> WRITE;
                case '~' -> 0;
                default -> -1;
            };
            if (flag == 0) {
                at++;
                break;
            }
            if (flag < 0 || (access & flag) != 0) {
                throw new AclRuleException("Syntax error");
            }
            access |= flag;
        }
        if (access == 0) {
            throw new AclRuleException("Syntax error");
        }
        addKeyPattern(rule.substring(at), access);
    }

    private void addKeyPattern(String pattern, int access) {
        if (allKeys) {
            throw new AclRuleException(PATTERN_AFTER_ALL);
        }
        keyPatterns.merge(pattern, access, (a, b) -> a | b);
    }

    private void addChannel(String pattern) {
        if (allChannels) {
            throw new AclRuleException(CHANNEL_AFTER_ALL);
        }
        channelPatterns.add(pattern);
    }

    private void setAllCommands(boolean allowed) {
        commands.clear();
        if (allowed) {
            commands.set(0, catalog.size());
        }
        futureCommands = allowed;
        firstArgs.clear();
    }

    /** {@code +cmd}, {@code -cmd}, {@code +cmd|sub}, {@code +cmd|first-arg}, {@code +@category}, {@code -@category}. */
    private void applyCommandRule(boolean allow, String name) {
        if (name.startsWith("@")) {
            if (!catalog.isCategory(name.substring(1))) {
                throw new AclRuleException(UNKNOWN);
            }
            catalog.inCategory(name.substring(1)).forEach(spec -> change(spec, allow));
            return;
        }
        if (name.indexOf('|') < 0) {
            CommandSpec spec = catalog.find(name);
            if (spec == null || spec.name().indexOf('|') >= 0) {
                throw new AclRuleException(UNKNOWN);
            }
            change(spec, allow);
            return;
        }
        String[] parts = name.split("\\|", -1);
        CommandSpec container = catalog.find(parts[0]);
        if (container == null || parts[0].isEmpty()) {
            throw new AclRuleException(UNKNOWN);
        }
        if (parts.length > 2 || (container.isContainer() && parts[1].isEmpty())) {
            throw new AclRuleException(container.isContainer() ? "Allowing first-arg of a subcommand is not supported"
                    : UNKNOWN);
        }
        if (container.isContainer()) {
            CommandSpec sub = container.subcommands().get(parts[1].toLowerCase(Locale.ROOT));
            if (sub == null) {
                throw new AclRuleException(UNKNOWN);
            }
            change(sub, allow);
        } else if (!allow) {
            throw new AclRuleException(UNKNOWN);
        } else if (parts[1].isEmpty()) {
            throw new AclRuleException("Syntax error");
        } else if (!commands.get(catalog.id(container))) {
            firstArgs.computeIfAbsent(catalog.id(container), id -> new LinkedHashSet<>())
                    .add(parts[1].toLowerCase(Locale.ROOT));
        }
    }

    /** A command's bit and, for a container, its subcommands' bits. */
    private void change(CommandSpec spec, boolean allow) {
        int id = catalog.id(spec);
        commands.set(id, allow);
        firstArgs.remove(id);
        spec.subcommands().values().forEach(sub -> change(sub, allow));
    }

    /** Why the user may not run {@code spec} with {@code args}, or null when it may. */
    Denial check(CommandSpec spec, byte[][] args) {
        if (!spec.has(io.sealedkv.engine.command.CommandFlag.NO_AUTH) && !commandAllowed(spec, args)) {
            return Denial.command(spec);
        }
        if (!allKeys) {
            Denial key = checkKeys(spec, args);
            if (key != null) {
                return key;
            }
        }
        return allChannels ? null : checkChannels(spec, args);
    }

    private boolean commandAllowed(CommandSpec spec, byte[][] args) {
        int id = catalog.id(spec);
        if (commands.get(id)) {
            return true;
        }
        Set<String> allowedFirst = firstArgs.get(id);
        return allowedFirst != null && args.length >= 2 && allowedFirst.contains(Text.lower(args[1]));
    }

    private Denial checkKeys(CommandSpec spec, byte[][] args) {
        for (KeySpec keySpec : spec.keySpecs()) {
            int[] positions = keySpec.notKey() ? null : keySpec.positions(args);
            if (positions == null) {
                continue;
            }
            int access = access(VariableKeyFlags.of(spec, keySpec, args));
            for (int i : positions) {
                if (!keyAllowed(args[i], access)) {
                    return new Denial("key", Text.of(args[i]));
                }
            }
        }
        return null;
    }

    /** Read access for keys whose value is read, write access for keys inserted, deleted or updated (Redis 7.0). */
    private static int access(List<String> flags) {
        int access = 0;
        for (String flag : flags) {
            switch (flag) {
                case "access" -> access |= READ;
                case "insert", "delete", "update" -> access |= WRITE;
                default -> { }
            }
        }
        return access;
    }

    private boolean keyAllowed(byte[] key, int access) {
        for (Map.Entry<String, Integer> pattern : keyPatterns.entrySet()) {
            if ((pattern.getValue() & access) == access && Glob.matches(Text.bytes(pattern.getKey()), key, false)) {
                return true;
            }
        }
        return false;
    }

    private Denial checkChannels(CommandSpec spec, byte[][] args) {
        int from;
        int to;
        boolean patterns = false;
        switch (spec.name()) {
            case "publish", "spublish" -> {
                from = 1;
                to = 1;
            }
            case "subscribe", "ssubscribe" -> {
                from = 1;
                to = args.length - 1;
            }
            case "psubscribe" -> {
                from = 1;
                to = args.length - 1;
                patterns = true;
            }
            default -> {
                return null;
            }
        }
        for (int i = from; i <= to && i < args.length; i++) {
            if (!channelAllowed(args[i], patterns)) {
                return new Denial("channel", Text.of(args[i]));
            }
        }
        return null;
    }

    /** A channel matches a pattern; a PSUBSCRIBE pattern must equal one of the user's patterns literally. */
    private boolean channelAllowed(byte[] channel, boolean isPattern) {
        for (String pattern : channelPatterns) {
            byte[] allowed = Text.bytes(pattern);
            if (isPattern ? java.util.Arrays.equals(allowed, channel) : Glob.matches(allowed, channel, false)) {
                return true;
            }
        }
        return false;
    }

    /** The key patterns as ACL LIST writes them ({@code ~*} for allkeys), empty when none. */
    String keysText() {
        if (allKeys) {
            return "~*";
        }
        List<String> parts = new ArrayList<>();
        keyPatterns.forEach((pattern, access) -> parts.add(switch (access) {
            case READ -> "%R~" + pattern;
            case WRITE -> "%W~" + pattern;
            default -> "~" + pattern;
        }));
        return String.join(" ", parts);
    }

    boolean allowsAllChannels() {
        return allChannels;
    }

    Set<String> channelPatterns() {
        return channelPatterns;
    }

    String channelsText() {
        if (allChannels) {
            return "&*";
        }
        List<String> parts = new ArrayList<>();
        channelPatterns.forEach(pattern -> parts.add("&" + pattern));
        return String.join(" ", parts);
    }

    /** Keys, channels and commands as ACL LIST writes them (a selector's text between the parentheses). */
    String describe() {
        StringBuilder text = new StringBuilder();
        String keys = keysText();
        if (!keys.isEmpty()) {
            text.append(keys).append(' ');
        }
        text.append(allChannels ? "&*" : "resetchannels");
        channelPatterns.forEach(pattern -> text.append(" &").append(pattern));
        return text.append(' ').append(commandRules()).toString();
    }

    /**
     * The command rules, found as Redis 7.0 finds them: start from {@code +@all} or {@code -@all}, take
     * the best fitting category while one fits, then name the single commands that still differ, then
     * the first-argument exceptions. Redis names single commands in its hash table's order; here they
     * come in command table order.
     */
    String commandRules() {
        boolean additive = !futureCommands;
        StringBuilder rules = new StringBuilder(additive ? "-@all" : "+@all");
        BitSet fake = new BitSet(catalog.size());
        if (!additive) {
            fake.set(0, catalog.size());
        }
        BitSet remaining = (BitSet) commands.clone();
        while (true) {
            String best = null;
            int minDiff = Integer.MAX_VALUE;
            int maxSame = 0;
            for (String category : catalog.categories()) {
                int on = 0;
                int off = 0;
                for (CommandSpec spec : catalog.inCategory(category)) {
                    if (remaining.get(catalog.id(spec))) {
                        on++;
                    } else {
                        off++;
                    }
                }
                int diff = additive ? off : on;
                int same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = category;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == null) {
                break;
            }
            for (CommandSpec spec : catalog.inCategory(best)) {
                fake.set(catalog.id(spec), additive);
                remaining.set(catalog.id(spec), !additive);
            }
            rules.append(additive ? " +@" : " -@").append(best);
        }
        for (CommandSpec spec : catalog.all()) {
            int id = catalog.id(spec);
            if (commands.get(id) != fake.get(id)) {
                rules.append(commands.get(id) ? " +" : " -").append(spec.fullName());
                fake.set(id, commands.get(id));
                if (spec.name().indexOf('|') < 0) {
                    for (CommandSpec sub : spec.subcommands().values()) {
                        fake.set(catalog.id(sub), commands.get(id));
                    }
                }
            }
            firstArgs.getOrDefault(id, Set.of()).forEach(arg -> rules.append(" +").append(spec.fullName())
                    .append('|').append(arg));
        }
        return rules.toString();
    }
}
