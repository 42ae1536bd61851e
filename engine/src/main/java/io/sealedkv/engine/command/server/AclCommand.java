package io.sealedkv.engine.command.server;

import io.sealedkv.engine.acl.Acl;
import io.sealedkv.engine.acl.AclLog;
import io.sealedkv.engine.acl.AclUser;
import io.sealedkv.engine.acl.ChannelGrant;
import io.sealedkv.engine.acl.Denial;
import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.pubsub.PubSub;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ACL and its subcommands: users, their rules, the log, the ACL file, as Redis 7.0. */
public final class AclCommand {
    private static final List<String> HELP = List.of(
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]",
            "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>",
            "    Get the user's details.",
            "GENPASS [<bits>]",
            "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST",
            "    Show users details in config file format.",
            "LOAD",
            "    Reload users from the ACL file.",
            "LOG [<count> | RESET]",
            "    Show the ACL log entries.",
            "SAVE",
            "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create or modify a user with the specified attributes.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
            "HELP",
            "    Prints this help.");

    private AclCommand() {
    }

    static void cat(CommandContext c) {
        Acl acl = c.server().acl();
        if (c.argc() == 2) {
            c.reply().array(acl.catalog().categories().size());
            acl.catalog().categories().forEach(c.reply()::bulk);
            return;
        }
        if (c.argc() > 3) {
            throw badSubcommand(c);
        }
        String category = c.argString(2);
        if (!acl.catalog().isCategory(category)) {
            throw Errors.generic("Unknown category '" + category + "'");
        }
        List<CommandSpec> commands = acl.catalog().inCategory(category);
        c.reply().array(commands.size());
        commands.forEach(spec -> c.reply().bulk(spec.fullName()));
    }

    static void setuser(CommandContext c) {
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) {
            rules.add(c.argString(i));
        }
        Acl.ChannelRevision revision;
        try {
            revision = c.server().acl().setUser(validUserName(c.argString(2)), rules);
        } finally {
            rules.clear();
        }
        if (revision != null) {
            disconnectRevokedSubscribers(c, revision);
        }
        c.reply().ok();
    }

    /**
     * As Redis 7.0: when the new rules take back channels the user had, its connections holding a
     * subscription (channel, shard channel or pattern) that they no longer grant are closed.
     */
    private static void disconnectRevokedSubscribers(CommandContext c, Acl.ChannelRevision revision) {
        ChannelGrant now = revision.after();
        if (now.keeps(revision.before())) {
            return;
        }
        PubSub pubSub = c.server().pubSub();
        List<ClientSession> revoked = new ArrayList<>();
        for (ClientSession session : c.server().clients().all()) {
            if (session.user() == revision.user() && session.subscriptions().any()) {
                List<byte[]> channels = new ArrayList<>(pubSub.channelsOf(session));
                channels.addAll(pubSub.shardChannelsOf(session));
                if (!now.allows(channels, pubSub.patternsOf(session))) {
                    revoked.add(session);
                }
            }
        }
        close(c, revoked);
    }

    private static String validUserName(String name) {
        if (name.contains(" ") || name.indexOf('\0') >= 0) {
            throw Errors.generic("Usernames can't contain spaces or null characters");
        }
        return name;
    }

    static void getuser(CommandContext c) {
        AclUser user = c.server().acl().user(c.argString(2));
        if (user == null) {
            c.reply().nullBulk();
            return;
        }
        RespWriter reply = c.reply();
        AclUser.Details details = user.details();
        reply.map(6);
        reply.bulk("flags");
        reply.set(details.flags().size()); // a set in RESP3, as Redis
        details.flags().forEach(reply::bulk);
        reply.bulk("passwords");
        reply.array(details.passwordHashes().size());
        details.passwordHashes().forEach(reply::bulk);
        selectorFields(reply, details.root());
        reply.bulk("selectors");
        reply.array(details.selectors().size());
        for (AclUser.SelectorDetails selector : details.selectors()) {
            reply.map(3);
            selectorFields(reply, selector);
        }
    }

    private static void selectorFields(RespWriter reply, AclUser.SelectorDetails selector) {
        reply.bulk("commands");
        reply.bulk(selector.commands());
        reply.bulk("keys");
        reply.bulk(selector.keys());
        reply.bulk("channels");
        reply.bulk(selector.channels());
    }

    static void deluser(CommandContext c) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            names.add(c.argString(i));
        }
        List<AclUser> deleted = c.server().acl().deleteUsers(names);
        disconnect(c, deleted);
        c.reply().integer(deleted.size());
    }

    /** Closes the connections authenticated as one of {@code users}; the caller's own after this reply. */
    private static void disconnect(CommandContext c, List<AclUser> users) {
        close(c, c.server().clients().all().stream().filter(session -> users.contains(session.user())).toList());
    }

    private static void close(CommandContext c, List<ClientSession> sessions) {
        for (ClientSession session : sessions) {
            session.closeAfterReply();
            if (session != c.session()) {
                session.channel().close();
            }
        }
    }

    static void list(CommandContext c) {
        List<AclUser> users = c.server().acl().users();
        c.reply().array(users.size());
        users.forEach(user -> c.reply().bulk(user.describe()));
    }

    static void users(CommandContext c) {
        List<AclUser> users = c.server().acl().users();
        c.reply().array(users.size());
        users.forEach(user -> c.reply().bulk(user.name()));
    }

    static void whoami(CommandContext c) {
        c.reply().bulk(c.session().user().name());
    }

    static void genpass(CommandContext c) {
        long bits = 256;
        if (c.argc() == 3) {
            long parsed = c.argLong(2);
            if (parsed <= 0 || parsed > 4096) {
                throw Errors.generic("ACL GENPASS argument must be the number of bits for the output password, "
                        + "a positive number up to 4096");
            }
            bits = parsed;
        } else if (c.argc() > 3) {
            throw badSubcommand(c);
        }
        c.reply().bulk(Acl.generatePassword((int) bits));
    }

    static void log(CommandContext c) {
        AclLog log = c.server().acl().log();
        long count = 10;
        if (c.argc() == 3) {
            if (c.argIs(2, "reset")) {
                log.reset();
                c.reply().ok();
                return;
            }
            Long parsed = Args.tryParseLong(c.arg(2));
            if (parsed == null) {
                throw Errors.notInteger();
            }
            count = Math.max(0, parsed); // Redis 7.0 answers a negative count with no entries
        } else if (c.argc() > 3) {
            throw badSubcommand(c);
        }
        long now = System.currentTimeMillis();
        List<AclLog.Entry> entries = log.latest(count);
        RespWriter reply = c.reply();
        reply.array(entries.size());
        for (AclLog.Entry entry : entries) {
            reply.map(7);
            reply.bulk("count");
            reply.integer(entry.count());
            reply.bulk("reason");
            reply.bulk(entry.reason());
            reply.bulk("context");
            reply.bulk(entry.context());
            reply.bulk("object");
            reply.bulk(entry.object());
            reply.bulk("username");
            reply.bulk(entry.username());
            reply.bulk("age-seconds");
            reply.doubleValue(seventeenDigits(entry.ageSeconds(now)));
            reply.bulk("client-info");
            reply.bulk(entry.clientInfo());
        }
    }

    /** A double as C's {@code %.17g} prints it (Redis's double replies). */
    private static String seventeenDigits(double value) {
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(17)).stripTrailingZeros().toPlainString();
    }

    static void save(CommandContext c) {
        try {
            c.server().acl().save();
        } catch (IOException e) {
            throw Errors.generic("There was an error trying to save the ACLs. Please check the server logs for "
                    + "more information");
        }
        c.reply().ok();
    }

    static void load(CommandContext c) {
        String error = c.server().acl().load();
        if (error != null) {
            throw Errors.generic(error);
        }
        disconnect(c, c.server().acl().lastRemoved());
        c.reply().ok();
    }

    static void dryrun(CommandContext c) {
        String name = c.argString(2);
        AclUser user = c.server().acl().user(name);
        if (user == null) {
            throw Errors.generic("User '" + name + "' not found");
        }
        CommandSpec spec = c.server().commands().find(c.arg(3));
        if (spec == null) {
            throw Errors.generic("Command '" + c.argString(3) + "' not found");
        }
        byte[][] args = new byte[c.argc() - 3][];
        for (int i = 3; i < c.argc(); i++) {
            args[i - 3] = c.arg(i);
        }
        if (spec.isContainer() && args.length >= 2) {
            CommandSpec sub = spec.subcommands().get(Text.lower(args[1]));
            if (sub == null) {
                throw Errors.generic("Command '" + c.argString(3) + "' not found");
            }
            spec = sub;
        }
        if (!spec.arityAccepts(args.length)) {
            throw Errors.wrongArity(spec.fullName());
        }
        Denial denial = c.server().acl().check(user, spec, args);
        Arrays.fill(args, null);
        if (denial == null) {
            c.reply().ok();
        } else {
            c.reply().bulk(denial.dryRunText());
        }
    }

    /** Redis's error for extra arguments to a subcommand with optional ones, naming it as the client typed it. */
    private static RuntimeException badSubcommand(CommandContext c) {
        return Errors.subcommandSyntax(c.argString(1), "acl");
    }

    static void help(CommandContext c) {
        c.reply().lines(HELP);
    }

    /** The ACL command's table entry. */
    public static List<CommandSpec> table() {
        String admin = "admin noscript loading stale";
        String plain = "noscript loading stale";
        return List.of(CommandSpec.builder("acl", -2, "server", null)
            .sub(sub("cat", -2, plain).handler(AclCommand::cat))
            .sub(sub("deluser", -3, admin).handler(AclCommand::deluser))
            .sub(sub("dryrun", -4, admin).handler(AclCommand::dryrun))
            .sub(sub("genpass", -2, plain).handler(AclCommand::genpass))
            .sub(sub("getuser", 3, admin)
                    .handler(AclCommand::getuser))
            .sub(sub("list", 2, admin).handler(AclCommand::list))
            .sub(sub("load", 2, admin).handler(AclCommand::load))
            .sub(sub("log", -2, admin).handler(AclCommand::log))
            .sub(sub("save", 2, admin).handler(AclCommand::save))
            .sub(sub("setuser", -3, admin).handler(AclCommand::setuser))
            .sub(sub("users", 2, admin).handler(AclCommand::users))
            .sub(sub("whoami", 2, plain).handler(AclCommand::whoami))
            .sub(sub("help", 2, "loading stale")
                    .handler(AclCommand::help))
            .container());
    }

    private static CommandSpec.Builder sub(String name, int arity, String flags) {
        return CommandSpec.builder(name, arity, "server", null).flags(flags);
    }
}
