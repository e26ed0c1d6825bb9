package org.fencecheck.tlc;

import java.util.List;

/**
 * How the gate runs TLC, from the manifest's {@code tlc} object.
 *
 * <p>{@code jobs} and {@code workers} share the cores: a TLC run of a small model spends a large part of its time
 * in the JVM's start and in parsing the spec, which one worker thread cannot speed up, so for many small models
 * two jobs of one worker each keep two cores busier than one job of two workers. A state count does not depend
 * on either; the {@code seconds} of a model measured with two jobs include the share of the cores the other job
 * took.
 *
 * @param workers        TLC worker threads of one TLC run ({@code -workers})
 * @param heap           the forked JVM's {@code -Xmx}, e.g. "2g"; each job has its own
 * @param timeoutSeconds wall-clock budget of one model, all of its TLC runs together
 * <p>{@code jvmOptions} go to the forked JVM before TLC's class. The manifest sets
 * {@code -XX:TieredStopAtLevel=1} (the C1 compiler only): most of the gate's TLC runs last a few seconds, and in
 * those the C2 compiler's threads burn more CPU than its faster code gives back. Measured on the 2-core machine,
 * the whole default gate: 315 s and 544 CPU-seconds with C2, 247 s and 398 CPU-seconds with C1 only; a single
 * long liveness run (51,448 states) is 40% slower with C1 only, which the short runs more than repay.
 *
 * @param workers        TLC worker threads of one TLC run ({@code -workers})
 * @param heap           the forked JVM's {@code -Xmx}, e.g. "2g"; each job has its own
 * @param timeoutSeconds wall-clock budget of one model, all of its TLC runs together
 * @param jobs           how many models are checked at once, each by its own TLC process
 * @param jvmOptions     extra options of the forked JVM, e.g. {@code -XX:TieredStopAtLevel=1}
 * @param temporalJvmOptions the same for a run that checks temporal properties: such a run spends most of its
 *                       time in TLC's liveness checker, where C2's code pays back its compile time
 *                       (MCDmaFence_live_reworked_none, 51,448 states, alone on the 2-core machine: 60 s with C1
 *                       only and the serial collector, 31 s with C2 and the parallel one)
 */
public record TlcSettings(int workers, String heap, int timeoutSeconds, int jobs, List<String> jvmOptions,
                          List<String> temporalJvmOptions) {
    /** The settings used when the manifest omits them. */
    public static final TlcSettings DEFAULTS = new TlcSettings(1, "2g", 300, 1, List.of(), List.of());

    public TlcSettings {
        jvmOptions = List.copyOf(jvmOptions);
        temporalJvmOptions = List.copyOf(temporalJvmOptions);
    }

    /** Settings whose runs with temporal properties use the same JVM options as the others. */
    public TlcSettings(int workers, String heap, int timeoutSeconds, int jobs, List<String> jvmOptions) {
        this(workers, heap, timeoutSeconds, jobs, jvmOptions, jvmOptions);
    }

    /** These settings with {@code jobs} replaced. */
    public TlcSettings withJobs(int jobs) {
        return new TlcSettings(workers, heap, timeoutSeconds, jobs, jvmOptions, temporalJvmOptions);
    }

    /** The JVM options of a run that checks temporal properties ({@code temporal}) or only safety. */
    public List<String> jvmOptions(boolean temporal) {
        return temporal ? temporalJvmOptions : jvmOptions;
    }

    /**
     * The smallest recorded state space for which a temporal run gets {@link #temporalJvmOptions}. C2 and the
     * parallel collector pay back only on long liveness runs (51,448 states: 60 s with C1 only, 31 s with C2);
     * below this size the run is short, and C2's compile threads and the parallel collector's threads double its
     * CPU-seconds, which the gate's other job pays for on two cores. Measured alone, 2026-12-07, C2 + parallel
     * against C1 + serial: chain_live_series2026 (4,324 states) 8.1 s / 12.3 CPU-s against 8.5 s / 8.3 CPU-s,
     * lifetime_live_reworked (23,536) 5.7 / 8.2 against 6.8 / 6.4, live_legacy_none_1call (1,059) 3.0 / 4.8
     * against 1.9 / 1.9, broken_chain_op_forgets_signal 4.8 / 7.2 against 3.9 / 3.8.
     */
    public static final long LONG_TEMPORAL_STATES = 30_000;

    /**
     * The smallest recorded state space for which a safety run gets {@link #temporalJvmOptions} too: a run of
     * minutes, where C2's code pays back its compile time as in a long liveness run. Measured alone, 2026-12-07,
     * order_reworked (280,169 states, one worker): 23-25 s with C2 and the parallel collector, 30 s with C1 only;
     * the gate's default models are all far below this size, the every-dimension-at-3 model far above it.
     */
    public static final long LONG_SAFETY_STATES = 1_000_000;

    /**
     * The JVM options of a run of a model whose recorded state space is {@code states} (null when none is
     * recorded, as for a broken model): {@link #temporalJvmOptions} for a temporal run of a model of at least
     * {@link #LONG_TEMPORAL_STATES} states and for any run of a model of at least {@link #LONG_SAFETY_STATES}.
     */
    public List<String> jvmOptions(boolean temporal, Long states) {
        boolean long_ = states != null
                && (states >= LONG_SAFETY_STATES || temporal && states >= LONG_TEMPORAL_STATES);
        return jvmOptions(long_);
    }
}
