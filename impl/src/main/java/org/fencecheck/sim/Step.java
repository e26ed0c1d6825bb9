package org.fencecheck.sim;

/**
 * One atomic step of the simulated kernel code, announced to a {@link StepListener} just before it takes effect.
 * The fields mirror the spec's {@code step} record {@code [cpu, ctx, fn, act, fence]}: {@code fn} is the kernel
 * function the step belongs to and {@code act} the C spelling of what it does, with the same strings as
 * spec/DmaFence.tla (for example {@code fn = "dma_fence_add_callback"}, {@code act =
 * "spin_lock_irqsave(fence->lock)"}).
 *
 * @param action  the kind of step
 * @param cpu     the id of the CPU taking the step ({@link #HARDWARE} for the simulated device itself)
 * @param context the context the CPU runs in
 * @param fn      the kernel function the step belongs to
 * @param act     what the step does, in the spec's words
 * @param fence   the seqno of the fence the step concerns, or {@link #NO_FENCE}
 */
public record Step(Action action, int cpu, CpuContext context, String fn, String act, long fence) {

    /** The {@code fence} of a step that concerns no fence. */
    public static final long NO_FENCE = -1;

    /** The {@code cpu} of a step the hardware takes rather than a CPU. */
    public static final int HARDWARE = -1;

    @Override
    public String toString() {
        return "cpu" + cpu + "/" + context + " " + fn + ": " + act
                + (fence == NO_FENCE ? "" : " [fence " + fence + "]");
    }
}
