package io.sealedkv.engine.server;

import io.sealedkv.engine.acl.Denial;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandHandler;
import io.sealedkv.engine.command.CommandFlag;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.string.StringCommands;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.resp.RespWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one request: finds the command (and subcommand) in the table, checks arity and
 * authentication, executes it on the calling network thread (or queues it inside MULTI), and maps
 * failures to error replies.
 */
final class Dispatcher {
    private static final int MAX_ARGS_TEXT = 128;
    private static final byte[] UNKNOWN_COMMAND = Text.bytes("ERR unknown command '");
    private static final byte[] UNKNOWN_SUBCOMMAND = Text.bytes("ERR unknown subcommand '");
    private static final byte[] WITH_ARGS = Text.bytes("', with args beginning with: ");
    /** What runs at once inside MULTI; everything else is queued for EXEC. */
    private static final Set<String> RUN_INSIDE_MULTI = Set.of("exec", "discard", "multi", "watch", "quit", "reset");
    /** What a RESP2 connection with subscriptions may run. */
    private static final Set<String> SUBSCRIBED_CONTEXT = Set.of("subscribe", "psubscribe", "unsubscribe",
            "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit", "reset");
    /** Writes while a failed reload left the server without keys: a pop would remove what it cannot open. */
    private static final byte[] NO_KEYS = Text.bytes("ERR " + ServerKeystore.NO_KEYS
            + "; commands that seal or open values are refused until a reload succeeds");
    /**
     * The writes that neither seal nor open a value, which run without keys: an operator can still free memory
     * (review-20c F4). RENAME, MOVE and COPY reseal, so they are not among them.
     */
    private static final Set<String> KEYLESS_WRITES = Set.of("del", "unlink", "expire", "pexpire", "expireat",
            "pexpireat", "persist", "flushdb", "flushall");
    /** The reads of keys that open no value (names, types, expiry, lengths kept in clear), which run without keys. */
    private static final Set<String> KEYLESS_READS = Set.of("exists", "type", "ttl", "pttl", "expiretime",
            "pexpiretime", "touch", "llen", "scard", "hlen", "zcard");
    private static final byte[] MISCONF = Text.bytes("MISCONF Redis is configured to save RDB snapshots, but it's "
            + "currently unable to persist to disk. Commands that may modify the data set are disabled, because this "
            + "instance is configured to report errors during writes if RDB snapshotting fails "
            + "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.");
    private static final byte[] OOM = Text.bytes("OOM command not allowed when used memory > 'maxmemory'.");

    private final CommandTable table;
    private final SealedKvServer server;

    Dispatcher(CommandTable table, SealedKvServer server) {
        this.table = table;
        this.server = server;
    }

    /**
     * The command of a request when it is a data command (read or write) with its first key right after
     * the name, as most are: {@link RequestHandler} warms that key before running a pipelined batch.
     * Null for anything else, which the handler runs as it comes.
     */
    CommandSpec dataCommand(byte[][] args) {
        CommandSpec spec = table.find(args[0]);
        if (spec == null || spec.firstKey() != 1 || args.length < 2 || spec.isContainer()
                || !(spec.has(CommandFlag.READONLY) || spec.has(CommandFlag.WRITE))) {
            return null;
        }
        return spec;
    }

    /** Runs (or queues) one request; false when CLIENT PAUSE holds it, untouched, for later. */
    boolean dispatch(ClientSession session, byte[][] args) {
        return dispatch(session, args, table.find(args[0]));
    }

