package org.fencecheck.bench;

import org.fencecheck.sim.Machine;

/**
 * The simulated machine every benchmarked dma_fence lives on, with checking off: the lockdep-like validator is
 * switched off ({@link org.fencecheck.lockdep.Lockdep#setEnabled}) and the machine is unobserved
 * ({@link Machine#unobserved}): it takes no step listener and no interrupt, so a step costs nothing instead of
 * the CPU lookup and interrupt test that the tests need as switch points. The benchmarked driver raises no
 * interrupt (it signals explicitly).
 */
public final class BenchMachine {

    /** The machine; its lockdep is off from class initialization on. */
    public static final Machine MACHINE = create();

    private BenchMachine() {
    }

    private static Machine create() {
        Machine m = Machine.unobserved("bench");
        m.lockdep().setEnabled(false);
        return m;
    }
}
