package io.sealedkv.engine.command;

/**
 * A command failed in a way the client is told about; the message is the exact Redis error text,
 * starting with its code ({@code ERR}, {@code WRONGTYPE}, ...). Cheap: no stack trace.
 */
public class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandException(String redisError) {
        super(redisError, null, false, false);
    }
}
