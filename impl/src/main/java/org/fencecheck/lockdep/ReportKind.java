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
     * A driver op ({@code ->enable_signaling}, {@code ->signaled}) entered while the caller holds a lock of the
     * fence-lock class with IRQs off (the spec's {@code NoDriverOpUnderFenceLock}; not a deadlock by itself).
     */
    DRIVER_OP_UNDER_FENCE_LOCK(false);

    private final boolean deadlockCause;

    ReportKind(boolean deadlockCause) {
        this.deadlockCause = deadlockCause;
    }

    /** Returns whether this kind is the cause of a possible deadlock (the first two kinds). */
    public boolean isDeadlockCause() {
        return deadlockCause;
    }
}
