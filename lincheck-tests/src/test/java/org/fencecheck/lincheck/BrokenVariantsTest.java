package org.fencecheck.lincheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lincheck.FenceConfig.Hw;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * impl's broken variants ({@link Mutation}, the spec's names) make the model checker fail on the scenario that
 * exercises the broken step, and the failure is the variant's own: the rig's invariant check ({@code @Validate},
 * {@link Rig#checkInvariants}) names every violated spec property, and the report must name the one the variant
 * breaks (a different bug would name a different property, or fail only on results). The real code
 * ({@link Mutation#NONE}) on the same configuration and scenario, with the same number of invocations, passes
 * (the control: the failure comes from the broken step).
 */
class BrokenVariantsTest {

    static final int INVOCATIONS = 200;

    /**
     * The controls already run, as "configuration / scenario": rows that break different steps of the same
     * configuration on the same scenario share one control (the correct code does not depend on the row).
     */
    private static final Set<String> CONTROLS_RUN = ConcurrentHashMap.newKeySet();

    /** mutation, design, ->signaled, hardware, the scenario, the properties of which the report must name one. */
    static Stream<Arguments> variants() {
        return Stream.of(
                row(Mutation.SIGNAL_SPLIT_TAS, LockingPolicy.LEGACY, false, Hw.NEVER, "signalVsSignal",
                        Targeted::signalVsSignal, "TimestampOnlyAtSignal"),
                row(Mutation.SIGNAL_SPLIT_TAS, LockingPolicy.LEGACY, true, Hw.PASSED, "isSignaledVsSignal",
                        Targeted::isSignaledVsSignal, "TimestampOnlyAtSignal"),
                row(Mutation.SIGNAL_NO_SPLICE, LockingPolicy.LEGACY, false, Hw.NEVER, "signalVsSignal",
                        Targeted::signalVsSignal, "CallbackAtMostOnce"),
                row(Mutation.ENABLE_SPLIT_TAS, LockingPolicy.REWORKED, false, Hw.NEVER, "enableVsEnable",
                        Targeted::enableVsEnable, "EnableSignalingAtMostOnce"),
                // The unlocked read-modify-write of cb_list loses an update either way round: the remover's write
                // undoes the splice (TLC's window, CbListEmptyAfterSignal) or the splice's write undoes the remove
                // (impl's splice is two accesses; the callback then runs although remove returned true).
                row(Mutation.REMOVE_UNLOCKED, LockingPolicy.LEGACY, false, Hw.NEVER, "unlinkVsSignal",
                        Targeted::unlinkVsSignal, "CbListEmptyAfterSignal", "NoRunAfterRemove"),
                // With one callback the write-back cannot relink another: the remover is told true for a
                // callback that ran, or false for one spliced off and not run yet.
                row(Mutation.REMOVE_UNLOCKED, LockingPolicy.LEGACY, false, Hw.NEVER, "removeOneVsSignal",
                        Targeted::removeOneVsSignal, "NoRunAfterRemove", "RemoveFalseMeansRan"),
                row(Mutation.ADD_INSERT_UNLOCKED, LockingPolicy.REWORKED, false, Hw.NEVER, "addVsSignal",
                        Targeted::addVsSignal, "CbListEmptyAfterSignal"),
                row(Mutation.ADD_NO_SIGNALED_RECHECK, LockingPolicy.LEGACY, false, Hw.NEVER, "addVsSignal",
                        Targeted::addVsSignal, "CbListEmptyAfterSignal"),
                row(Mutation.REWORKED_NO_RECHECK, LockingPolicy.REWORKED, false, Hw.NEVER, "addVsSignal",
                        Targeted::addVsSignal, "CbListEmptyAfterSignal"),
                // The answers the caller is told, checked at the return (issue 22).
                row(Mutation.ISSIG_NO_SIGNAL, LockingPolicy.LEGACY, true, Hw.PASSED, "isSignaledVsSignal",
                        Targeted::isSignaledVsSignal, "IsSignaledTrueMeansSignaled"),
                row(Mutation.STATUS_IGNORES_ERROR, LockingPolicy.LEGACY, false, Hw.NEVER, "errorVsStatus",
                        Targeted::errorVsStatus, "GetStatusMatchesFence"));
    }

    private static Arguments row(Mutation m, LockingPolicy p, boolean signaledOp, Hw hw, String scenarioName,
                                 Function<Class<?>, ExecutionScenario> scenario, String... properties) {
        return Arguments.of(FenceConfig.broken(m, p, signaledOp, hw), scenarioName, scenario, List.of(properties));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void modelCheckingNamesTheBrokenProperty(FenceConfig c, String scenarioName,
                                             Function<Class<?>, ExecutionScenario> scenario, List<String> properties) {
        String report = Checks.expectFailure(Checks.modelChecking(INVOCATIONS, scenario.apply(OneFenceOps.class)),
                OneFenceOps.class, c, "broken, model checking");
        boolean named = properties.stream().anyMatch(p -> report.contains(p + ": ") || report.contains(p + " ("));
        assertTrue(report.contains("Validation function") && named,
                "the invariant check should name one of " + properties + ":\n" + report);
        assertTrue(report.contains("The following interleaving leads to the error"), report);
        if (CONTROLS_RUN.add(c.unbroken() + " / " + scenarioName)) {
            Checks.check(Checks.modelChecking(INVOCATIONS, scenario.apply(OneFenceOps.class)), OneFenceOps.class,
                    c.unbroken(), "control, model checking");
        }
    }
}
