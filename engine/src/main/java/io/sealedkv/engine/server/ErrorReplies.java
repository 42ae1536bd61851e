package io.sealedkv.engine.server;

import io.sealedkv.crypto.SealingException;
import io.sealedkv.engine.acl.AclRuleException;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.keystore.KeystoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures inside a command become Redis error replies. */
public final class ErrorReplies {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

    private ErrorReplies() {
    }

    public static String of(RuntimeException failure, String command) {
        if (failure instanceof CommandException e) {
            return e.getMessage();
        }
        if (failure instanceof AclRuleException e) {
            return "ERR " + e.getMessage();
        }
        if (failure instanceof SealingException e) {
            return "ERR cannot open or seal the value: " + e.getMessage();
        }
        if (failure instanceof KeystoreException e) {
            // e.g. a full disk when a block of nonces is reserved: the operator needs the cause, the client the kind
            LOG.error("Command '{}' failed: keystore error {}: {}", command, e.reason(), e.getMessage());
            return "ERR keystore error (" + e.reason() + "): see the server log";
        }
        LOG.error("Command '{}' failed unexpectedly: {}", command, failure.getClass().getName());
        LOG.debug("Failure of command '{}'", command, failure);
        return "ERR internal error while executing '" + command + "'";
    }
}
