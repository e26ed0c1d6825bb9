package org.fencecheck.driver;

/**
 * How the simulated driver's {@code ->enable_signaling} takes its own spinlock (spec constant {@code DriverLock}).
 * The interrupt handler always uses plain {@code spin_lock()}, unless {@link #NONE}.
 */
public enum DriverLocking {
    /** The driver needs no lock. */
    NONE,
    /** {@code spin_lock_irqsave()} / {@code spin_unlock_irqrestore()}: correct in any context. */
    IRQSAVE,
    /** {@code spin_lock()} / {@code spin_unlock()}, IRQ state untouched (the old documentation's advice). */
    PLAIN,
    /** {@code spin_lock_irq()} / {@code spin_unlock_irq()}: the unlock enables IRQs whatever they were. */
    IRQ,
    /**
     * The driver's lock is the fence lock itself (radeon, i915, nouveau, xe, host1x, vmwgfx, amdkfd): under
     * LEGACY the op takes no lock (the core holds it), elsewhere it takes {@code fence->lock} irqsave
     * ({@code dma_fence_lock_irqsave()} in 09/10); the handler takes it with plain {@code spin_lock()}.
     */
    FENCE;

    /** Returns the spec's spelling, e.g. {@code "irqsave"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name a {@code DriverLock} string
     * @return the locking
     * @throws IllegalArgumentException naming the unknown value
     */
    public static DriverLocking ofSpecName(String name) {
        for (DriverLocking l : values()) {
            if (l.specName().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown DriverLock '" + name
                + "' (known: none, irqsave, plain, irq, fence)");
    }
}
