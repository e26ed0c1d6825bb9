package org.fencecheck.sim;

/**
 * Observes every atomic step of the simulated kernel code, for deterministic schedulers and trace recording.
 *
 * <p>{@link #beforeStep(Step)} runs on the thread of the CPU taking the step, just before the step takes effect
 * and after any interrupt pending at that point was delivered. It may block (a scheduler hands a baton among the
 * CPU threads at these points); it may hold the simulated spinlocks the CPU holds at that point, so it must not
 * take them itself. It must not throw except to abort the run.
 */
@FunctionalInterface
public interface StepListener {

    /** The listener that ignores every step; a machine without a listener pays one volatile read per step. */
    StepListener NONE = step -> { };

    /**
     * Called just before {@code step} takes effect, on the thread of the CPU taking it.
     *
     * @param step the step about to happen
     */
    void beforeStep(Step step);
}
