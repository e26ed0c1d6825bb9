package org.fencecheck.lincheck;

import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.junit.jupiter.api.Test;

/**
 * Two fences of one context: one shared fence->lock, one driver, one interrupt that signals every passed fence.
 *
 * <p>Without the interrupt each call touches one fence, and the two fences must behave as two independent
 * linearizable fences although they share the lock and the driver: checked against {@link FenceSpec}. With the
 * interrupt, the handler signals the passed fences one at a time (the model's {@code IrqNextFence} is one step
 * per fence, and the lock is dropped between them), so a call that looks at both fences in between sees a state
 * that no atomic {@code irq()} produces; that configuration is checked for the invariants (callbacks exactly once
 * and only after SIGNALED, the handler's callbacks in emission order, enable_signaling at most once, locks free)
 * over every explored interleaving.
 */
class TwoFenceTest {

    static final Checks.Budget MODEL_CHECKING = new Checks.Budget(1, 30, 2, 3, 1, 1);
    static final Checks.Budget STRESS = new Checks.Budget(2, 400, 3, 3, 1, 1);

    @Test
    void linearizableWithoutInterrupt() {
        FenceConfig c = FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.IRQSAVE, true, FenceConfig.Hw.PASSED, 2);
        Checks.check(Checks.modelChecking(MODEL_CHECKING), TwoFenceOps.class, c, "model checking");
        Checks.check(Checks.stress(STRESS), TwoFenceOps.class, c, "stress");
    }

    @Test
    void reworkedLinearizableWithoutHardware() {
        FenceConfig c = FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.IRQ, true, FenceConfig.Hw.NEVER, 2);
        Checks.check(Checks.modelChecking(MODEL_CHECKING), TwoFenceOps.class, c, "model checking");
        Checks.check(Checks.stress(STRESS), TwoFenceOps.class, c, "stress");
    }

    @Test
    void invariantsWithInterrupt() {
        for (FenceConfig c : new FenceConfig[] {
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.NONE, true, FenceConfig.Hw.OP, 2),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.PLAIN, false, FenceConfig.Hw.OP, 2)}) {
            Checks.check(Checks.invariantsOnly(Checks.modelChecking(MODEL_CHECKING)), TwoFenceOps.class, c,
                    "invariants, model checking");
            Checks.check(Checks.invariantsOnly(Checks.stress(STRESS)), TwoFenceOps.class, c, "invariants, stress");
        }
    }
}
