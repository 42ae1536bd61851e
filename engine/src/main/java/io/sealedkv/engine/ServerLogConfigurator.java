package io.sealedkv.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The server's logging set up in code (found by logback as a service): INFO and up to standard output,
 * Netty only from WARN. An XML file would load the JDK's XML parser and logback's Joran to read
 * eleven lines: ~470 classes, ~2.4 MiB of metaspace and symbols kept for the life of the server.
 * A {@code logback.xml} or {@code logback-test.xml} on the class path (tests, the tools jar) or
 * {@code -Dlogback.configurationFile} still wins: this configurator then defers to logback's own.
 */
public final class ServerLogConfigurator extends ContextAwareBase implements Configurator {
    /** The log line's pattern, also used by {@code logfile}. */
    private static final String PATTERN = "%d{dd MMM yyyy HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, ServerLogConfigurator.class.getClassLoader());
    }

    ExecutionStatus configure(LoggerContext context, ClassLoader resources) {
        if (System.getProperty("logback.configurationFile") != null || xmlIn(resources)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder(context));
        console.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static boolean xmlIn(ClassLoader resources) {
        return resources.getResource("logback-test.xml") != null || resources.getResource("logback.xml") != null;
    }
}
