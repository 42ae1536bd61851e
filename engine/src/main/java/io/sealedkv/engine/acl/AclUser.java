package io.sealedkv.engine.acl;

import java.util.ArrayList;
import java.util.List;

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

    /** The channels the user's current rules grant. */
    public ChannelGrant channelGrant() {
        return permissions.channelGrant();
    }

    /** What ACL GETUSER shows, taken from one version of the rules. */
    public Details details() {
        Permissions current = permissions;
        List<SelectorDetails> selectors = new ArrayList<>();
        current.selectors().forEach(selector -> selectors.add(SelectorDetails.of(selector)));
        return new Details(current.flags(), current.passwordHashes(), SelectorDetails.of(current.root()), selectors);
    }

    /** ACL GETUSER's fields. */
    public record Details(List<String> flags, List<String> passwordHashes, SelectorDetails root,
                          List<SelectorDetails> selectors) {
    }

    /** The commands, keys and channels of one selector as ACL GETUSER shows them. */
    public record SelectorDetails(String commands, String keys, String channels) {
        static SelectorDetails of(Selector selector) {
            return new SelectorDetails(selector.commandRules(), selector.keysText(), selector.channelsText());
        }
    }
}
