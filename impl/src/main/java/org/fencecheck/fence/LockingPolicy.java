package org.fencecheck.fence;

/**
 * Where {@code __dma_fence_enable_signaling()} calls the driver's {@code ->enable_signaling} (spec constant
 * {@code Design}).
 */
public enum LockingPolicy {
    /**
     * 6.x mainline: the ENABLE_SIGNAL test-and-set and {@code ->enable_signaling} run under {@code fence->lock}
     * with IRQs off; a false return signals with {@code dma_fence_signal_locked()}.
     */
    LEGACY,
    /**
     * The seed's proposal: the ENABLE_SIGNAL test-and-set is atomic and lock-free, {@code ->enable_signaling}
     * runs with no fence lock held and the caller's IRQ state, a false return signals with
     * {@code dma_fence_signal()} (which takes the lock), and {@code dma_fence_add_callback()} then takes the lock
     * and re-checks SIGNALED before appending.
     */
    REWORKED;

    /** Returns the spec's spelling, {@code "legacy"} or {@code "reworked"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
