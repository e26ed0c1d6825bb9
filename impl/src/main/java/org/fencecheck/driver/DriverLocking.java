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
    IRQ;

    /** Returns the spec's spelling, e.g. {@code "irqsave"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