    /** {@link #dispatch(ClientSession, byte[][])} of a request whose name the caller found already in the table. */
    boolean dispatch(ClientSession session, byte[][] args, CommandSpec found) {
        CommandSpec spec = resolve(found, args);
        // As Redis 7.0's processCommand: unknown command, arity, NOAUTH, NOPERM, OOM... are answered at
        // once; only a command that would run (or be queued) waits for the end of CLIENT PAUSE.
        session.touched(spec == null ? Text.lower(args[0]) : spec.name());
        byte[] error = spec == null ? unknownCommand(args) : check(session, spec, args);
        if (error == null && server.clientPause().holds(session, spec)) {
            return false;
        }
        RespWriter reply = session.writer();
        ReplyMode mode = session.replyMode();
        reply.muted(mode != ReplyMode.ON);
        if (mode == ReplyMode.SKIP) {
            session.replyMode(ReplyMode.ON);
        }
        Transaction transaction = session.transaction();
        if (error != null) {
            if (spec != null && !unknownSubcommand(spec, args)) { // Redis 7.0 counts neither, having no command
                server.monitoring().stats().rejected(spec.fullName());
            }
            if (transaction.active()) {
                transaction.fail();
            }
            if (spec != null && spec.name().equals("exec")) {
                server.endTransaction(session);
                error = execAborted(error);
            }
            fail(reply, error);
            wipe(args);
            return true;
        }
        if (transaction.active() && !RUN_INSIDE_MULTI.contains(spec.name())) {
            transaction.queue(spec, args);
            reply.simple("QUEUED");
            return true;
        }
        execute(session.context(), spec, args);
        return true;
    }

    /** A request that {@link #lookUpGets} may take into a run of GETs: GET or STRLEN of one key. */
    static boolean plainGet(CommandSpec spec, byte[][] args) {
        return args.length == 2 && (spec.name().equals("get") || spec.name().equals("strlen"));
    }

    /**
     * The lookups of consecutive GETs (and STRLENs) of one pipeline ({@code requests[from..to)}, all {@link #plainGet},
     * their keys' {@linkplain CommandContext#prepare hashes} in {@code hashes}) under one hold of the
     * lock, their values sealed into {@code sealed}; each is then answered with {@link #replyGet}. Taken
     * only where it gives what running them one by one would: no transaction, tracking, MONITOR or
     * subscription (push messages) to interleave with their replies, replies on, and only the GETs at
     * the front that pass every check of {@link #dispatch} (the others dispatch as usual, so their
     * refusals are logged and answered there). Null when fewer than two qualify.
     */
    GetRun lookUpGets(ClientSession session, CommandSpec[] specs, byte[][][] requests, byte[][] keys, int[] hashes,
                      int from, int to, byte[][] sealed) {
        if (!runsAsAlone(session)) {
            return null;
        }
        int end = from;
        while (end < to && session.authenticated() && server.acl().check(session.user(), specs[end], requests[end]) == null
                && !server.clientPause().holds(session, specs[end]) && !keysUnavailable()) {
            end++;
        }
        int count = end - from;
        if (count < 2) {
            return null;
        }
        session.writer().muted(false);
        // Each GET would first let eviction run under maxmemory; GETs add no memory, so once for the run does the same.
        server.overMaxmemoryAfterEviction();
        CommandContext context = session.context();
        long start = System.nanoTime();
        context.begin(specs[from], requests[from]);
        long dbId = StringCommands.lookUpGets(context, keys, hashes, from, count, sealed);
        return new GetRun(count, dbId, (System.nanoTime() - start) / count);
    }

    /** How many GETs {@link #lookUpGets} looked up, in which database, and its time per GET. */
    record GetRun(int count, long dbId, long nanosEach) {
    }

    /**
     * True when commands of this session run together answer and change exactly what they would one by
     * one: replies on, and no transaction, tracking, MONITOR or subscription (push messages) that could
     * see or interleave with the commands between them.
     */
    boolean runsAsAlone(ClientSession session) {
        return session.replyMode() == ReplyMode.ON && !session.transaction().active() && !session.tracking().on()
                && server.tracking().idle() && !server.monitoring().monitors().any() && !session.subscriptions().any();
    }

