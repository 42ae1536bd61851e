package io.sealedkv.tools;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Progress of a long job (verify, restore, backup) as one redrawn line on stderr, only when a person
 * watches (a console is attached) and {@code --no-progress} was not given; silent otherwise, so logs and
 * scripts see only the result and the one failure line.
 */
final class Progress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private String phase = "";
    private long total;
    private long done;
    private long phaseStart;
    private long lastDraw;

    private Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar when a console is attached and {@code disabled} is false; otherwise nothing is printed. */
    static Progress on(PrintWriter err, boolean disabled) {
        return new Progress(err, !disabled && System.console() != null);
    }

    static Progress none() {
        return new Progress(null, false);
    }

    /** Starts a phase of {@code total} units (bytes or keys; 0 when unknown). */
    void phase(String name, long total) {
        finishLine();
        this.phase = name;
        this.total = total;
        this.done = 0;
        this.phaseStart = System.nanoTime();
        this.lastDraw = 0;
    }

    void advance(long units) {
        done += units;
        if (enabled) {
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                draw(now);
            }
        }
    }

    /** Ends the current line; call when the job ends, successfully or not. */
    void finish() {
        finishLine();
        phase = "";
    }

    private void finishLine() {
        if (enabled && !phase.isEmpty()) {
            draw(System.nanoTime());
            err.print('\n');
            err.flush();
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-9, (now - phaseStart) / 1e9);
        String label = String.format("%-8s", phase);
        String counts = String.format("%,d (%,.0f/s)", done, done / seconds);
        err.print("\r" + (total > 0 ? ProgressBar.line(label, done, total, counts) : label + " " + counts));
        err.flush();
    }

    /** {@code in}, advancing this progress by every byte read. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }
}
