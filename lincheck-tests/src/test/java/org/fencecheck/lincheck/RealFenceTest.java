package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.FenceConfig.Hw.NEVER;
import static org.fencecheck.lincheck.FenceConfig.Hw.OP;
import static org.fencecheck.lincheck.FenceConfig.Hw.PASSED;

import java.util.stream.Stream;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linearizability of the real {@link org.fencecheck.fence.DmaFence} (one fence of a {@link
 * org.fencecheck.driver.DriverTimeline}) against {@link FenceSpec}, with the invariants checked after every
 * scenario, under both designs and every driver behaviour: each driver lock (none, irqsave, plain, irq), with and
 * without {@code ->signaled}, hardware that never completes, that completed before the scenario (the driver's
 * "already passed" answers, no interrupt), and (LEGACY) completion plus the interrupt as operations.
 *
 * <p>Under REWORKED only hardware that never completes is checked against the atomic specification here: with
 * completing hardware REWORKED is not linearizable (see {@link ReworkedFindingTest}).
 */
class RealFenceTest {

    /** The main check. */
    static final Checks.Budget MODEL_CHECKING = new Checks.Budget(4, 60, 2, 3, 1, 1);
    /** The model checker with a third thread, on the configuration with the interrupt. */
    static final Checks.Budget MODEL_CHECKING_3 = new Checks.Budget(3, 40, 3, 2, 1, 1);
    static final Checks.Budget STRESS = new Checks.Budget(6, 400, 3, 3, 1, 1);

    static Stream<FenceConfig> configs() {
        return Stream.of(
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.NONE, true, OP, 1),
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.IRQSAVE, false, PASSED, 1),
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.PLAIN, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.IRQ, true, PASSED, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.NONE, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false, NEVER, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.PLAIN, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.IRQ, false, NEVER, 1));
    }

    static Class<?> opsFor(FenceConfig c) {
        return c.hw() == OP ? HwFenceOps.class : OneFenceOps.class;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void modelChecking(FenceConfig config) {
        Checks.check(Checks.modelChecking(MODEL_CHECKING), opsFor(config), config, "model checking");
        if (config.hw() == OP) {
            Checks.check(Checks.modelChecking(MODEL_CHECKING_3), opsFor(config), config, "model checking, 3 thr");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void stress(FenceConfig config) {
        Checks.check(Checks.stress(STRESS), opsFor(config), config, "stress");
    }
}
