package io.sealedkv.keystore.internal;

import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A provider's settings, checked against the names it knows: an unknown name (a typo) is refused
 * rather than ignored, and every value error names the setting.
 */
public final class Settings {
    private final String provider;
    private final Map<String, String> values;

    private Settings(String provider, Map<String, String> values) {
        this.provider = provider;
        this.values = Map.copyOf(values);
    }

    /** @throws KeystoreException if {@code values} holds a name outside {@code known} */
    public static Settings of(String provider, Map<String, String> values, Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid("unknown " + provider + " keystore setting(s) " + unknown
                    + " (known: " + new TreeSet<>(known) + ")");
        }
        return new Settings(provider, values);
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public String required(String name) {
        return optional(name).filter(v -> !v.isEmpty()).orElseThrow(
                () -> invalid(provider + " keystore setting '" + name + "' is required"));
    }

    /** {@code true} or {@code false}, exactly; anything else is refused. */
    public boolean bool(String name, boolean defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid("keystore setting '" + name + "' must be true or false, not '" + value + "'");
    }

    /** A decimal integer in {@code [min, max]}. */
    public long number(String name, long defaultValue, long min, long max) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message for every bad value
        }
        throw invalid("keystore setting '" + name + "' must be an integer from " + min + " to " + max
                + ", not '" + value + "'");
    }

    private static KeystoreException invalid(String message) {
        return new KeystoreException(Reason.INVALID_SETTING, message);
    }
}
