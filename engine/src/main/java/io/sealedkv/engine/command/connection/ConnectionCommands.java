package io.sealedkv.engine.command.connection;

import io.sealedkv.engine.acl.Acl;
import io.sealedkv.engine.acl.AclUser;
import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.pubsub.PubSubCommands;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import io.sealedkv.engine.server.ReplyMode;
import io.sealedkv.engine.server.SealedKvServer;
import java.util.List;

/** Connection commands: PING, ECHO, QUIT, SELECT, SWAPDB, AUTH, HELLO, RESET. CLIENT is in {@link ClientCommand}. */
public final class ConnectionCommands {
    private ConnectionCommands() {
    }

    static void ping(CommandContext c) {
        if (c.argc() > 2) {
            throw Errors.wrongArity(c.spec().fullName());
        }
        if (c.session().subscriptions().any() && !c.reply().resp3()) {
            c.reply().array(2);
            c.reply().bulk("pong");
            c.reply().bulk(c.argc() == 2 ? c.arg(1) : new byte[0]);
        } else if (c.argc() == 2) {
            c.reply().bulk(c.arg(1));
        } else {
            c.reply().simple("PONG");
        }
    }

    static void echo(CommandContext c) {
        c.reply().bulk(c.arg(1));
    }

    static void quit(CommandContext c) {
        c.reply().ok();
        c.session().closeAfterReply();
    }

    static void select(CommandContext c) {
        long index = c.argLong(1);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw Errors.generic("value is out of range, value must between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE);
        }
        c.session().database(databaseIndex(c, c.arg(1), Errors.notInteger()));
        c.reply().ok();
    }

    private static int databaseIndex(CommandContext c, byte[] arg, CommandException notANumber) {
        Long index = Args.tryParseLong(arg);
        if (index == null || index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw notANumber;
        }
        if (index < 0 || index >= c.keyspace().databaseCount()) {
            throw Errors.dbIndexOutOfRange();
        }
        return (int) (long) index;
    }

    static void swapdb(CommandContext c) {
        int first = databaseIndex(c, c.arg(1), Errors.generic("invalid first DB index"));
        int second = databaseIndex(c, c.arg(2), Errors.generic("invalid second DB index"));
        try (var lock = c.lock()) {
            Database a = c.keyspace().database(first);
            Database b = c.keyspace().database(second);
            if (a != b) {
                c.keyspace().writes().swap(a, b);
            }
        }
        c.reply().ok();
    }

    static void auth(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        if (c.argc() == 2 && !c.server().acl().defaultUserRequiresPassword()) {
            throw Errors.generic("AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        byte[] user = c.argc() == 3 ? c.arg(1) : null;
        authenticate(c, user, c.arg(c.argc() - 1));
        c.reply().ok();
    }

    /** Authenticates as {@code user} (default when null); a failure is logged in ACL LOG without the password. */
    private static void authenticate(CommandContext c, byte[] user, byte[] password) {
        String name = user == null ? Acl.DEFAULT_USER : Text.of(user);
        AclUser authenticated = c.server().acl().authenticate(name, password);
        if (authenticated == null) {
            String context = c.session().transaction().active() ? "multi" : "toplevel";
            // the object is the command name as the client spelled it (Redis's argv[0])
            c.server().acl().logDenial("auth", context, c.argString(0), name, c.session().describe());
            throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
        }
        c.session().authenticatedAs(authenticated);
    }

    static void hello(CommandContext c) {
        int version = c.session().protocol();
        int i = 1;
        if (c.argc() >= 2) {
            Long requested = Args.tryParseLong(c.arg(1));
            if (requested == null) {
                throw Errors.generic("Protocol version is not an integer or out of range");
            }
            if (requested < 2 || requested > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            version = (int) (long) requested;
            i = 2;
        }
        byte[] user = null;
        byte[] password = null;
        String name = null;
        for (; i < c.argc(); i++) {
            if (c.argIs(i, "auth") && c.argc() - i - 1 >= 2) {
                user = c.arg(i + 1);
                password = c.arg(i + 2);
                i += 2;
            } else if (c.argIs(i, "setname") && c.argc() - i - 1 >= 1) {
                name = ClientCommand.validName(c.arg(i + 1));
                i += 1;
            } else {
                throw Errors.generic("Syntax error in HELLO option '" + c.argString(i) + "'");
            }
        }
        if (password != null) {
            authenticate(c, user, password);
        }
        if (!c.session().authenticated()) {
            throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the "
                    + "client and select the RESP protocol version at the same time");
        }
        if (name != null) {
            c.session().name(name);
        }
        c.session().protocol(version);
        RespWriter reply = c.reply();
        reply.map(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(SealedKvServer.REDIS_VERSION);
        reply.bulk("proto");
        reply.integer(version);
        reply.bulk("id");
        reply.integer(c.session().id());
        reply.bulk("mode");
        reply.bulk("standalone");
        reply.bulk("role");
        reply.bulk("master");
        reply.bulk("modules");
        reply.array(0);
    }

    static void reset(CommandContext c) {
        ClientSession session = c.session();
        boolean repliesOff = session.replyMode() == ReplyMode.OFF; // SKIP (this command's) still skips +RESET
        c.server().endTransaction(session);
        c.server().pubSub().unsubscribeAll(session);
        PubSubCommands.writeMessagesTakenBefore(c);
        c.server().monitoring().monitors().remove(session);
        session.reset(c.server().acl());
        c.server().tracking().disable(session);
        if (repliesOff) {
            c.reply().muted(false);
        }
        c.reply().simple("RESET");
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("ping", -1).flags("fast").tips("request_policy:all_shards response_policy:all_succeeded")
                .run(ConnectionCommands::ping),
            cmd("echo", 2).flags("loading stale fast")
                .run(ConnectionCommands::echo),
            cmd("quit", -1).flags("noscript loading stale fast no_auth allow_busy")
                .run(ConnectionCommands::quit),
            cmd("select", 2).flags("loading stale fast")
                .run(ConnectionCommands::select),
            CommandSpec.builder("swapdb", 3, "server", "keyspace").flags("write fast").acl("dangerous")
                .run(ConnectionCommands::swapdb),
            cmd("auth", -2).flags("noscript loading stale fast no_auth allow_busy")
                .run(ConnectionCommands::auth),
            cmd("hello", -1).flags("noscript loading stale fast no_auth allow_busy")
                .run(ConnectionCommands::hello),
            cmd("reset", 1).flags("noscript loading stale fast no_auth allow_busy")
                .run(ConnectionCommands::reset),
            ClientCommand.spec());
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "connection", "connection");
    }
}
