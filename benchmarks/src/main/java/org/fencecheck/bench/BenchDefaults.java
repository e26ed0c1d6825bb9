package org.fencecheck.bench;

/**
 * The defaults every benchmark class repeats in its annotations, in one place: short enough for a whole run in a
 * few minutes on a 2-core machine, overridable on JMH's command line ({@code -f -wi -w -i -r}).
 */
final class BenchDefaults {

    /** One fork: the 2-core machine has no room for parallel forks, and a second fork mainly doubles time. */
    static final int FORKS = 1;
    static final int WARMUP_ITERATIONS = 3;
    static final int MEASUREMENT_ITERATIONS = 5;
    /** Seconds per iteration. */
    static final int SECONDS = 1;

    /** A fixed heap, so GC sizing does not differ between forks. */
    static final String HEAP_MIN = "-Xms512m";
    static final String HEAP_MAX = "-Xmx512m";

    private BenchDefaults() {
    }
}
