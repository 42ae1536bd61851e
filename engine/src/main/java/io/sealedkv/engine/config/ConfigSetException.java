package io.sealedkv.engine.config;

/** CONFIG SET (or a config file directive) refused an argument. */
public class ConfigSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String argument;
    private final String reason;

    public ConfigSetException(String argument, String reason) {
        super("CONFIG SET failed (possibly related to argument '" + argument + "') - " + reason, null, false, false);
        this.argument = argument;
        this.reason = reason;
    }

    public String argument() {
        return argument;
    }

    public String reason() {
        return reason;
    }

    /** No parameter has that name. */
    public static final class Unknown extends ConfigSetException {
        private static final long serialVersionUID = 1L;

        Unknown(String argument) {
            super(argument, "unknown parameter");
        }

        @Override
        public String getMessage() {
            return "Unknown option or number of arguments for CONFIG SET - '" + argument() + "'";
        }
    }
}
