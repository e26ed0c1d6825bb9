package org.fencecheck.bench;

import org.fencecheck.sim.Machine;

/**
 * The simulated machine every benchmarked dma_fence lives on, with checking off: the lockdep-like validator is
 * switched off ({@link org.fencecheck.lockdep.Lockdep#setEnabled}) and no step listener is installed, so a step
 * costs what {@link Machine#step} documents for that case (the CPU lookup and the interrupt test, both part of
 * the simulated kernel rather than of the checking).
 */
public final class BenchMachine {

    /** The machine; its lockdep is off from class initialization on. */
    public static final Machine MACHINE = create();

    private BenchMachine() {
    }

    private static Machine create() {
        Machine m = new Machine("bench");
        m.lockdep().setEnabled(false);
        return m;
    }
}
