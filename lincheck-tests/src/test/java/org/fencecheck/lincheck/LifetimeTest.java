package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.Scenarios.op;
import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.fencecheck.driver.DriverModule;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fences that outlive their driver (issue 6, spec DmaFenceLifetime.tla): the module's unload racing
 * {@code dma_fence_is_signaled()}, {@code dma_fence_enable_sw_signaling()}, {@code dma_fence_add_callback()},
 * {@code dma_fence_get_status()} and the name queries, checked against {@link LifetimeSpec} with
 * NoCodeAfterUnload and NoNullOpsCall (impl's module validator) as the {@code @Validate} function.
 *
 * <p>The upstream design ({@link OpsLifetime#RCU_DETACH}, a driver without {@code ->release}/{@code ->wait})
 * passes under both locking policies; each broken variant fails on the race that exposes it; and the two
 * configurations the manifest records as violating NoCodeAfterUnload fail here too: the legacy plain pointer,
 * and RCU_DETACH with a driver that has {@code ->release} (its ops are not detached, and a CPU that enters its
 * read-side section after the grace period started still reaches the module once it is freed).
 */
class LifetimeTest {

    static final int TARGETED_INVOCATIONS = 25;
    static final Checks.Budget RANDOM = new Checks.Budget(1, 15, 2, 2, 0, 1);
    static final int STRESS_TARGETED_INVOCATIONS = 100;
    static final Checks.Budget STRESS = new Checks.Budget(1, 150, 2, 3, 0, 1);
    static final int BROKEN_INVOCATIONS = 200;

    static ExecutionScenario isSignaledVsUnload() {
        return Scenarios.of(LifetimeOps.class)
                .thread(op("isSignaled"))
                .thread(op("unload"))
                .post(op("driverName"))
                .build();
    }

    static ExecutionScenario enableVsUnload() {
        return Scenarios.of(LifetimeOps.class)
                .thread(op("enableSwSignaling"))
                .thread(op("unload"))
                .build();
    }

    static ExecutionScenario addAndStatusVsUnload() {
        return Scenarios.of(LifetimeOps.class)
                .thread(op("addCallback", 1), op("getStatus"))
                .thread(op("unload"))
                .build();
    }

    static ExecutionScenario namesVsUnload() {
        return Scenarios.of(LifetimeOps.class)
                .thread(op("driverName"), op("timelineName"))
                .thread(op("unload"))
                .build();
    }

    static ExecutionScenario isSignaledVsSignal() {
        return Scenarios.of(LifetimeOps.class)
                .thread(op("isSignaled"))
                .thread(op("signal"))
                .post(op("getStatus"))
                .build();
    }

    static ExecutionScenario queryAfterUnload() {
        return Scenarios.of(LifetimeOps.class)
                .init(op("unload"))
                .thread(op("isSignaled"))
                .thread(op("driverName"))
                .build();
    }

    static ExecutionScenario[] targeted() {
        return new ExecutionScenario[] {isSignaledVsUnload(), enableVsUnload(), addAndStatusVsUnload(),
                namesVsUnload(), isSignaledVsSignal(), queryAfterUnload()};
    }

    /** The model checker on the lifetime ops, with the sequential specification and the validator as a whole. */
    private static ModelCheckingOptions lifetime(ModelCheckingOptions o) {
        o.addGuarantee(forClasses("org.fencecheck.lockdep.ModuleValidator").allMethods().ignore());
        return o.sequentialSpecification(LifetimeSpec.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LockingPolicy.class)
    void upstreamDesignModelChecking(LockingPolicy policy) {
        LifetimeConfig c = LifetimeConfig.of(policy, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN);
        Checks.check(lifetime(Checks.modelChecking(TARGETED_INVOCATIONS, targeted())), LifetimeOps.class, c,
                "lifetime, model checking");
        Checks.check(lifetime(Checks.modelChecking(RANDOM)), LifetimeOps.class, c,
                "lifetime, model checking, random");
    }

    @Test
    void upstreamDesignStress() {
        for (LockingPolicy policy : LockingPolicy.values()) {
            LifetimeConfig c = LifetimeConfig.of(policy, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN);
            StressOptions targeted = Checks.stress(STRESS_TARGETED_INVOCATIONS, targeted());
            Checks.check(targeted.sequentialSpecification(LifetimeSpec.class), LifetimeOps.class, c,
                    "lifetime, stress, targeted");
            Checks.check(Checks.stress(STRESS).sequentialSpecification(LifetimeSpec.class), LifetimeOps.class, c,
                    "lifetime, stress, random");
        }
    }

    /** The upstream design under REWORKED, a driver without ->release/->wait, running {@code m}. */
    static LifetimeConfig broken(Mutation m) {
        return new LifetimeConfig(LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN, m);
    }

    /** configuration, the scenario exposing it, the property the report must name. */
    static Stream<Arguments> failing() {
        return Stream.of(
                Arguments.of(broken(Mutation.OPS_OUTSIDE_RCU), isSignaledVsUnload(), "NoCodeAfterUnload"),
                Arguments.of(broken(Mutation.OPS_OUTSIDE_RCU), enableVsUnload(), "NoCodeAfterUnload"),
                Arguments.of(broken(Mutation.NO_GRACE_PERIOD), isSignaledVsUnload(), "NoCodeAfterUnload"),
                Arguments.of(broken(Mutation.NO_NULL_CHECK), isSignaledVsSignal(), "NoNullOpsCall"),
                // findings, as the manifest records them: not broken variants, the designs' own limits
                Arguments.of(LifetimeConfig.of(LockingPolicy.LEGACY, OpsLifetime.PINNED, DriverModule.Ops.PLAIN),
                        queryAfterUnload(), "NoCodeAfterUnload"),
                Arguments.of(LifetimeConfig.of(LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH,
                        DriverModule.Ops.RELEASE), isSignaledVsUnload(), "NoCodeAfterUnload"));
    }

    /**
     * Not every window of broken variant (a) is open under both locking designs: LEGACY holds fence->lock from
     * the ENABLE_SIGNAL test-and-set through ->enable_signaling, and the unload's retire must take that lock to
     * signal, so it cannot detach and free the module between the early load and rcu_read_lock(). (The spec
     * leaves the fence lock out for this reason: its counterexamples all go through calls that take no lock.)
     */
    @Test
    void legacyFenceLockCoversTheEnableWindowOfTheEarlyLoad() {
        LifetimeConfig c = new LifetimeConfig(LockingPolicy.LEGACY, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN,
                Mutation.OPS_OUTSIDE_RCU);
        Checks.check(lifetime(Checks.modelChecking(TARGETED_INVOCATIONS * 2, enableVsUnload())), LifetimeOps.class,
                c, "lifetime, (a) under LEGACY enable");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void brokenVariantsAndFindingsFail(LifetimeConfig config, ExecutionScenario scenario, String names) {
        String report = Checks.expectFailure(lifetime(Checks.modelChecking(BROKEN_INVOCATIONS, scenario)),
                LifetimeOps.class, config, "lifetime, expected failure");
        assertTrue(report.contains(names), "the report should name " + names + ":\n" + report);
        if (config.mutation() != Mutation.NONE) {
            // The control: the real code, same configuration and scenario, the same search effort.
            Checks.check(lifetime(Checks.modelChecking(BROKEN_INVOCATIONS, scenario)), LifetimeOps.class,
                    new LifetimeConfig(config.policy(), config.lifetime(), config.ops(), Mutation.NONE),
                    "lifetime, control");
        }
    }
}
