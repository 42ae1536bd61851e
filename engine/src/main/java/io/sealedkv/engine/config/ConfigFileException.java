package io.sealedkv.engine.config;

/** A config file or command-line directive is wrong; the message is Redis's fatal config error report. */
public final class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigFileException(int line, String text, String reason) {
        super("\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file, at line " + line
                + "\n>>> '" + text + "'\n" + reason, null, false, false);
    }
}
