package io.sealedkv.engine.acl;

/**
 * One ACL user: a stable identity that connections point to, and its current {@link Permissions},
 * replaced whole by ACL SETUSER / ACL LOAD so that connections authenticated as the user see the new
 * rules from their next command on.
 */
public final class AclUser {
    private final String name;
    private volatile Permissions permissions;

    AclUser(String name, Permissions permissions) {
        this.name = name;
        this.permissions = permissions;
    }

    public String name() {
        return name;
    }

    Permissions permissions() {
        return permissions;
    }

    void permissions(Permissions replacement) {
        this.permissions = replacement;
    }

    public boolean enabled() {
        return permissions.enabled();
    }

    /** True when the user is on and needs no password: a new connection starts authenticated as it. */
    public boolean openWithoutPassword() {
        Permissions current = permissions;
        return current.enabled() && current.noPass();
    }

    /** The line ACL LIST and ACL SAVE write for the user. */
    public String describe() {
        return "user " + name + " " + permissions.describe();
    }

    /** What ACL GETUSER shows, taken from one version of the rules. */
    public Details details() {
        Permissions current = permissions;
        return new Details(current.flags(), current.passwordHashes(), current.commandRules(), current.keysText(),
                current.channelsText());
    }

    /** ACL GETUSER's fields. */
    public record Details(java.util.List<String> flags, java.util.List<String> passwordHashes, String commands,
                          String keys, String channels) {
    }
}
