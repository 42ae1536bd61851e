package io.sealedkv.engine.command.connection;

import io.sealedkv.engine.blocking.Timeouts;
import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.server.ClientSession;
import io.sealedkv.engine.server.ReplyMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** CLIENT and its subcommands: ID, SETNAME, GETNAME, LIST, KILL, INFO, NO-EVICT, REPLY, HELP. */
final class ClientCommand {
    /** Redis 7.0.15's CLIENT HELP, line for line (every subcommand it lists is implemented here). */
    private static final List<String> HELP = List.of(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
            "HELP",
            "    Prints this help.");

    private ClientCommand() {
    }

    /** A valid connection name (printable ASCII, no spaces), or a CLIENT SETNAME error. */
    static String validName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw Errors.generic("Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return Text.of(name);
    }

    static void id(CommandContext c) {
        c.reply().integer(c.session().id());
    }

    static void setname(CommandContext c) {
        c.session().name(validName(c.arg(2)));
        c.reply().ok();
    }

    static void getname(CommandContext c) {
        String name = c.session().name();
        if (name.isEmpty()) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(name);
        }
    }

    static void info(CommandContext c) {
        c.reply().verbatim(c.session().describe() + "\n");
    }

    /** CLIENT LIST [TYPE type | ID id [id ...]]: one filter, as in Redis 7.0. */
    static void list(CommandContext c) {
        List<ClientSession> selected = new ArrayList<>(c.server().clients().all());
        if (c.argc() == 4 && c.argIs(2, "type")) {
            String type = clientType(c.arg(3));
            selected.removeIf(session -> !session.type().equals(type));
        } else if (c.argc() >= 4 && c.argIs(2, "id")) {
            selected = byIds(c);
        } else if (c.argc() != 2) {
            throw Errors.syntax();
        }
        StringBuilder text = new StringBuilder();
        for (ClientSession session : selected) {
            text.append(session.describe()).append('\n');
        }
        c.reply().verbatim(text.toString());
    }

    /** As Redis 7.0: one line per id argument that names a client, in argument order (repeats included). */
    private static List<ClientSession> byIds(CommandContext c) {
        List<ClientSession> found = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) {
            Long id = Args.tryParseLong(c.arg(i));
            if (id == null) {
                throw Errors.generic("Invalid client ID");
            }
            ClientSession session = c.server().clients().byId(id);
            if (session != null) {
                found.add(session);
            }
        }
        return found;
    }

    static void kill(CommandContext c) {
        if (c.argc() == 3) {
            List<ClientSession> found = c.server().clients().byAddress(c.argString(2));
            if (found.isEmpty()) {
                throw Errors.generic("No such client");
            }
            found.forEach(session -> close(c, session));
            c.reply().ok();
            return;
        }
        if (c.argc() % 2 != 0) {
            throw Errors.syntax();
        }
        KillFilter filter = KillFilter.parse(c);
        int killed = 0;
        for (ClientSession session : c.server().clients().all()) {
            if (filter.matches(session, c.session())) {
                close(c, session);
                killed++;
            }
        }
        c.reply().integer(killed);
    }

    /** The target runs nothing more from the moment it is killed, even before its channel is closed. */
    private static void close(CommandContext c, ClientSession session) {
        session.closeAfterReply();
        if (session != c.session()) {
            session.channel().close();
        }
    }

    static void noEvict(CommandContext c) {
        c.session().noEvict(onOff(c));
        c.reply().ok();
    }

    static void reply(CommandContext c) {
        ReplyMode mode;
        if (c.argIs(2, "on")) {
            mode = ReplyMode.ON;
        } else if (c.argIs(2, "off")) {
            mode = ReplyMode.OFF;
        } else if (c.argIs(2, "skip")) {
            if (c.session().replyMode() == ReplyMode.OFF) {
                return; // as Redis: SKIP does not turn OFF back on for one command
            }
            mode = ReplyMode.SKIP;
        } else {
            throw Errors.syntax();
        }
        c.session().replyMode(mode);
        if (mode == ReplyMode.ON) {
            c.reply().muted(false);
            c.reply().ok();
        } else if (mode == ReplyMode.OFF) {
            // at once, so the rest of an EXEC's reply too, as Redis (SKIP waits for the next command)
            c.reply().muted(true);
        }
    }

    private static boolean onOff(CommandContext c) {
        if (c.argIs(2, "on")) {
            return true;
        }
        if (c.argIs(2, "off")) {
            return false;
        }
        throw Errors.syntax();
    }

    static void help(CommandContext c) {
        c.reply().lines(HELP);
    }

    /** A client type as CLIENT LIST and KILL take it, in {@link ClientSession#type}'s words ("replica" is "slave"). */
    private static String clientType(byte[] typed) {
        String type = Text.lower(typed);
        if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
            throw Errors.generic("Unknown client type '" + Text.of(typed) + "'");
        }
        return type.equals("replica") ? "slave" : type;
    }

    /** The filters of the new form of CLIENT KILL; a null filter matches every client. */
    private record KillFilter(Long id, String addr, String laddr, String user, String type, boolean skipMe) {
        static KillFilter parse(CommandContext c) {
            Long id = null;
            String addr = null;
            String laddr = null;
            String user = null;
            String type = null;
            boolean skipMe = true;
            for (int i = 2; i < c.argc(); i += 2) {
                byte[] value = c.arg(i + 1);
                if (c.argIs(i, "id")) {
                    id = Args.tryParseLong(value);
                    if (id == null || id <= 0) {
                        throw Errors.generic("client-id should be greater than 0");
                    }
                } else if (c.argIs(i, "addr")) {
                    addr = Text.of(value);
                } else if (c.argIs(i, "laddr")) {
                    laddr = Text.of(value);
                } else if (c.argIs(i, "user")) {
                    user = Text.of(value);
                    if (c.server().acl().user(user) == null) {
                        throw Errors.generic("No such user '" + user + "'");
                    }
                } else if (c.argIs(i, "type")) {
                    type = clientType(value);
                } else if (c.argIs(i, "skipme")) {
                    if (Text.is(value, "yes")) {
                        skipMe = true;
                    } else if (Text.is(value, "no")) {
                        skipMe = false;
                    } else {
                        throw Errors.syntax();
                    }
                } else {
                    throw Errors.syntax();
                }
            }
            return new KillFilter(id, addr, laddr, user, type, skipMe);
        }

        boolean matches(ClientSession session, ClientSession self) {
            return (type == null || session.type().equals(type))
                    && (id == null || session.id() == id)
                    && (addr == null || session.address().equals(addr))
                    && (laddr == null || session.localAddress().equals(laddr))
                    && (user == null || session.user().name().equals(user))
                    && !(skipMe && session == self);
        }
    }

    /** CLIENT TRACKING on|off [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP], parsed as Redis does. */
    static void tracking(CommandContext c) {
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (c.argIs(i, "redirect") && more) {
                if (redirect != 0) {
                    throw Errors.generic("A client can only redirect to a single other client");
                }
                redirect = c.argLong(++i);
                if (c.server().clients().byId(redirect) == null) {
                    throw Errors.generic("The client ID you want redirect to does not exist");
                }
            } else if (c.argIs(i, "bcast")) {
                bcast = true;
            } else if (c.argIs(i, "optin")) {
                optin = true;
            } else if (c.argIs(i, "optout")) {
                optout = true;
            } else if (c.argIs(i, "noloop")) {
                noloop = true;
            } else if (c.argIs(i, "prefix") && more) {
                prefixes.add(c.arg(++i));
            } else {
                throw Errors.syntax();
            }
        }
        try (var lock = c.lock()) {
            if (c.argIs(2, "on")) {
                c.server().tracking().enable(c.session(), redirect, bcast, optin, optout, noloop, prefixes);
            } else if (c.argIs(2, "off")) {
                c.server().tracking().disable(c.session());
            } else {
                throw Errors.syntax();
            }
        }
        c.reply().ok();
    }

    static void caching(CommandContext c) {
        Boolean yes = c.argIs(2, "yes") ? Boolean.TRUE : c.argIs(2, "no") ? Boolean.FALSE : null;
        c.server().tracking().caching(c.session(), yes);
        c.reply().ok();
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as Redis does. */
    static void pause(CommandContext c) {
        if (c.argc() > 4) {
            throw Errors.subcommandSyntax(c.argString(1), "client");
        }
        boolean all = true;
        if (c.argc() == 4) {
            if (c.argIs(3, "write")) {
                all = false;
            } else if (!c.argIs(3, "all")) {
                throw Errors.generic("CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long timeout = Timeouts.parseMillis(c.arg(2));
        long now = System.currentTimeMillis();
        if (timeout > Long.MAX_VALUE - now) {
            throw Errors.generic("timeout is out of range");
        }
        ReentrantLock lock = c.keyspace().lock(); // a write run checks the pause under it before each change
        lock.lock();
        try {
            c.server().clientPause().pause(now + timeout, all);
        } finally {
            lock.unlock();
        }
        c.reply().ok();
    }

    static void unpause(CommandContext c) {
        c.server().clientPause().unpause();
        c.reply().ok();
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 when the client was blocked on keys and is now released. */
    static void unblock(CommandContext c) {
        if (c.argc() > 4) {
            throw Errors.subcommandSyntax(c.argString(1), "client");
        }
        boolean error = false;
        if (c.argc() == 4) {
            if (c.argIs(3, "error")) {
                error = true;
            } else if (!c.argIs(3, "timeout")) {
                throw Errors.generic("CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        ClientSession target = c.server().clients().byId(c.argLong(2));
        c.reply().integer(target != null && c.server().blockedClients().unblock(target, error) ? 1 : 0);
    }

    static void getredir(CommandContext c) {
        c.reply().integer(c.server().tracking().redirect(c.session()));
    }

    static void trackinginfo(CommandContext c) {
        c.server().tracking().writeInfo(c.session(), c.reply());
    }

    static CommandSpec spec() {
        String flags = "noscript loading stale";
        String admin = "admin noscript loading stale";
        return CommandSpec.builder("client", -2, "connection", null)
            .sub(sub("id", 2, flags).handler(ClientCommand::id))
            .sub(sub("setname", 3, flags).handler(ClientCommand::setname))
            .sub(sub("getname", 2, flags)
                .handler(ClientCommand::getname))
            .sub(sub("list", -2, admin).tips("nondeterministic_output")
                .handler(ClientCommand::list))
            .sub(sub("kill", -3, admin)
                .handler(ClientCommand::kill))
            .sub(sub("info", 2, flags).tips("nondeterministic_output")
                .handler(ClientCommand::info))
            .sub(sub("no-evict", 3, admin)
                .handler(ClientCommand::noEvict))
            .sub(sub("reply", 3, flags)
                .handler(ClientCommand::reply))
            .sub(sub("tracking", -3, flags)
                .handler(ClientCommand::tracking))
            .sub(sub("caching", 3, flags).handler(ClientCommand::caching))
            .sub(sub("pause", -3, admin)
                .handler(ClientCommand::pause))
            .sub(sub("unpause", 2, admin)
                .handler(ClientCommand::unpause))
            .sub(sub("unblock", -3, admin)
                .handler(ClientCommand::unblock))
            .sub(sub("getredir", 2, flags).handler(ClientCommand::getredir))
            .sub(sub("trackinginfo", 2, flags).handler(ClientCommand::trackinginfo))
            .sub(sub("help", 2, "loading stale")
                .handler(ClientCommand::help))
            .container();
    }

    private static CommandSpec.Builder sub(String name, int arity, String flags) {
        return CommandSpec.builder(name, arity, "connection", "connection").flags(flags);
    }
}
