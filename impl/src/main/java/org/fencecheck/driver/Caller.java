package org.fencecheck.driver;

/**
 * The context a kernel call is made from (spec constant {@code Caller}); {@link DriverTimeline#callFrom} enters
 * it around the call and leaves it afterwards (spec {@code Call} and {@code CallerExit}).
 */
public enum Caller {
    /** Process context, IRQs on, nothing held. */
    PROCESS,
    /**
     * An irq_work: IRQs off, as {@code dma_fence_chain_irq_work()} re-arming a chain with
     * {@code dma_fence_chain_enable_signaling()} (RFC 7/7, 10/10).
     */
    IRQ_WORK,
    /**
     * Inside the callback of another fence of the timeline: {@code dma_fence_signal_timestamp_locked()} of that
     * fence holds the timeline's {@code fence->lock} with IRQs off.
     */
    CALLBACK;

    /** Returns the spec's spelling, e.g. {@code "irq_work"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the call runs in an atomic context (IRQs off) that must stay atomic. */
    public boolean atomic() {
        return this != PROCESS;
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name a {@code Caller} string
     * @return the caller
     * @throws IllegalArgumentException naming the unknown value
     */
    public static Caller ofSpecName(String name) {
        for (Caller c : values()) {
            if (c.specName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown Caller '" + name + "' (known: process, irq_work, callback)");
    }
}
