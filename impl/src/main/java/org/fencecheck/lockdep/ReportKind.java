package org.fencecheck.lockdep;

/** The hazards the validator reports. */
public enum ReportKind {
    /**
     * A cycle in the lock-order graph: class A held while taking B on one path, B held while taking A on another
     * (lockdep's "possible circular locking dependency"). The cause of a cross-CPU (ABBA) deadlock.
     */
    LOCK_ORDER_CYCLE(true),
    /**
     * A class taken in hard-IRQ context and also taken, or held, with IRQs enabled (lockdep's "inconsistent
     * {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage"). The cause of a same-CPU deadlock against an interrupt.
     */
    INCONSISTENT_IRQ_USE(true),
    /**
     * A class taken again in the same context while that context already holds a lock of it (lockdep's
     * "possible recursive locking detected"): with one lock per class, as the timeline's {@code fence->lock},
     * the CPU spins on itself. The cause of the spec's {@code NoSelfDeadlock} violation when a series2026 driver
     * calls {@code ->check_signaled} (which calls {@code dma_fence_signal()}) under the fence lock, or when a
     * callback of a fence calls into a fence of the same timeline.
     */
    RECURSIVE_LOCK(true),
    /**
     * IRQs enabled in process context while the call runs from an atomic context (an irq_work, another fence's
     * callback under its lock), or in hard-IRQ context itself: {@code spin_unlock_irq()} there lets an interrupt
     * nest where the caller relies on IRQs being off (the spec's {@code AtomicCallerKeepsIrqsOff}; not a deadlock
     * by itself).
     */
    IRQS_ENABLED_IN_ATOMIC_CALLER(false),
    /**
     * A driver op ({@code ->enable_signaling}, {@code ->signaled}) entered while the caller holds a lock of the
     * fence-lock class with IRQs off (the spec's {@code NoDriverOpUnderFenceLock}; not a deadlock by itself).
     */
    DRIVER_OP_UNDER_FENCE_LOCK(false),
    /**
     * A kernel call that returns to its process-context caller, outside any atomic caller, with IRQs still
     * disabled (the {@code "syscall %lu left IRQs disabled"} WARN of the entry code under CONFIG_PROVE_LOCKING),
     * as a {@code spin_lock_irqsave()} released with a plain {@code spin_unlock()} leaves them (the spec's
     * {@code IrqStateRestored}; not a deadlock by itself).
     */
    IRQ_STATE_NOT_RESTORED(false);

    private final boolean deadlockCause;

    ReportKind(boolean deadlockCause) {
        this.deadlockCause = deadlockCause;
    }

    /** Returns whether this kind is the cause of a possible deadlock (the first two kinds). */
    public boolean isDeadlockCause() {
        return deadlockCause;
    }
}
