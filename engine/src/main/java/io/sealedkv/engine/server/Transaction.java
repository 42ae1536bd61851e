package io.sealedkv.engine.server;

import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.engine.command.CommandFlag;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.keyspace.Watches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One connection's MULTI state: the commands queued since MULTI, whether one of them was refused
 * while queueing (EXEC then aborts), and the keys it WATCHes. Queued arguments are the only request
 * arguments kept beyond their command; they are wiped when the transaction ends either way.
 */
public final class Transaction {
    private final List<Queued> queued = new ArrayList<>();
    private final Watches.WatchSet watched = new Watches.WatchSet();
    private boolean active;
    private boolean failed;
    /** While EXEC runs the queue: how many commands it holds (-1 otherwise); pushes from others stay out. */
    private volatile int replying = -1;
    /** The queued arguments' bytes, for CLIENT LIST's {@code multi-mem}; read by other threads. */
    private volatile long queuedBytes;
    /**
     * While EXEC runs the queue: the sealings ({@link EnvelopeV1#sealingId}) of the values its commands stored from
     * their arguments (see {@link #holds}).
     */
    private Set<ByteBuffer> storedArguments = new HashSet<>();

    /** A command waiting for EXEC. */
    public record Queued(CommandSpec spec, byte[][] args) {
    }

    /** True when a queued command writes: EXEC is then a write for MISCONF and a server without keys. */
    public boolean queuesWriteCommand() {
        return queues(spec -> spec.has(CommandFlag.WRITE));
    }

    /** True when a queued command writes (or publishes): CLIENT PAUSE WRITE holds the EXEC. */
    public boolean queuesWrite() {
        return queues(spec -> spec.has(CommandFlag.WRITE) || ClientPause.publishes(spec));
    }

    /** True when a queued command is of {@code kind}. */
    public boolean queues(Predicate<CommandSpec> kind) {
        for (Queued command : queued) {
            if (kind.test(command.spec())) {
                return true;
            }
        }
        return false;
    }

    public boolean active() {
        return active;
    }

    /** True while EXEC writes the replies of the queued commands (its array). */
    public boolean replying() {
        return replying >= 0;
    }

    /** EXEC starts running {@code count} queued commands, or (-1) has run them. */
    void replying(int count) {
        this.replying = count;
        if (!storedArguments.isEmpty()) {
            storedArguments = new HashSet<>(); // a cleared set would keep the table of a long EXEC
        }
    }

    /**
     * A command run by EXEC stored the value of one of its arguments as {@code sealed} (SET, MSET, APPEND to a new
     * key...). Redis stores the argument's own object, which the queued command still references until EXEC ends.
     */
    public void argumentStored(byte[] sealed) {
        storedArguments.add(sealing(sealed));
    }

    private static ByteBuffer sealing(byte[] sealed) {
        return ByteBuffer.wrap(EnvelopeV1.sealingId(sealed));
    }

    /** RENAME or MOVE resealed {@code sealed} as {@code resealed}: Redis moves the object, references and all. */
    public void argumentMoved(byte[] sealed, byte[] resealed) {
        if (holds(sealed)) {
            storedArguments.add(sealing(resealed));
        }
    }

    /**
     * Whether the running EXEC's queued arguments still hold the value sealed as {@code sealed} (OBJECT REFCOUNT
     * counts that reference, as Redis's); a write since seals anew, so its bytes are not held.
     */
    public boolean holds(byte[] sealed) {
        return !storedArguments.isEmpty() && storedArguments.contains(sealing(sealed));
    }

    /**
     * The commands a CLIENT LIST reports under {@code multi}: the queued ones, or while EXEC runs them
     * (Redis clears its MULTI flag only after) the ones it runs; -1 outside a transaction.
     */
    public int multiCount() {
        int running = replying;
        return running >= 0 ? running : active ? queued.size() : -1;
    }

    public void begin() {
        active = true;
    }

    /**
     * Queues a command for EXEC. As Redis 7.0, a transaction that will not run (a command was refused, or a
     * watched key changed) queues nothing more: the arguments are wiped at once and CLIENT LIST's
     * {@code multi} stops counting.
     */
    void queue(CommandSpec spec, byte[][] args) {
        Queued command = new Queued(spec, args);
        if (failed || watched.touched()) {
            wipe(command);
            return;
        }
        queued.add(command);
        long bytes = queuedBytes;
        for (byte[] arg : args) {
            bytes += arg.length;
        }
        queuedBytes = bytes;
    }

    /** A command was refused while queueing: EXEC will abort. */
    void fail() {
        failed = true;
    }

    public boolean failed() {
        return failed;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    public Watches.WatchSet watched() {
        return watched;
    }

    /** Ends the transaction and hands over its queued commands, which the caller wipes after running. */
    public List<Queued> take() {
        List<Queued> taken = List.copyOf(queued);
        queued.clear();
        queuedBytes = 0;
        active = false;
        failed = false;
        return taken;
    }

    /** Ends the transaction without running anything, wiping the queued arguments (DISCARD, RESET). */
    public void discard() {
        take().forEach(Transaction::wipe);
    }

    static void wipe(Queued command) {
        for (byte[] arg : command.args()) {
            Arrays.fill(arg, (byte) 0);
        }
    }
}
