package io.sealedkv.engine.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One configuration parameter: its Redis name, how its text is parsed and printed,
 * whether CONFIG SET may change it, and the hook that makes a change take effect. The current value is
 * held here, typed ({@link Long}, {@link Boolean} or {@link String}), and read without locking.
 */
public final class ConfigParameter {
    /** Parses the text of a value, throwing {@link ConfigException} with Redis's reason. */
    @FunctionalInterface
    interface Parser {
        Object parse(String text);
    }

    private final String name;
    private final boolean mutable;
    private final Parser parser;
    private final Object defaultValue;
    private boolean protectedConfig;
    private volatile Object value;
    private volatile Consumer<Object> onChange = v -> { };

    ConfigParameter(String name, boolean mutable, Parser parser, String defaultText) {
        this.name = name;
        this.mutable = mutable;
        this.parser = parser;
        this.defaultValue = parser.parse(defaultText);
        this.value = defaultValue;
    }

    static ConfigParameter bool(String name, boolean mutable, String defaultText) {
        return new ConfigParameter(name, mutable, ConfigParameter::parseBool, defaultText);
    }

    static ConfigParameter integer(String name, boolean mutable, long min, long max, String defaultText) {
        return new ConfigParameter(name, mutable, text -> parseInteger(text, min, max), defaultText);
    }

    static ConfigParameter memory(String name, boolean mutable, long min, long max, String defaultText) {
        return new ConfigParameter(name, mutable, text -> parseMemory(text, min, max), defaultText);
    }

    static ConfigParameter string(String name, boolean mutable, String defaultText) {
        return new ConfigParameter(name, mutable, text -> text, defaultText);
    }

    static ConfigParameter oneOf(String name, boolean mutable, String defaultText, String... allowed) {
        return new ConfigParameter(name, mutable, text -> parseEnum(text, allowed), defaultText);
    }

    static ConfigParameter custom(String name, boolean mutable, Parser parser, String defaultText) {
        return new ConfigParameter(name, mutable, parser, defaultText);
    }

    public String name() {
        return name;
    }

    public boolean mutable() {
        return mutable;
    }

    /** A protected config: settable at startup only, like Redis's with enable-protected-configs no. */
    ConfigParameter protectedConfig() {
        this.protectedConfig = true;
        return this;
    }

    public boolean isProtected() {
        return protectedConfig;
    }

    public Object value() {
        return value;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    /** The value as CONFIG GET prints it. */
    public String text() {
        return format(value);
    }

    Object parse(String text) {
        return parser.parse(text);
    }

    /** Stores an already parsed value and runs the change hook. */
    void set(Object parsed) {
        Object previous = value;
        value = parsed;
        try {
            onChange.accept(parsed);
        } catch (ConfigException e) {
            value = previous;
            throw e;
        }
    }

    /** What to run when the value changes; it may refuse the change with {@link ConfigException}. */
    public void onChange(Consumer<Object> hook) {
        this.onChange = hook;
    }

    private static String format(Object value) {
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        return String.valueOf(value);
    }

    private static Object parseBool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw new ConfigException("argument must be 'yes' or 'no'");
        };
    }

    private static Object parseInteger(String text, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
        return checkRange(parsed, min, max);
    }

    private static Object checkRange(long parsed, long min, long max) {
        if (parsed < min || parsed > max) {
            throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
        }
        return parsed;
    }

    private static Object parseMemory(String text, long min, long max) {
        Long bytes = MemoryUnits.parse(text);
        if (bytes == null) {
            throw new ConfigException("argument must be a memory value");
        }
        return checkRange(bytes, min, max);
    }

    private static Object parseEnum(String text, String... allowed) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(lower)) {
            throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", allowed));
        }
        return lower;
    }
}
