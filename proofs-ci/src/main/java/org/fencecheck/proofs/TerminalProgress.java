package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Progress on a terminal: a live line, redrawn every second, with the model, the TLC run, the latest states and
 * queue TLC reported (TLC reports once a minute), elapsed time and, when the manifest has a recorded count, the
 * share of it found so far. Finished models leave a line like {@link LineProgress}'s.
 */
public final class TerminalProgress extends LineProgress {

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fencecheck-progress");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> redraw;
    private long started;
    private volatile int run;
    private volatile ProgressTick last;
    private Long recorded;

    /** Draws on {@code err}, which must be a terminal. */
    public TerminalProgress(PrintStream err) {
        super(err);
    }

    @Override
    public synchronized void modelStarted(int index, int total, ModelEntry model) {
        current = model.name();
        position = "[" + index + "/" + total + "]";
        recorded = model.distinctStates();
        started = System.nanoTime();
        run = 0;
        last = null;
        redraw = clock.scheduleAtFixedRate(this::draw, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void runStarted(int run, int checking) {
        this.run = run;
        this.last = null;
    }

    @Override
    public void tick(ProgressTick tick) {
        last = tick;
    }

    @Override
    public synchronized void modelFinished(ModelResult r) {
        if (redraw != null) {
            redraw.cancel(false);
        }
        err.print("\r\033[K");
        err.println("fencecheck: " + position + " " + finishedLine(r));
        err.flush();
    }

    private synchronized void draw() {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s  run %d  %d:%02d", position,
                current, run, seconds / 60, seconds % 60));
        ProgressTick t = last;
        if (t != null) {
            line.append(String.format(Locale.ROOT, "  %,d states  queue %,d", t.distinct(), t.queue()));
            if (recorded != null && recorded > 0) {
                line.append(String.format(Locale.ROOT, "  ~%d%% of %,d", Math.min(100, 100 * t.distinct() / recorded),
                        recorded));
            }
        }
        err.print("\r\033[K" + line);
        err.flush();
    }
}
