package io.sealedkv.engine.command;

/** A command met a key holding another type than it works on. */
public final class WrongTypeException extends CommandException {
    private static final long serialVersionUID = 1L;

    public WrongTypeException() {
        super("WRONGTYPE Operation against a key holding the wrong kind of value");
    }
}
