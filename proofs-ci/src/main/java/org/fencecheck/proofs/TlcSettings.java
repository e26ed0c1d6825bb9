package org.fencecheck.proofs;

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
 * @param jobs           how many models are checked at once, each by its own TLC process
 */
public record TlcSettings(int workers, String heap, int timeoutSeconds, int jobs) {
    /** The settings used when the manifest omits them. */
    public static final TlcSettings DEFAULTS = new TlcSettings(1, "2g", 300, 1);

    /** These settings with {@code jobs} replaced. */
    public TlcSettings withJobs(int jobs) {
        return new TlcSettings(workers, heap, timeoutSeconds, jobs);
    }
}
