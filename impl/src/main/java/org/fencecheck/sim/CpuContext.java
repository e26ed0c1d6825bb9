package org.fencecheck.sim;

/**
 * The execution context a simulated CPU runs in: process context, or hard-IRQ context nested on top of it.
 *
 * <p>{@link #toString()} gives the spec's spelling ({@code "proc"} / {@code "irq"}, see docs/vocabulary.md).
 */
public enum CpuContext {
    /** Process context (a task, or a kthread). */
    PROC("proc"),
    /** Hard-IRQ context: an interrupt handler running nested on the CPU with IRQs off. */
    IRQ("irq");

    private final String specName;

    CpuContext(String specName) {
        this.specName = specName;
    }

    /** Returns the spec's name of this context, {@code "proc"} or {@code "irq"}. */
    @Override
    public String toString() {
        return specName;
    }
}