    /**
     * Runs consecutive writes of one pipeline ({@code requests[from..to)}, all {@linkplain WriteRun#takes
     * taken} by {@code run}, their keys' hashes in {@code hashes}) with one lock hold for all their changes,
     * as {@link WriteRun} describes; each is then answered with {@link #replyWrite}. Taken where
     * {@link #lookUpGets} is, and not under maxmemory (each write's eviction and OOM check would see
     * the memory of the writes before it); only the writes at the front that pass every check of
     * {@link #dispatch} and that the run {@linkplain WriteRun#accept accepts} join; the rest then
     * dispatch as usual. A command whose change failed has its error in {@code failures}. Null when
     * none joined.
     */
    WriteRunDone runWrites(ClientSession session, WriteRun run, CommandSpec[] specs, byte[][][] requests,
                           int[] hashes, int from, int to, RuntimeException[] failures) {
        if (!runsAsAlone(session) || server.memoryLimited()) {
            return null;
        }
        long start = System.nanoTime();
        CommandContext context = session.context();
        int end = from;
        while (end < to && session.authenticated() && server.acl().check(session.user(), specs[end], requests[end]) == null
                && !server.clientPause().holds(session, specs[end]) && !server.persistence().refusesWrites()
                && !keysUnavailable()) {
            context.begin(specs[end], requests[end]);
            if (!run.accept(context, end, hashes[end])) {
                break;
            }
            end++;
        }
        if (end == from) {
            return null;
        }
        run.prepare(context, from, end);
        session.writer().muted(false);
        int committed = commit(context, run, specs, requests, from, end, failures);
        for (int i = committed; i < end; i++) {
            run.forget(i);
        }
        if (committed == from) {
            return null;
        }
        return new WriteRunDone(committed - from, (System.nanoTime() - start) / (committed - from));
    }

