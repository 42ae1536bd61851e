package io.sealedkv.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

/** Applies {@code loglevel} and {@code logfile} to logback. */
final class LogSetup {
    private LogSetup() {
    }

    /** Redis's levels onto logback's: debug and verbose show debug output. */
    static void applyLevel(String level) {
        Level mapped = switch (level) {
            case "debug", "verbose" -> Level.DEBUG;
            case "warning" -> Level.WARN;
            default -> Level.INFO;
        };
        root().setLevel(mapped);
    }

    /** An empty name keeps logging to standard output, as in Redis. */
    static void logToFile(String path) {
        if (path.isEmpty()) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setFile(path);
        file.setAppend(true);
        file.setEncoder(ServerLogConfigurator.encoder(context));
        file.start();
        Logger root = root();
        root.detachAndStopAllAppenders();
        root.addAppender(file);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
