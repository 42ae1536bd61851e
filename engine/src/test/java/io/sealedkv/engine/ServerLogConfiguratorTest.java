package io.sealedkv.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ServerLogConfiguratorTest {
    /** Sees only the JDK's resources: neither logback.xml nor logback-test.xml, as in the server jar. */
    private static final ClassLoader NO_XML = new ClassLoader(null) {
    };

    @Test
    void withoutAnXmlFileTheServerLogsInfoToStandardOutputAndNettyOnlyFromWarn() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new ServerLogConfigurator().configure(context, NO_XML);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.sealedkv.engine").getEffectiveLevel()).isEqualTo(Level.INFO);
        Appender<?> appender = root.getAppender("STDOUT");
        assertThat(appender).isInstanceOf(ConsoleAppender.class);
        assertThat(appender.isStarted()).isTrue();
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) ((ConsoleAppender<?>) appender).getEncoder();
        assertThat(encoder.getPattern()).isEqualTo("%d{dd MMM yyyy HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    }

    @Test
    void aLogbackXmlOnTheClassPathIsLeftToLogback() {
        // the test class path holds logback-test.xml
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new ServerLogConfigurator().configure(context,
                ServerLogConfiguratorTest.class.getClassLoader());

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineIsLeftToLogback() {
        System.setProperty("logback.configurationFile", "elsewhere.xml");
        try {
            LoggerContext context = new LoggerContext();
            ExecutionStatus status = new ServerLogConfigurator().configure(context, NO_XML);

            assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }

    @Test
    void logbackFindsTheConfiguratorAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(ServerLogConfigurator.class);
    }
}
