package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one user may do, as Redis 7.0 holds it: enabled or not, password hashes (SHA-256, lower-case
 * hex, never the passwords), the root {@link Selector} and the extra selectors of {@code (...)} rules.
 * Changed only on a private copy ({@link #copy()}) that then replaces the user's current one, so a
 * check never sees half of an ACL SETUSER.
 */
final class Permissions {
    private final CommandCatalog catalog;
    private boolean enabled;
    private boolean noPass;
    private String payloadFlag;
    private final Set<String> passwordHashes = new LinkedHashSet<>();
    private final Selector root;
    private final List<Selector> selectors = new ArrayList<>();

    /** A new user's permissions: off, no password, keys or commands; channels as {@code acl-pubsub-default} says. */
    Permissions(CommandCatalog catalog, boolean allChannels) {
        this(catalog, new Selector(catalog, allChannels));
    }

    private Permissions(CommandCatalog catalog, Selector root) {
        this.catalog = catalog;
        this.root = root;
    }

    Permissions copy() {
        Permissions copy = new Permissions(catalog, root.copy());
        copy.enabled = enabled;
        copy.noPass = noPass;
        copy.payloadFlag = payloadFlag;
        copy.passwordHashes.addAll(passwordHashes);
        selectors.forEach(selector -> copy.selectors.add(selector.copy()));
        return copy;
    }

    boolean enabled() {
        return enabled;
    }

    boolean noPass() {
        return noPass;
    }

    /** True when {@code password}'s SHA-256 is one of the stored hashes; compared in constant time. */
    boolean passwordMatches(byte[] password) {
        byte[] hash = Text.bytes(sha256Hex(password));
        boolean found = false;
        for (String stored : passwordHashes) {
            found |= MessageDigest.isEqual(hash, Text.bytes(stored));
        }
        return found;
    }

    static String sha256Hex(byte[] password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /**
     * Applies one rule (keywords in any case, as Redis): user rules here, a whole {@code (...)} selector
     * as a new selector, everything else to the root selector. Throws with Redis's reason when the rule
     * is not valid.
     */
    void apply(String rule, boolean pubsubDefaultAll) {
        String lower = rule.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "" -> {
                // Redis takes an empty rule as no change
            }
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "skip-sanitize-payload", "sanitize-payload" -> payloadFlag = lower;
            case "nopass" -> {
                noPass = true;
                passwordHashes.clear();
            }
            case "resetpass" -> {
                noPass = false;
                passwordHashes.clear();
            }
            case "clearselectors" -> selectors.clear();
            case "reset" -> {
                for (String part : List.of("resetpass", "resetkeys", "resetchannels")) {
                    apply(part, pubsubDefaultAll);
                }
                if (pubsubDefaultAll) {
                    apply("allchannels", pubsubDefaultAll);
                }
                for (String part : List.of("off", "sanitize-payload", "clearselectors", "-@all")) {
                    apply(part, pubsubDefaultAll);
                }
            }
            default -> applyWithOperand(rule, pubsubDefaultAll);
        }
    }

    private void applyWithOperand(String rule, boolean pubsubDefaultAll) {
        char first = rule.isEmpty() ? ' ' : rule.charAt(0);
        String operand = rule.isEmpty() ? "" : rule.substring(1);
        switch (first) {
            case '>' -> addHash(sha256Hex(operand.getBytes(StandardCharsets.UTF_8)));
            case '#' -> addHash(validHash(operand));
            case '<' -> removeHash(sha256Hex(operand.getBytes(StandardCharsets.UTF_8)));
            case '!' -> removeHash(validHash(operand));
            case '(' -> addSelector(rule, pubsubDefaultAll);
            default -> root.apply(rule);
        }
    }

    /** {@code (rule rule ...)}: a new selector made of the rules between the parentheses. */
    private void addSelector(String rule, boolean pubsubDefaultAll) {
        if (!rule.endsWith(")") || rule.length() < 2) {
            throw new AclRuleException("Syntax error");
        }
        Selector selector = new Selector(catalog, pubsubDefaultAll);
        for (String part : rule.substring(1, rule.length() - 1).split(" ")) {
            if (!part.isEmpty()) {
                selector.apply(part);
            }
        }
        selectors.add(selector);
    }

    private void addHash(String hash) {
        passwordHashes.add(hash);
        noPass = false;
    }

    private void removeHash(String hash) {
        if (!passwordHashes.remove(hash)) {
            throw new AclRuleException("The password you are trying to remove from the user does not exist");
        }
        noPass = false;
    }

    private static String validHash(String hash) {
        if (hash.length() != 64 || !hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new AclRuleException("The password hash must be exactly 64 characters and contain only "
                    + "lowercase hexadecimal characters");
        }
        return hash;
    }

    /**
     * Why the user may not run {@code spec} with {@code args}, or null when the root selector or any
     * other selector allows it. When all refuse, the most telling refusal is reported, as Redis 7.0
     * does: a channel before a key before the command.
     */
    Denial check(CommandSpec spec, byte[][] args) {
        Denial worst = root.check(spec, args);
        if (worst == null) {
            return null;
        }
        for (Selector selector : selectors) {
            Denial denial = selector.check(spec, args);
            if (denial == null) {
                return null;
            }
            if (rank(denial) > rank(worst)) {
                worst = denial;
            }
        }
        return worst;
    }

    private static int rank(Denial denial) {
        return switch (denial.reason()) {
            case "command" -> 1;
            case "key" -> 2;
            default -> 4;
        };
    }

    /** The channels the root selector and the others grant together. */
    ChannelGrant channelGrant() {
        boolean all = root.allowsAllChannels();
        Set<String> patterns = new LinkedHashSet<>(root.channelPatterns());
        for (Selector selector : selectors) {
            all |= selector.allowsAllChannels();
            patterns.addAll(selector.channelPatterns());
        }
        return new ChannelGrant(all, Set.copyOf(patterns));
    }

    /** ACL GETUSER's flags. */
    List<String> flags() {
        List<String> flags = new ArrayList<>();
        flags.add(enabled ? "on" : "off");
        if (noPass) {
            flags.add("nopass");
        }
        if (payloadFlag != null) {
            flags.add(payloadFlag);
        }
        return flags;
    }

    List<String> passwordHashes() {
        return List.copyOf(passwordHashes);
    }

    Selector root() {
        return root;
    }

    List<Selector> selectors() {
        return List.copyOf(selectors);
    }

    /** The whole rule set after the user name, as ACL LIST and ACL SAVE write it. */
    String describe() {
        StringBuilder text = new StringBuilder(String.join(" ", flags()));
        passwordHashes.forEach(hash -> text.append(" #").append(hash));
        text.append(' ').append(root.describe());
        selectors.forEach(selector -> text.append(" (").append(selector.describe()).append(')'));
        return text.toString();
    }
}
