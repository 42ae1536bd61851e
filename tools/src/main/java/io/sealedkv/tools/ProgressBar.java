package io.sealedkv.tools;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal's stderr; elsewhere (a pipe, a
 * log file) it prints nothing but the final line, so scripts do not collect hundreds of redraws.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private final String label;

    ProgressBar(PrintWriter err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
    }

    /** Redraws the bar at {@code done} of {@code total} with a short {@code detail}. */
    void update(long done, long total, String detail) {
        if (terminal) {
            err.print("\r" + line(done, total, detail) + "\u001b[K");
            err.flush();
        }
    }

    /** The last state, on its own line (terminal or not). */
    void finish(long done, long total, String detail) {
        if (terminal) {
            err.print("\r" + line(done, total, detail) + "\u001b[K\n");
        } else {
            err.println(line(done, total, detail));
        }
        err.flush();
    }

    static String line(String label, long done, long total, String detail) {
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (double) done / total));
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(fraction * 100), detail);
    }

    private String line(long done, long total, String detail) {
        return line(label, done, total, detail);
    }
}
