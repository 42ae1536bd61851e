package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLineSplitter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ACL users of a server, as in Redis 7.0: the {@code default} user (its password is
 * {@code requirepass}), users from {@code user} directives or from the {@code aclfile}, changed by ACL
 * SETUSER/DELUSER/LOAD. {@link #check} is the one permission check the dispatcher (and EXEC, and ACL
 * DRYRUN) asks. Passwords are kept only as SHA-256 hashes.
 */
public final class Acl {
    public static final String DEFAULT_USER = "default";
    private static final String NOT_CONFIGURED = "This Redis instance is not configured to use an ACL file. You may "
            + "want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have "
            + "a Redis configuration file set) in order to store users in the Redis configuration.";
    private static final String FILE_AND_DIRECTIVES = "Configuring Redis with users defined in redis.conf and at "
            + "the same setting an ACL file path is invalid. This setup is very likely to lead to configuration "
            + "errors and security holes, please define either an ACL file or declare users directly in your "
            + "redis.conf, but not both.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Config config;
    private final CommandCatalog catalog;
    private final Map<String, AclUser> users = new TreeMap<>();
    private final AclUser defaultUser;
    private final AclLog log;
    private List<AclUser> removed = List.of();

    public Acl(Config config, CommandTable commands) {
        this.config = config;
        this.catalog = new CommandCatalog(commands);
        this.defaultUser = new AclUser(DEFAULT_USER, defaultPermissions());
        users.put(DEFAULT_USER, defaultUser);
        this.log = new AclLog(() -> config.longValue("acllog-max-len"));
        applyRequirePass(config.stringValue("requirepass"));
        config.parameter("requirepass").onChange(value -> applyRequirePass((String) value));
    }

    /**
     * Applies the config file's {@code user} directives and loads the {@code aclfile}, refusing (with a
     * message naming the problem) both at once, a bad directive or a bad file, as redis-server refuses
     * to start.
     */
    public void loadAtStartup() {
        List<List<String>> directives = config.userDirectives();
        String file = config.stringValue("aclfile");
        if (!file.isEmpty() && !directives.isEmpty()) {
            throw new IllegalStateException(FILE_AND_DIRECTIVES);
        }
        if (!file.isEmpty()) {
            String error = load();
            if (error != null) {
                throw new IllegalStateException("Aborting Redis startup because of ACL errors: " + error);
            }
            return;
        }
        Map<String, Permissions> declared = new LinkedHashMap<>();
        for (List<String> directive : directives) {
            try {
                declare(declared, directive);
            } catch (AclRuleException e) {
                throw new IllegalStateException("Error in user declaration '" + directive.get(0) + "': "
                        + e.getMessage());
            }
        }
        synchronized (this) {
            replaceAll(declared);
        }
    }

    public CommandCatalog catalog() {
        return catalog;
    }

    public AclLog log() {
        return log;
    }

    public AclUser defaultUser() {
        return defaultUser;
    }

    /**
     * The one answer to "does the default user need a password": false when it is on and {@code nopass}.
     * Protected mode and the authentication state of new connections should ask this.
     */
    public boolean defaultUserRequiresPassword() {
        return !defaultUser.openWithoutPassword();
    }

    public synchronized AclUser user(String name) {
        return users.get(name);
    }

    public synchronized List<AclUser> users() {
        return List.copyOf(users.values());
    }

    /** The user {@code name} when it is on and {@code password} is one of its passwords (or nopass); else null. */
    public AclUser authenticate(String name, byte[] password) {
        AclUser user = user(name);
        if (user == null) {
            return null;
        }
        Permissions permissions = user.permissions();
        boolean ok = permissions.enabled() && (permissions.noPass() | permissions.passwordMatches(password));
        return ok ? user : null;
    }

    /** Why {@code user} may not run {@code spec} with {@code args}, or null when it may. */
    public Denial check(AclUser user, CommandSpec spec, byte[][] args) {
        return user.permissions().check(spec, args);
    }

    /** ACL LOG entry for a denial or failed authentication ({@code context}: toplevel, multi). */
    public void logDenial(String reason, String context, String object, String username, String clientInfo) {
        log.add(reason, context, object, username, clientInfo);
    }

    /**
     * ACL SETUSER: applies every rule to a copy of the user's permissions (a fresh, disabled user when it
     * does not exist) and installs the result only when all rules applied.
     *
     * @return the user changed and the channels it was granted before, to find subscribers who lost theirs;
     *         null for a new user
     * @throws AclRuleException with Redis's whole error text
     */
    public synchronized ChannelRevision setUser(String name, List<String> rules) {
        AclUser existing = users.get(name);
        Permissions permissions = existing == null ? newPermissions() : existing.permissions().copy();
        applyRules(permissions, rules, "Error in ACL SETUSER modifier '%s': %s");
        if (existing == null) {
            users.put(name, new AclUser(name, permissions));
            return null;
        }
        ChannelGrant before = existing.channelGrant();
        existing.permissions(permissions);
        return new ChannelRevision(existing, before, permissions.channelGrant());
    }

    /**
     * The channels ACL SETUSER granted {@code user} before and after its change, kept with the user object
     * changed: an ACL DELUSER right after may already have removed that user from the table.
     */
    public record ChannelRevision(AclUser user, ChannelGrant before, ChannelGrant after) {
    }

