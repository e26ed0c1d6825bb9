package org.fencecheck.bench;

import org.fencecheck.sim.Machine;

/**
 * The simulated machine every benchmarked dma_fence lives on, with checking off: the lockdep-like validator is
 * switched off ({@link org.fencecheck.lockdep.Lockdep#setEnabled}), no step listener is installed, and steps
 * nobody observes are elided ({@link Machine#setElideUnobservedSteps}): while no interrupt was ever raised a step
 * costs two volatile reads instead of the CPU lookup and interrupt test that the tests need as switch points.
 */
public final class BenchMachine {

    /** The machine; its lockdep is off from class initialization on. */
    public static final Machine MACHINE = create();

    private BenchMachine() {
    }

    private static Machine create() {
        Machine m = new Machine("bench");
        m.lockdep().setEnabled(false);
        m.setElideUnobservedSteps(true);
        return m;
    }
}
