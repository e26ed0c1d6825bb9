package org.fencecheck.driver;

/** How the driver's interrupt handler holds its lock across signalling (spec constant {@code Handler}). */
public enum IrqHandler {
    /** The handler holds its lock while it signals (radeon, xe, host1x). */
    HELD,
    /**
     * The handler takes back, under its lock, the entries of every fence the hardware passed, drops the lock and
     * then signals with {@code dma_fence_signal()} (i915's {@code signal_irq_work}).
     */
    DROPPED;

    /** Returns the spec's spelling, {@code "held"} or {@code "dropped"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name a {@code Handler} string
     * @return the handler shape
     * @throws IllegalArgumentException naming the unknown value
     */
    public static IrqHandler ofSpecName(String name) {
        for (IrqHandler h : values()) {
            if (h.specName().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown Handler '" + name + "' (known: held, dropped)");
    }
}