    /**
     * The hold of {@link #runWrites}: each write's change, in order; one that fails keeps its error in
     * {@code failures}. A CLIENT PAUSE that began since the writes were accepted (it takes the lock) ends the run
     * there, as it would stop the next command alone: the rest run alone and wait; so do a failed keystore reload
     * and a failed background save (the rest run alone and are refused). The memory of the collections they
     * changed in place is counted once, at the end of the hold ({@code WritePath.holdSettling}). Returns where it
     * stopped.
     */
    private int commit(CommandContext context, WriteRun run, CommandSpec[] specs, byte[][][] requests, int from,
                       int end, RuntimeException[] failures) {
        ReentrantLock lock = server.keyspace().lock();
        lock.lock();
        try {
            server.keyspace().writes().holdSettling();
            try {
                for (int i = from; i < end; i++) {
                    if (server.clientPause().holds(context.session(), specs[i]) || keysUnavailable()
                            || server.persistence().refusesWrites()) {
                        return i;
                    }
                    context.begin(specs[i], requests[i]);
                    try {
                        run.commit(context, i);
                    } catch (RuntimeException e) {
                        failures[i] = e;
                    }
                }
                return end;
            } finally {
                server.keyspace().writes().releaseSettling();
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many writes {@link #runWrites} ran and its time per write. */
    record WriteRunDone(int count, long nanosEach) {
    }

    /**
     * Answers write {@code i} of a run (its error when {@code failure} is not null), as {@link #run} would;
     * {@code start} is the clock when its reply began (the end of the reply before it, as a run's replies follow
     * one another: one clock read per reply); returns the clock at its end.
     */
    long replyWrite(ClientSession session, CommandSpec spec, byte[][] args, WriteRun run, int i, RuntimeException failure,
                    long nanosEach, long start) {
        session.touched(spec.name());
        return run(session.context(), spec, args, c -> {
            if (failure != null) {
                run.forget(i);
                throw failure;
            }
            run.reply(c, i);
        }, nanosEach, start);
    }

    /**
     * Answers one GET of a {@link GetRun} with the value {@link #lookUpGets} took, as {@link #run} would; the clock
     * as in {@link #replyWrite}.
     */
    long replyGet(ClientSession session, CommandSpec spec, byte[][] args, GetRun run, byte[] sealed, long start) {
        session.touched(spec.name());
        return run(session.context(), spec, args, c -> StringCommands.replyGet(c, run.dbId(), args[1], sealed),
                run.nanosEach(), start);
    }

    /**
     * Runs a command that passed the checks, in {@code context}; failures become error replies. A read
     * of a tracking connection runs under the keyspace lock throughout, so the keys it read are
     * remembered before any other command can change them.
     */
    void execute(CommandContext context, CommandSpec spec, byte[][] args) {
        ClientSession session = context.session();
        if (session.tracking().on() && spec.has(CommandFlag.READONLY) && spec.hasKeys()) {
            List<byte[]> keys = keys(spec, args);
            server.keyspace().lock().lock();
            try {
                run(context, spec, args);
                server.tracking().remember(session, keys);
            } finally {
                server.keyspace().lock().unlock();
            }
        } else {
            run(context, spec, args);
        }
        if (!server.tracking().idle() && !context.inTransaction()) {
            server.tracking().flush(session);
            if (!spec.name().startsWith("client|")) {
                server.tracking().commandDone(session);
            }
        }
    }

    private static List<byte[]> keys(CommandSpec spec, byte[][] args) {
        List<byte[]> keys = new ArrayList<>();
        for (int position : spec.keyPositions(args)) {
            keys.add(args[position].clone());
        }
        return keys;
    }

    private void run(CommandContext context, CommandSpec spec, byte[][] args) {
        run(context, spec, args, spec.handler(), 0, System.nanoTime());
    }

    /**
     * Runs {@code body} as command {@code spec}, begun at clock {@code start}; {@code nanosBefore}: its time already
     * spent elsewhere. Returns the clock at its end.
     */
    private long run(CommandContext context, CommandSpec spec, byte[][] args, CommandHandler body, long nanosBefore,
                     long start) {
        context.begin(spec, args);
        long end;
        boolean failed = false;
        int replyStart = context.reply().mark();
        try {
            body.execute(context);
        } catch (RuntimeException e) {
            failed = true;
            context.reply().discardFrom(replyStart);
            fail(context.reply(), Text.bytes(ErrorReplies.of(e, spec.name())));
        } finally {
            end = System.nanoTime();
            long micros = (nanosBefore + end - start) / 1000;
            server.stats().commandProcessed(); // as Redis counts in call(): not refused or queued commands
            server.monitoring().executed(context.session(), spec, args, micros, failed);
            context.end();
        }
        return end;
    }

    private boolean keysUnavailable() {
        ServerKeystore keystore = server.keystore();
        return keystore != null && !keystore.available();
    }

    /** The subcommand a container command names, or the command itself. */
    private static CommandSpec resolve(CommandSpec spec, byte[][] args) {
        if (spec == null || !spec.isContainer() || args.length < 2) {
            return spec;
        }
        CommandSpec sub = spec.subcommands().get(Text.lower(args[1]));
        return sub != null ? sub : spec;
    }

    /** True when {@code spec}, {@link #resolve resolved} from {@code args}, is a container with an unknown subcommand. */
    private static boolean unknownSubcommand(CommandSpec spec, byte[][] args) {
        return spec.isContainer() && args.length >= 2;
    }

    /** The error a known command gets before it runs, or null. */
    private byte[] check(ClientSession session, CommandSpec spec, byte[][] args) {
        if (unknownSubcommand(spec, args)) {
            return unknownSubcommand(args[1], spec.name());
        }
        if (!spec.arityAccepts(args.length)) {
            return Text.bytes(Errors.wrongArity(spec.fullName()).getMessage());
        }
        if (!session.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            return Text.bytes("NOAUTH Authentication required.");
        }
        Denial denied = aclDenial(session, spec, args, session.transaction().active() ? "multi" : "toplevel");
        if (denied != null) {
            return Text.bytes(denied.error());
        }
        if (session.subscriptions().any() && !session.writer().resp3() && !SUBSCRIBED_CONTEXT.contains(spec.name())) {
            return Text.bytes("ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE "
                    + "/ PING / QUIT / RESET are allowed in this context");
        }
        if (server.overMaxmemoryAfterEviction() && spec.has(CommandFlag.DENYOOM)) {
            return OOM;
        }
        if (server.persistence().refusesWrites() && (writes(session, spec) || spec.name().equals("ping"))) {
            return MISCONF;
        }
        if (keysUnavailable() && needsKeys(session, spec)) {
            return NO_KEYS;
        }
        return null;
    }

    /** A command that seals or opens, or an EXEC with one queued (asked only while the server has no keys). */
    private static boolean needsKeys(ClientSession session, CommandSpec spec) {
        return sealsOrOpens(spec)
                || spec.name().equals("exec") && session.transaction().queues(Dispatcher::sealsOrOpens);
    }

    private static boolean sealsOrOpens(CommandSpec spec) {
        if (spec.has(CommandFlag.WRITE)) {
            return !KEYLESS_WRITES.contains(spec.name());
        }
        return spec.has(CommandFlag.READONLY) && spec.hasKeys() && !KEYLESS_READS.contains(spec.name());
    }

    /** A write, or as in Redis 7.0 an EXEC with a write queued (asked only while writes are refused). */
    private static boolean writes(ClientSession session, CommandSpec spec) {
        return spec.has(CommandFlag.WRITE) || spec.name().equals("exec") && session.transaction().queuesWriteCommand();
    }

    /**
     * Why the session's user may not run the command (logged in ACL LOG with {@code context}), or null.
     * Asked before a command runs or is queued, and again by EXEC for each queued command, since the
     * user's rules may have changed in between.
     */
    Denial aclDenial(ClientSession session, CommandSpec spec, byte[][] args, String context) {
        Denial denial = server.acl().check(session.user(), spec, args);
        if (denial != null) {
            server.acl().logDenial(denial.reason(), context, denial.object(), session.user().name(),
                    session.describe());
        }
        return denial;
    }

    /** Replies an error found outside {@link #execute}, counting it as Redis does. */
    void refuse(RespWriter reply, String error) {
        fail(reply, Text.bytes(error));
    }

    /** A refused EXEC ends any transaction and gives the reason in an EXECABORT, as Redis words it. */
    private static byte[] execAborted(byte[] error) {
        String reason = new String(error, java.nio.charset.StandardCharsets.UTF_8);
        return Text.bytes("EXECABORT Transaction discarded because of: "
                + (reason.startsWith("ERR ") ? reason.substring(4) : reason));
    }

    private void fail(RespWriter reply, byte[] error) {
        server.stats().errorReply();
        server.monitoring().stats().error(error);
        reply.error(error);
    }

    /**
     * Redis's unknown-command error, byte for byte: it prints the name and the arguments as C strings
     * (so each ends at its first NUL and other bytes go out as they are), the name cut at 128 bytes and
     * the quoted arguments while their text is under 128 bytes, each cut to what is left of those 128.
     */
    private static byte[] unknownCommand(byte[][] args) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(UNKNOWN_COMMAND);
        writeCString(text, args[0], MAX_ARGS_TEXT);
        text.writeBytes(WITH_ARGS);
        int argsStart = text.size();
        for (int i = 1; i < args.length && text.size() - argsStart < MAX_ARGS_TEXT; i++) {
            int room = MAX_ARGS_TEXT - (text.size() - argsStart);
            text.write('\'');
            writeCString(text, args[i], room);
            text.write('\'');
            text.write(' ');
        }
        return text.toByteArray();
    }

    /** Redis's unknown-subcommand error: the subcommand as a C string of at most 128 bytes. */
    private static byte[] unknownSubcommand(byte[] subcommand, String container) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(UNKNOWN_SUBCOMMAND);
        writeCString(text, subcommand, MAX_ARGS_TEXT);
        text.writeBytes(Text.bytes("'. Try " + container.toUpperCase(Locale.ROOT) + " HELP."));
        return text.toByteArray();
    }

    private static void writeCString(ByteArrayOutputStream out, byte[] bytes, int max) {
        int length = 0;
        while (length < bytes.length && length < max && bytes[length] != 0) {
            length++;
        }
        out.write(bytes, 0, length);
    }

    /** Zeroes request arguments that will not run, as a finished command's are. */
    static void wipe(byte[][] args) {
        for (byte[] arg : args) {
            Arrays.fill(arg, (byte) 0);
        }
    }
}
