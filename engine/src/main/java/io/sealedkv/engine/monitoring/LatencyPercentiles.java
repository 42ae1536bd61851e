package io.sealedkv.engine.monitoring;

import io.sealedkv.engine.config.ConfigException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The value of {@code latency-tracking-info-percentiles}: percentiles between 0 and 100, separated by
 * blanks, printed as Redis prints them ({@code 50 99 99.9}).
 */
public record LatencyPercentiles(double[] values) {
    public static LatencyPercentiles parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new LatencyPercentiles(new double[0]);
        }
        String[] parts = trimmed.split("\\s+");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
            }
            if (!(values[i] >= 0 && values[i] <= 100)) {
                throw new ConfigException(
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
        }
        return new LatencyPercentiles(values);
    }

    /** A percentile as Redis prints it: {@code %f} with trailing zeros (and a bare point) removed. */
    static String text(double percentile) {
        return new BigDecimal(String.format(java.util.Locale.ROOT, "%f", percentile)).stripTrailingZeros()
                .toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyPercentiles other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.stream(values).mapToObj(LatencyPercentiles::text).collect(Collectors.joining(" "));
    }
}
