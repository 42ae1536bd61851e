package io.sealedkv.engine.server;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandFlag;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.resp.RespWriter;
import java.util.Arrays;

/**
 * Runs one request: finds the command (and subcommand) in the table, checks arity and
 * authentication, executes it on the calling network thread, and maps failures to error replies.
 */
final class Dispatcher {
    private static final int MAX_ARGS_TEXT = 128;

    private final CommandTable table;
    private final SealedKvServer server;

    Dispatcher(CommandTable table, SealedKvServer server) {
        this.table = table;
        this.server = server;
    }

    void dispatch(ClientSession session, byte[][] args) {
        RespWriter reply = session.writer();
        ReplyMode mode = session.replyMode();
        reply.muted(mode != ReplyMode.ON);
        if (mode == ReplyMode.SKIP) {
            session.replyMode(ReplyMode.ON);
        }
        server.stats().commandProcessed();
        CommandSpec spec = resolve(table.find(args[0]), args);
        String error = check(session, spec, args);
        session.touched(spec == null ? Text.lower(args[0]) : spec.name());
        if (error != null) {
            fail(reply, error);
            wipe(args);
            return;
        }
        CommandContext context = session.context();
        context.begin(spec, args);
        try {
            spec.handler().execute(context);
        } catch (RuntimeException e) {
            fail(reply, ErrorReplies.of(e, spec.name()));
        } finally {
            context.end();
        }
    }

    /** The subcommand a container command names, or the command itself. */
    private static CommandSpec resolve(CommandSpec spec, byte[][] args) {
        if (spec == null || !spec.isContainer() || args.length < 2) {
            return spec;
        }
        CommandSpec sub = spec.subcommands().get(Text.lower(args[1]));
        return sub != null ? sub : spec;
    }

    /** The error the request gets before its command runs, or null. */
    private static String check(ClientSession session, CommandSpec spec, byte[][] args) {
        if (spec == null) {
            return unknownCommand(args);
        }
        if (spec.isContainer() && args.length >= 2) {
            return Errors.unknownSubcommand(args[1], spec.name()).getMessage();
        }
        if (!spec.arityAccepts(args.length)) {
            return Errors.wrongArity(spec.fullName()).getMessage();
        }
        if (!session.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            return "NOAUTH Authentication required.";
        }
        return null;
    }

    private void fail(RespWriter reply, String error) {
        server.stats().errorReply();
        reply.error(error);
    }

    private static String unknownCommand(byte[][] args) {
        StringBuilder text = new StringBuilder("ERR unknown command '")
                .append(clean(Text.of(args[0]), MAX_ARGS_TEXT)).append("', with args beginning with: ");
        StringBuilder quoted = new StringBuilder();
        for (int i = 1; i < args.length && quoted.length() < MAX_ARGS_TEXT; i++) {
            quoted.append('\'').append(clean(Text.of(args[i]), MAX_ARGS_TEXT - quoted.length())).append("' ");
        }
        return text.append(quoted).toString();
    }

    private static String clean(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, max);
        return cut.replace('\r', ' ').replace('\n', ' ');
    }

    /** Zeroes request arguments that will not run, as a finished command's are. */
    static void wipe(byte[][] args) {
        for (byte[] arg : args) {
            Arrays.fill(arg, (byte) 0);
        }
    }
}
