package org.fencecheck.fence;

/**
 * Mirrors {@code struct dma_fence_ops}: the driver's side of a fence.
 *
 * <p>The optional ops of the C struct ({@code enable_signaling}, {@code signaled}, {@code wait},
 * {@code release}) are default methods here; an op counts as present exactly when the ops class overrides it,
 * which is how the core tells a NULL function pointer from one that happens to return the same value (a fence
 * without {@code ->enable_signaling} is "always enabled" and no driver code runs; one without {@code ->signaled}
 * is only signaled by an explicit signal). The defaults are never called by the core.
 */
public interface DmaFenceOps {

    /**
     * Mirrors {@code ops->get_driver_name()}.
     *
     * @param fence the fence
     * @return the driver's name
     */
    String getDriverName(DmaFence fence);

    /**
     * Mirrors {@code ops->get_timeline_name()}.
     *
     * @param fence the fence
     * @return the timeline's name
     */
    String getTimelineName(DmaFence fence);

    /**
     * Mirrors {@code ops->enable_signaling()} (optional): called at most once per fence, the first time someone
     * needs a signal (add_callback, wait, enable_sw_signaling). Under {@link LockingPolicy#LEGACY} with the fence
     * lock held and IRQs off; under {@link LockingPolicy#REWORKED} with no fence lock and the caller's IRQ state.
     *
     * @param fence the fence
     * @return false if the fence already passed (the core then signals it), true otherwise
     */
    default boolean enableSignaling(DmaFence fence) {
        return true;
    }

    /**
     * Mirrors {@code ops->signaled()} (optional): whether the fence has passed, without the lock from
     * {@code dma_fence_is_signaled()} or with it from {@code dma_fence_is_signaled_locked()}. Must be monotone.
     *
     * @param fence the fence
     * @return whether it has passed
     */
    default boolean signaled(DmaFence fence) {
        return false;
    }

    /**
     * Mirrors {@code ops->wait()} (optional): a custom wait with the contract of
     * {@link DmaFence#waitTimeout(boolean, long)}; absent, the core uses {@link DmaFence#defaultWait}.
     *
     * @param fence   the fence
     * @param intr    interruptible
     * @param timeout jiffies
     * @return remaining jiffies, 0 on timeout, or a negative error
     */
    default long waitOp(DmaFence fence, boolean intr, long timeout) {
        return fence.defaultWait(intr, timeout);
    }

    /**
     * Mirrors {@code ops->release()} (optional): the last reference was dropped; no lock held, any context.
     *
     * @param fence the fence
     */
    default void release(DmaFence fence) {
    }

    /**
     * Mirrors {@code ops->use_64bit_seqno} (5.2-6.x): compare seqnos as 64-bit numbers rather than with 32-bit
     * wrap-around.
     *
     * @return whether seqnos are 64-bit
     */
    default boolean use64bitSeqno() {
        return false;
    }

    /**
     * The module this table lives in ({@code THIS_MODULE}; not a member of the C struct, whose address alone says
     * it). The core asks it at every dereference of {@code fence->ops}; built-in tables need not override this.
     *
     * @return the owning module, {@link OpsOwner#BUILT_IN} by default
     */
    default OpsOwner owner() {
        return OpsOwner.BUILT_IN;
    }
}
