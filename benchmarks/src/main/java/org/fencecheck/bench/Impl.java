package org.fencecheck.bench;

import org.fencecheck.fence.LockingPolicy;

/**
 * The implementations a benchmark compares, as its {@code impl} {@code @Param}: the Java dma_fence under each
 * {@link LockingPolicy}, {@link java.util.concurrent.CompletableFuture}, and {@link NaiveFence}. The names are
 * what the JSON results and the table show.
 */
public enum Impl {

    /** {@code DmaFence} under {@link LockingPolicy#LEGACY}, checking off. */
    LEGACY,
    /** {@code DmaFence} under {@link LockingPolicy#REWORKED}, checking off. */
    REWORKED,
    /** {@link java.util.concurrent.CompletableFuture}: {@code complete()}, {@code thenRun()}, {@code join()}. */
    COMPLETABLE_FUTURE,
    /** {@link NaiveFence}: one monitor around everything. */
    NAIVE;

    /**
     * Returns a new subject of this implementation, with its own lock or state, so benchmarks share nothing.
     *
     * @return the subject, typed for the benchmarks' {@code Object} fields
     */
    @SuppressWarnings("unchecked")
    public Subject<Object, Object> newSubject() {
        Subject<?, ?> s = switch (this) {
            case LEGACY -> new DmaFenceSubject(LockingPolicy.LEGACY);
            case REWORKED -> new DmaFenceSubject(LockingPolicy.REWORKED);
            case COMPLETABLE_FUTURE -> new FutureSubject();
            case NAIVE -> new NaiveSubject();
        };
        return (Subject<Object, Object>) s;
    }
}
