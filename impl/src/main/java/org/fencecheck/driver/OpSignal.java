package org.fencecheck.driver;

/** How {@code ->enable_signaling} gets a passed fence signalled (spec constant {@code OpSignal}). */
public enum OpSignal {
    /** It returns false and the core signals (LEGACY, REWORKED: the op is bool). */
    RETURN_FALSE,
    /**
     * Void op: it drops its lock and calls {@code dma_fence_signal()} itself (RFC 7/7's radeon, i915, nouveau,
     * host1x).
     */
    SIGNAL,
    /**
     * Void op whose lock is the fence lock: {@code dma_fence_signal_locked()} under the lock it took with
     * {@code dma_fence_lock_irqsave()}, then unlock (09/10, 10/10).
     */
    LOCKED;

    /** Returns the spec's spelling, e.g. {@code "return_false"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name an {@code OpSignal} string
     * @return the value
     * @throws IllegalArgumentException naming the unknown value
     */
    public static OpSignal ofSpecName(String name) {
        for (OpSignal s : values()) {
            if (s.specName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown OpSignal '" + name + "' (known: return_false, signal, locked)");
    }
}
