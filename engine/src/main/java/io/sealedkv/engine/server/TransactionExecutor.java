package io.sealedkv.engine.server;

import io.sealedkv.engine.acl.Denial;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.pubsub.PushDelivery;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EXEC: runs the queued commands while holding the keyspace lock throughout, so no other client's
 * command interleaves, after checking the WATCHed keys under the same lock. Each queued command runs
 * in a context of its own and propagates on its own; the first write is preceded by MULTI and the
 * last followed by EXEC, so replicas and the append-only file apply the transaction as one. Blocked
 * clients whose keys the transaction filled are served after it, and a blocking command inside it
 * does not block (it answers as on a timeout).
 */
final class TransactionExecutor {
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);
    private static final String ABORTED = "EXECABORT Transaction discarded because of previous errors.";

    private final SealedKvServer server;
    private final Dispatcher dispatcher;

    TransactionExecutor(SealedKvServer server, Dispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
    }

    void exec(CommandContext c) {
        ClientSession session = c.session();
        Transaction transaction = session.transaction();
        if (!transaction.active()) {
            throw Errors.generic("EXEC without MULTI");
        }
        Keyspace keyspace = server.keyspace();
        if (transaction.failed()) {
            transaction.discard();
            unwatch(keyspace, transaction);
            throw new CommandException(ABORTED);
        }
        List<Transaction.Queued> queued = transaction.take();
        keyspace.lock().lock();
        try {
            PushDelivery.moveWaitingIntoReplies(session); // pushed before the EXEC ran: before its reply
            if (keyspace.watches().invalidated(transaction.watched())) {
                c.reply().nullArray();
                queued.forEach(Transaction::wipe);
                return;
            }
            run(session, queued);
            server.blockedClients().serveReady();
        } finally {
            keyspace.watches().unwatchAll(transaction.watched());
            keyspace.lock().unlock();
        }
    }

    private void run(ClientSession session, List<Transaction.Queued> queued) {
        session.writer().array(queued.size());
        CommandContext inner = CommandContext.forTransaction(server, session);
        session.transaction().replying(queued.size());
        try {
            for (Transaction.Queued command : queued) {
                Denial denied = dispatcher.aclDenial(session, command.spec(), command.args(), "multi");
                if (denied != null) {
                    dispatcher.refuse(session.writer(), denied.errorAtExec());
                    Transaction.wipe(command);
                    continue;
                }
                dispatcher.execute(inner, command.spec(), command.args());
            }
        } finally {
            session.transaction().replying(-1);
        }
        if (inner.propagatedMulti()) {
            server.keyspace().writes().propagate(session.database(), new byte[][] {EXEC.clone()});
        }
    }

    static void unwatch(Keyspace keyspace, Transaction transaction) {
        keyspace.lock().lock();
        try {
            keyspace.watches().unwatchAll(transaction.watched());
        } finally {
            keyspace.lock().unlock();
        }
    }
}
