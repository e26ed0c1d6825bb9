package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ProgressTick;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Progress on a terminal: a live line, redrawn every second, with each running model, its TLC run, the latest
 * states and queue TLC reported (TLC reports once a minute), elapsed time and, when the manifest has a recorded
 * count, the share of it found so far. Finished models leave a line like {@link LineProgress}'s.
 */
public final class TerminalProgress extends LineProgress {

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fencecheck-progress");
        t.setDaemon(true);
        return t;
    });
    /** The running models in start order; guarded by {@code this}. */
    private final Map<String, Live> running = new LinkedHashMap<>();
    private ScheduledFuture<?> redraw;

    /** What the live line shows of one running model. */
    private static final class Live {
        final String position;
        final Long recorded;
        final long started = System.nanoTime();
        int run;
        ProgressTick last;

        Live(String position, Long recorded) {
            this.position = position;
            this.recorded = recorded;
        }
    }

    /** Draws on {@code err}, which must be a terminal. */
    public TerminalProgress(PrintStream err) {
        super(err);
    }

    @Override
    public synchronized void modelStarted(int index, int total, ModelEntry model) {
        String position = "[" + index + "/" + total + "]";
        positions.put(model.name(), position);
        running.put(model.name(), new Live(position, model.distinctStates()));
        if (redraw == null) {
            redraw = clock.scheduleAtFixedRate(this::draw, 0, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void runStarted(ModelEntry model, int run, int checking) {
        Live l = running.get(model.name());
        if (l != null) {
            l.run = run;
            l.last = null;
        }
    }

    @Override
    public synchronized void tick(ModelEntry model, ProgressTick tick) {
        Live l = running.get(model.name());
        if (l != null) {
            l.last = tick;
        }
    }

    @Override
    public synchronized void modelFinished(ModelResult r) {
        running.remove(r.name());
        if (running.isEmpty() && redraw != null) {
            redraw.cancel(false);
            redraw = null;
        }
        err.print("\r\033[K");
        err.println("fencecheck: " + positionOf(r.name()) + " " + finishedLine(r));
        err.flush();
    }

    private synchronized void draw() {
        StringJoiner line = new StringJoiner("  |  ");
        running.forEach((name, l) -> line.add(describe(name, l)));
        err.print("\r\033[K" + line);
        err.flush();
    }

    private static String describe(String name, Live l) {
        long seconds = (System.nanoTime() - l.started) / 1_000_000_000L;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s %s  run %d  %d:%02d", l.position, name,
                l.run, seconds / 60, seconds % 60));
        ProgressTick t = l.last;
        if (t != null) {
            s.append(String.format(Locale.ROOT, "  %,d states  queue %,d", t.distinct(), t.queue()));
            if (l.recorded != null && l.recorded > 0) {
                s.append(String.format(Locale.ROOT, "  ~%d%% of %,d", Math.min(100, 100 * t.distinct() / l.recorded),
                        l.recorded));
            }
        }
        return s.toString();
    }
}
