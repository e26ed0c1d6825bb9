package org.fencecheck.fence;

/**
 * The design of the fence core: where {@code __dma_fence_enable_signaling()} calls the driver's
 * {@code ->enable_signaling}, what the op returns, and what {@code dma_fence_is_signaled()} and
 * {@code dma_fence_get_status()} ask the driver (spec constant {@code Design}).
 *
 * <p>The three designs after LEGACY share REWORKED's call flows (add_callback: fast path, unlocked enable, lock,
 * re-check, insert); they differ in who signals a fence the driver found passed, and in the queries.
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
    REWORKED,
    /**
     * RFC patch 7/7 (Message-Id {@code <20240911085903.1496-8-christian.koenig@amd.com>}): REWORKED's core, but
     * {@code ->enable_signaling} returns void and the driver signals a passed fence itself (the driver's
     * {@code OpSignal}); {@code dma_fence_get_status()} still calls {@code ->signaled} under the lock.
     */
    RFC2024,
    /**
     * The June 2026 series, patches 07-10/10 (Message-Ids {@code <20260624122917.2483-8..11-christian.koenig@amd.com>},
     * 02/10 {@code <...-3-...>} for get_status): lock-free {@code dma_fence_enable_signaling()}, a void op that
     * signals by itself, a void {@code ->check_signaled} that calls {@code dma_fence_signal()} (08/10), and
     * {@code dma_fence_get_status()} a pure flag test under the lock (02/10 + 07/10).
     */
    SERIES2026;

    /** Returns the spec's spelling: {@code "legacy"}, {@code "reworked"}, {@code "rfc2024"} or {@code "series2026"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name a {@code Design} string
     * @return the design
     * @throws IllegalArgumentException naming the unknown design and the known ones
     */
    public static LockingPolicy ofSpecName(String name) {
        for (LockingPolicy p : values()) {
            if (p.specName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown Design '" + name
                + "' (known: legacy, reworked, rfc2024, series2026)");
    }

    /** Whether {@code __dma_fence_enable_signaling()} runs without {@code fence->lock} (every design but LEGACY). */
    public boolean enablesUnlocked() {
        return this != LEGACY;
    }

    /**
     * Whether {@code ->enable_signaling} is void (RFC 7/7, 09/10): the core ignores the driver's answer and the
     * driver signals a passed fence itself. The spec's {@code OpSignal} is {@code "return_false"} exactly in the
     * other two designs.
     */
    public boolean voidEnableSignaling() {
        return this == RFC2024 || this == SERIES2026;
    }

    /**
     * Whether the driver's completion test is {@code ->check_signaled}, which calls {@code dma_fence_signal()}
     * itself (08/10; spec {@code CheckSignals}).
     */
    public boolean checkSignals() {
        return this == SERIES2026;
    }

    /**
     * Whether {@code dma_fence_get_status()} only tests SIGNALED under the lock, never asking the driver
     * (02/10 {@code dma_fence_get_status_locked()}; 07/10 deletes {@code dma_fence_is_signaled_locked()}).
     */
    public boolean statusTestsFlagOnly() {
        return this == SERIES2026;
    }
}
