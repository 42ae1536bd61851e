package io.sealedkv.engine.monitoring;

import java.util.List;

/**
 * LATENCY GRAPH: Redis 7.0's ASCII sparkline of an event's samples (latency.c and sparkline.c):
 * a header line, 80 dashes, then per 80 samples four rows of {@code _o#|} filled bars, a blank row
 * and the vertical labels saying how long ago each sample was taken (s, m, h or d).
 */
public final class LatencyGraph {
    private static final int COLUMNS = 80;
    private static final int ROWS = 4;
    private static final char[] FILL = {'_', 'o', '#'};
    private static final int LABEL_MARGIN_TOP = 1;

    private LatencyGraph() {
    }

    /** The graph of {@code samples} (oldest first) as Redis renders it at {@code nowSeconds}. */
    public static String render(String event, List<LatencyMonitor.Sample> samples, long allTimeMax, long nowSeconds) {
        long min = 0;
        long max = 0;
        String[] labels = new String[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            LatencyMonitor.Sample sample = samples.get(i);
            if (i == 0) {
                min = sample.millis();
                max = sample.millis();
            } else {
                max = Math.max(max, sample.millis());
                min = Math.min(min, sample.millis());
            }
            labels[i] = ago(nowSeconds - sample.unixSeconds());
        }
        StringBuilder graph = new StringBuilder();
        graph.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(allTimeMax).append(" ms)\n");
        graph.append("-".repeat(COLUMNS)).append('\n');
        for (int start = 0; start < samples.size(); start += COLUMNS) {
            if (start != 0) {
                graph.append('\n');
            }
            renderRange(graph, samples, labels, min, max, start, Math.min(COLUMNS, samples.size() - start));
        }
        return graph.toString();
    }

    private static String ago(long elapsed) {
        if (elapsed < 60) {
            return elapsed + "s";
        } else if (elapsed < 3600) {
            return elapsed / 60 + "m";
        } else if (elapsed < 3600 * 24) {
            return elapsed / 3600 + "h";
        }
        return elapsed / (3600 * 24) + "d";
    }

    private static void renderRange(StringBuilder out, List<LatencyMonitor.Sample> samples, String[] labels, long min,
            long max, int offset, int len) {
        double relmax = max - min == 0 ? 1 : max - min;
        int steps = FILL.length * ROWS;
        char[] chars = new char[len];
        for (int row = 0; ; row++) {
            boolean more = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                double relval = samples.get(j + offset).millis() - min;
                int step = (int) ((long) (relval * steps) / relmax);
                step = Math.max(0, Math.min(steps - 1, step));
                if (row < ROWS) {
                    int charidx = step - (ROWS - row - 1) * FILL.length;
                    more = true;
                    if (charidx >= 0 && charidx < FILL.length) {
                        chars[j] = FILL[charidx];
                    } else if (charidx >= FILL.length) {
                        chars[j] = '|';
                    }
                } else {
                    if (row - ROWS < LABEL_MARGIN_TOP) {
                        more = true;
                        break;
                    }
                    String label = labels[j + offset];
                    int labelChar = row - ROWS - LABEL_MARGIN_TOP;
                    if (label.length() > labelChar) {
                        more = true;
                        chars[j] = label.charAt(labelChar);
                    }
                }
            }
            if (!more) {
                return;
            }
            out.append(chars).append('\n');
        }
    }
}
