package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.FenceConfig.Hw.NEVER;
import static org.fencecheck.lincheck.FenceConfig.Hw.OP;
import static org.fencecheck.lincheck.FenceConfig.Hw.PASSED;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linearizability of the real {@link org.fencecheck.fence.DmaFence} (one fence of a {@link
 * org.fencecheck.driver.DriverTimeline}) against {@link FenceSpec}, with the invariants checked after every
 * scenario, under both designs and every driver behaviour: each driver lock (none, irqsave, plain, irq), with and
 * without {@code ->signaled}, hardware that never completes, that completed before the scenario (the driver's
 * "already passed" answers, no interrupt), and (LEGACY) completion and the interrupt as operations.
 *
 * <p>The stress strategy runs every configuration on random scenarios and on the hand-written ones
 * ({@link Targeted}); the model checker runs both on four configurations (one per driver lock, both designs, the
 * interrupt among them). Under REWORKED only hardware that never completes is checked against the atomic
 * specification here: with completing hardware REWORKED is not linearizable ({@link ReworkedFindingTest}).
 */
class RealFenceTest {

    static final int TARGETED_INVOCATIONS = 20;
    static final Checks.Budget MODEL_CHECKING = new Checks.Budget(1, 30, 2, 3, 1, 1);
    /** The model checker with a third thread, on the configuration with the interrupt. */
    static final Checks.Budget MODEL_CHECKING_3 = new Checks.Budget(1, 30, 3, 2, 1, 1);
    /**
     * Stress on the 2-core machine runs beside the TLC gate: its threads rarely overlap, and every interleaving
     * bug of the broken variants is the model checker's to find (BrokenVariantsTest). Halved (from 2 x 400 and
     * 200) when the test command's margin under 10 minutes was gone (docs/performance.md, eleventh session).
     */
    static final Checks.Budget STRESS = new Checks.Budget(2, 200, 3, 3, 1, 1);
    static final int STRESS_TARGETED_INVOCATIONS = 100;

    static Stream<FenceConfig> configs() {
        return Stream.of(
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.NONE, true, OP, 1),
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.IRQSAVE, false, PASSED, 1),
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.PLAIN, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.LEGACY, DriverLocking.IRQ, true, PASSED, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.NONE, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false, NEVER, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.PLAIN, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.REWORKED, DriverLocking.IRQ, false, NEVER, 1),
                // issue 18: the posted series' designs (REWORKED's call flows, void op, series2026's get_status)
                FenceConfig.real(LockingPolicy.RFC2024, DriverLocking.IRQSAVE, true, NEVER, 1),
                FenceConfig.real(LockingPolicy.SERIES2026, DriverLocking.FENCE, true, NEVER, 1));
    }

    /** One configuration per driver lock, both designs, the interrupt among them. */
    static Stream<FenceConfig> randomConfigs() {
        return configs().filter(c -> c.driverLock() == DriverLocking.NONE && c.policy() == LockingPolicy.LEGACY
                || c.driverLock() == DriverLocking.IRQ && c.policy() == LockingPolicy.LEGACY
                || c.driverLock() == DriverLocking.IRQSAVE && c.policy() == LockingPolicy.REWORKED
                || c.driverLock() == DriverLocking.PLAIN && c.policy() == LockingPolicy.REWORKED
                || c.policy() == LockingPolicy.RFC2024 || c.policy() == LockingPolicy.SERIES2026);
    }

    static Class<?> opsFor(FenceConfig c) {
        return c.hw() == OP ? HwFenceOps.class : OneFenceOps.class;
    }

    static ExecutionScenario[] targeted(FenceConfig c) {
        Class<?> ops = opsFor(c);
        List<ExecutionScenario> s = new ArrayList<>(List.of(Targeted.signalVsSignal(ops),
                Targeted.enableVsEnable(ops), Targeted.removeVsSignal(ops), Targeted.isSignaledVsSignal(ops),
                Targeted.addVsAdd(ops), Targeted.addVsError(ops)));
        if (c.hw() == OP) {
            s.add(Targeted.interruptVsReader(ops));
            s.add(Targeted.enableVsInterrupt(ops));
        }
        return s.toArray(new ExecutionScenario[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomConfigs")
    void modelCheckingTargeted(FenceConfig config) {
        Checks.check(Checks.modelChecking(TARGETED_INVOCATIONS, targeted(config)), opsFor(config), config,
                "model checking, targeted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomConfigs")
    void modelCheckingRandom(FenceConfig config) {
        Checks.check(Checks.modelChecking(MODEL_CHECKING), opsFor(config), config, "model checking, random");
        if (config.hw() == OP) {
            Checks.check(Checks.modelChecking(MODEL_CHECKING_3), opsFor(config), config,
                    "model checking, random 3 thr");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void stress(FenceConfig config) {
        Checks.check(Checks.stress(STRESS), opsFor(config), config, "stress, random");
        Checks.check(Checks.stress(STRESS_TARGETED_INVOCATIONS, targeted(config)), opsFor(config), config,
                "stress, targeted");
    }
}
