package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.Scenarios.op;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What Lincheck finds about REWORKED: with a driver whose hardware can complete, the reworked
 * {@code __dma_fence_enable_signaling()} is not linearizable against the atomic specification.
 *
 * <p>The history: two CPUs call {@code dma_fence_add_callback()} on a fence whose hardware has already passed.
 * CPU A wins the lock-free ENABLE_SIGNAL test-and-set and is inside {@code ->enable_signaling}; CPU B loses it,
 * returns "enabled" at once, takes the lock, sees SIGNALED still clear and links its callback (returns 0). A's
 * driver then answers "already passed", A signals and runs B's callback, and A returns {@code -ENOENT}. No
 * sequential order gives that: whichever call enables first learns from the driver that the fence passed and
 * signals it before any callback is linked, so both calls return {@code -ENOENT}. Under LEGACY the same two calls
 * are linearizable, because A holds fence->lock from the test-and-set until the driver answered. No callback is
 * lost or doubled (the invariants hold, checked below): what breaks is atomicity, "ENABLE_SIGNAL set" being
 * visible before "the driver was told".
 */
class ReworkedFindingTest {

    /** Only the hand-written scenario (0 random ones); the model checker explores its interleavings. */
    static final Checks.Budget CUSTOM_ONLY = new Checks.Budget(0, 100, 2, 1, 0, 0);
    static final Checks.Budget INVARIANTS = new Checks.Budget(1, 30, 3, 2, 1, 1);
    static final Checks.Budget STRESS = new Checks.Budget(2, 400, 3, 3, 1, 1);

    private static org.jetbrains.lincheck.datastructures.ModelCheckingOptions twoAddsScenario() {
        var o = Checks.modelChecking(CUSTOM_ONLY);
        o.addCustomScenario(Scenarios.of(OneFenceOps.class)
                .thread(op("addCallback", 1))
                .thread(op("addCallback", 2))
                .build());
        return o;
    }

    /**
     * The finding holds for every design with REWORKED's lock-free enable: RFC 7/7 and the 2026 series only make
     * the op void (the driver signals the passed fence itself, running B's callback the same way).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LockingPolicy.class, names = {"REWORKED", "RFC2024", "SERIES2026"})
    void reworkedTwoAddsOnAPassedFenceAreNotLinearizable(LockingPolicy design) {
        FenceConfig c = FenceConfig.real(design, DriverLocking.NONE, false, FenceConfig.Hw.PASSED, 1);
        String report = Checks.expectFailure(twoAddsScenario(), OneFenceOps.class, c, "finding: add || add");
        assertTrue(report.contains("Invalid execution results"), report);
        assertTrue(report.contains("addCallback(1): 0") || report.contains("addCallback(2): 0"), report);
        assertTrue(report.contains("-ENOENT ran[cb"), report);
        assertTrue(report.contains("The following interleaving leads to the error"), report);
    }

    @Test
    void legacyTwoAddsOnAPassedFenceAreLinearizable() {
        FenceConfig c = FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.NONE, false, FenceConfig.Hw.PASSED, 1);
        Checks.check(twoAddsScenario(), OneFenceOps.class, c, "control: add || add");
    }

    /** REWORKED with completing hardware: the invariants hold over every explored interleaving. */
    @Test
    void reworkedInvariantsHoldWithCompletingHardware() {
        FenceConfig passed = FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, true,
                FenceConfig.Hw.PASSED, 1);
        FenceConfig irq = FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.PLAIN, true, FenceConfig.Hw.OP, 1);
        Checks.check(Checks.invariantsOnly(Checks.modelChecking(INVARIANTS)), OneFenceOps.class, passed,
                "invariants, model checking");
        Checks.check(Checks.invariantsOnly(Checks.stress(STRESS)), OneFenceOps.class, passed, "invariants, stress");
        Checks.check(Checks.invariantsOnly(Checks.modelChecking(INVARIANTS)), HwFenceOps.class, irq,
                "invariants, model checking");
        Checks.check(Checks.invariantsOnly(Checks.stress(STRESS)), HwFenceOps.class, irq, "invariants, stress");
    }

    /**
     * The void-op designs with completing hardware (the driver signals by itself: dma_fence_signal() after its
     * lock under rfc2024, dma_fence_signal_locked() under the fence lock it shares under series2026): the
     * invariants hold over every explored interleaving.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LockingPolicy.class, names = {"RFC2024", "SERIES2026"})
    void voidOpInvariantsHoldWithCompletingHardware(LockingPolicy design) {
        DriverLocking lock = design == LockingPolicy.SERIES2026 ? DriverLocking.FENCE : DriverLocking.IRQSAVE;
        FenceConfig passed = FenceConfig.real(design, lock, true, FenceConfig.Hw.PASSED, 1);
        FenceConfig irq = FenceConfig.real(design, lock, true, FenceConfig.Hw.OP, 1);
        Checks.check(Checks.invariantsOnly(Checks.modelChecking(INVARIANTS)), OneFenceOps.class, passed,
                "invariants, model checking");
        Checks.check(Checks.invariantsOnly(Checks.modelChecking(INVARIANTS)), HwFenceOps.class, irq,
                "invariants, model checking");
    }
}