    /** Applies {@code rules} in order; a selector given over several arguments ({@code "(~a" "+get)"}) is one rule. */
    private void applyRules(Permissions permissions, List<String> rules, String format) {
        for (int i = 0; i < rules.size(); i++) {
            String rule = rules.get(i);
            if (rule.startsWith("(") && !rule.endsWith(")")) {
                int end = i + 1;
                while (end < rules.size() && !rules.get(end).endsWith(")")) {
                    end++;
                }
                if (end == rules.size()) {
                    throw new AclRuleException("Unmatched parenthesis in acl selector starting at '" + rule + "'.");
                }
                rule = String.join(" ", rules.subList(i, end + 1));
                i = end;
            }
            try {
                permissions.apply(rule, pubsubDefaultAll());
            } catch (AclRuleException e) {
                throw new AclRuleException(String.format(format, rule, e.getMessage()));
            }
        }
    }

    /**
     * ACL DELUSER: removes the named users ({@code default} cannot be) and returns them, so that their
     * connections can be closed.
     */
    public synchronized List<AclUser> deleteUsers(List<String> names) {
        if (names.contains(DEFAULT_USER)) {
            throw new AclRuleException("The 'default' user cannot be removed");
        }
        List<AclUser> deleted = new ArrayList<>();
        for (String name : names) {
            AclUser user = users.remove(name);
            if (user != null) {
                deleted.add(user);
            }
        }
        return deleted;
    }

    /** ACL GENPASS: {@code bits} random bits as lower-case hex, rounded up to whole hex digits. */
    public static String generatePassword(int bits) {
        int chars = (bits + 3) / 4;
        byte[] random = new byte[(chars + 1) / 2];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random).substring(0, chars);
    }

    /** ACL SAVE: every user's line into the aclfile, written to a temporary file first and moved over it. */
    public void save() throws IOException {
        Path file = aclFile();
        StringBuilder text = new StringBuilder();
        for (AclUser user : users()) {
            text.append(user.describe()).append('\n');
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.UTF_8.encode(text.toString()));
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * ACL LOAD: reads the whole aclfile and replaces the users only when every line is valid; returns
     * the error text otherwise. Users that disappear are returned through {@link #lastRemoved()} so their
     * connections can be closed.
     */
    public String load() {
        Path file = aclFile();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + file + "': " + e.getMessage();
        }
        Map<String, Permissions> declared = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = ConfigLineSplitter.split(line);
            if (words == null) {
                errors.add(file + ":" + (n + 1) + ": unbalanced quotes in acl line. ");
            } else if (!words.get(0).equals("user") || words.size() < 2) {
                errors.add(file + ":" + (n + 1) + ": should start with user keyword. ");
            } else if (declared.containsKey(words.get(1))) {
                errors.add(file + ":" + (n + 1) + ": Duplicate user '" + words.get(1) + "' found. ");
            } else {
                try {
                    declare(declared, words.subList(1, words.size()));
                } catch (AclRuleException e) {
                    errors.add(file + ":" + (n + 1) + ": " + e.getMessage() + ". ");
                }
            }
        }
        if (!errors.isEmpty()) {
            return String.join("", errors);
        }
        synchronized (this) {
            removed = replaceAll(declared);
        }
        return null;
    }

    /** The users the last {@link #load()} removed. */
    public synchronized List<AclUser> lastRemoved() {
        return removed;
    }

    private void declare(Map<String, Permissions> declared, List<String> words) {
        if (words.isEmpty()) {
            throw new AclRuleException("Syntax error");
        }
        String name = words.get(0);
        if (name.startsWith(">") || name.startsWith("~") || name.contains(" ")) {
            throw new AclRuleException("Usernames can't contain spaces or null characters");
        }
        Permissions permissions = newPermissions();
        applyRules(permissions, words.subList(1, words.size()), "Error in user declaration '" + name
                + "' modifier '%s': %s");
        declared.put(name, permissions);
    }

    /** Installs {@code declared} as the whole user set; the default user keeps its defaults when not declared. */
    private List<AclUser> replaceAll(Map<String, Permissions> declared) {
        List<AclUser> gone = new ArrayList<>();
        for (AclUser user : List.copyOf(users.values())) {
            if (!user.name().equals(DEFAULT_USER) && !declared.containsKey(user.name())) {
                users.remove(user.name());
                gone.add(user);
            }
        }
        if (!declared.containsKey(DEFAULT_USER)) {
            defaultUser.permissions(defaultPermissions());
            applyRequirePass(config.stringValue("requirepass"));
        }
        declared.forEach((name, permissions) -> {
            AclUser user = users.get(name);
            if (user == null) {
                users.put(name, new AclUser(name, permissions));
            } else {
                user.permissions(permissions);
            }
        });
        return gone;
    }

    private Path aclFile() {
        String file = config.stringValue("aclfile");
        if (file.isEmpty()) {
            throw new AclRuleException(NOT_CONFIGURED);
        }
        return Path.of(file);
    }

    /** {@code requirepass}: the default user's only password, or nopass when empty, as in Redis. */
    private synchronized void applyRequirePass(String password) {
        Permissions permissions = defaultUser.permissions().copy();
        permissions.apply("resetpass", false);
        if (password.isEmpty()) {
            permissions.apply("nopass", false);
        } else {
            permissions.apply(">" + password, false);
        }
        defaultUser.permissions(permissions);
    }

    private Permissions defaultPermissions() {
        Permissions permissions = new Permissions(catalog, true);
        for (String rule : List.of("on", "nopass", "allkeys", "allchannels", "allcommands")) {
            permissions.apply(rule, true);
        }
        return permissions;
    }

    private Permissions newPermissions() {
        return new Permissions(catalog, pubsubDefaultAll());
    }

    private boolean pubsubDefaultAll() {
        return config.stringValue("acl-pubsub-default").equals("allchannels");
    }
}
