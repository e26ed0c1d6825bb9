package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.Scenarios.op;
import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.fencecheck.containers.ContainerMutation;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lincheck.ContainerConfig.Kind;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 20: concurrent signalling of a container's members against {@code dma_fence_add_callback()},
 * {@code dma_fence_is_signaled()}, {@code dma_fence_get_status()} and zero-timeout waits on the container, for
 * {@code dma_fence_array} (all members, and {@code signal_on_any}) and a two-link {@code dma_fence_chain}, under
 * the three designs the containers model has (LEGACY, RFC2024, SERIES2026).
 *
 * <p>Each strategy runs one hand-written scenario per container and design (the pair is the scenario's
 * {@code setup}, so a report names it): one caller against the signal of the member that lets the container
 * signal, checked for linearizability against {@link ContainerSpec} and for the invariants
 * ({@link ContainerRig#checkInvariants}); and the races that are not linearizable by design ({@link ContainerSpec}
 * says why), their values hidden, for the invariants. Then impl's broken variants of the containers
 * ({@link ContainerMutation}, the names of spec/DmaFenceContainers.tla) make the model checker fail on the
 * caller-against-member scenario, its report naming the property TLC refutes with the variant, and the code as
 * upstream writes it passes that scenario with the same number of interleavings.
 *
 * <p>Budget. Every new Lincheck test of the module together gets about 6 s of the test command (12 s at most,
 * measured with another job on the two cores). On this machine, with that other job running, a Lincheck run
 * costs about 1 s before its first interleaving (0.5 s alone), the class's first run about 3.5 s more (the
 * instrumentation), and an interleaving of these scenarios 20 to 50 ms under the model checker. So the containers
 * and designs are scenarios of one run per strategy rather than a JUnit parameter (nine runs per strategy would
 * cost the whole budget before exploring anything), the model checker explores {@link #INVOCATIONS} interleavings
 * of each scenario, and it runs the races under SERIES2026 only (under LEGACY the container's lock serialises the
 * enablers; RFC2024's enabling is as unlocked as SERIES2026's, and the stress strategy runs all three).
 * {@code -Dfencecheck.containers.invocations=N} and {@code -Dfencecheck.containers.stressInvocations=N} explore
 * more.
 *
 * <p>Model checker and the spinlock's release. impl's {@code SpinLock} parks a contended acquirer on one global
 * monitor with a timed wait, and a release that sees spinners notifies them under that monitor. Under LEGACY the
 * caller holds the container's lock across {@code ->enable_signaling}, which takes the members' locks; when its
 * release of a member's lock notifies the member's signaller, which meanwhile runs the container's irq_work and
 * spins on the container's lock inside the monitor, the model checker reports a hang it cannot replay
 * ("Non-determinism found"): the releaser waits for the monitor a spinner holds while that spinner waits for the
 * releaser's container lock. No CPU of the simulation is stuck (the stress strategy, and impl's
 * ContainerConcurrencyTest, which holds CPU 1 at every one of its steps, run the same race to the end), so the
 * model checker is told to run {@code SpinLock.release()} without switch points: {@code spin_unlock()} is one
 * store, and the notification is the simulation's plumbing, as {@code Cpu.raiseIrq()} is in {@link Checks}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerLincheckTest {

    /** Interleavings the model checker explores of each scenario. */
    static final int INVOCATIONS = Integer.getInteger("fencecheck.containers.invocations", 4);
    /** Runs of each scenario on real threads. */
    static final int STRESS_INVOCATIONS = Integer.getInteger("fencecheck.containers.stressInvocations", 8);

    /** The (container, design) pairs the model checker has passed with {@link #INVOCATIONS} on its scenario. */
    private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

    /**
     * The specification, and two more guarantees for the model checker: {@code SpinLock.release()} runs without
     * switch points (see the class comment), and so does reading the invariants, which happens after every thread
     * has finished, so the switch points of the spare CPU's signals, poll and puts have nothing to interleave with.
     * (Building the container must not be ignored likewise: the model checker then tracks no access to the fences
     * it built, and explores a single interleaving.)
     */
    private static ModelCheckingOptions specOf(ModelCheckingOptions o) {
        return o.sequentialSpecification(ContainerSpec.class)
                .addGuarantee(forClasses("org.fencecheck.sim.SpinLock").methods("release").ignore())
                .addGuarantee(forClasses(ContainerRig.class.getName()).methods("checkInvariants").ignore());
    }

    private static StressOptions specOf(StressOptions o) {
        return o.sequentialSpecification(ContainerSpec.class);
    }

    // ---- scenarios -------------------------------------------------------------------------------------------

    /** The member whose signal lets the container signal; the other (if any) has signalled before. */
    private static int lastMember(Kind kind) {
        return kind == Kind.ARRAY_ANY ? 0 : 1;
    }

    private static Scenarios setUp(Kind kind, LockingPolicy design, String setup) {
        Scenarios s = Scenarios.of(ContainerOps.class)
                .init(op(setup, kind.ordinal(), ContainerConfig.design(design)));
        return kind == Kind.ARRAY_ANY ? s : s.init(op("signal", 0));
    }

    /**
     * The caller enables signalling (dma_fence_add_callback()) against the signal of the member that lets the
     * container signal, then reads the status: the member callback (dma_fence_array_cb_func(),
     * dma_fence_chain_cb()), the irq_work and the enabling op (dma_fence_array_enable_signaling(), with its
     * -ENOENT branch for the member already signalled; dma_fence_chain_enable_signaling(), walking past the passed
     * link) meet at every switch point; under LEGACY the status read calls ->signaled under the container's lock.
     */
    static ExecutionScenario callerVsMember(Kind kind, LockingPolicy design) {
        return setUp(kind, design, "setup")
                .thread(op("addCallback", 1), op("getStatus"))
                .thread(op("signal", lastMember(kind)))
                .build();
    }

    /**
     * The races {@link ContainerSpec} leaves to the invariants (their values hidden, {@link ContainerOps#setupRace}):
     * two callers enabling at once, add_callback and a zero-timeout wait (the second returns before the first's op
     * has counted the members), and then two signallers of one member (the second returns before the first's
     * irq_work has signalled the container).
     */
    static ExecutionScenario races(Kind kind, LockingPolicy design) {
        int last = lastMember(kind);
        return setUp(kind, design, "setupRace")
                .thread(op("addCallback", 1), op("signal", last))
                .thread(op("waitTimeout0"), op("signal", last))
                .build();
    }

    // ---- the real code -----------------------------------------------------------------------------------------

    @Order(1)
    @Test
    void modelChecking() {
        ModelCheckingOptions o = specOf(Checks.modelChecking(INVOCATIONS));
        for (Kind k : Kind.values()) {
            for (LockingPolicy d : ContainerConfig.DESIGNS) {
                o.addCustomScenario(callerVsMember(k, d));
            }
            o.addCustomScenario(races(k, LockingPolicy.SERIES2026));
        }
        Checks.check(o, ContainerOps.class, ContainerConfig.REAL, "model checking");
        for (Kind k : Kind.values()) {
            for (LockingPolicy d : ContainerConfig.DESIGNS) {
                PASSED.add(k + "/" + d);
            }
        }
    }

    @Order(2)
    @Test
    void stress() {
        StressOptions o = specOf(Checks.stress(STRESS_INVOCATIONS));
        for (Kind k : Kind.values()) {
            for (LockingPolicy d : ContainerConfig.DESIGNS) {
                o.addCustomScenario(callerVsMember(k, d));
                o.addCustomScenario(races(k, d));
            }
        }
        Checks.check(o, ContainerOps.class, ContainerConfig.REAL, "stress");
    }

    // ---- broken variants ---------------------------------------------------------------------------------------

    /**
     * The variant, its container and design, and the property the report must name (the one TLC refutes with
     * it). The broken code is checked for the invariants only: its results leave the specification too (a
     * callback linked with 0 on a container whose members have all signalled), and Lincheck reports the first
     * failure it meets, while the invariant is what says which promise broke.
     */
    static Stream<Arguments> variants() {
        return Stream.of(
                // The void op finds every contained fence passed and returns without dma_fence_signal(): the
                // callback linked with 0 never runs.
                Arguments.of(ContainerMutation.CHAIN_OP_FORGETS_SIGNAL, Kind.CHAIN, LockingPolicy.SERIES2026,
                        "ContainerCallbacksRun"),
                // num_pending starts at 1: member 0's -ENOENT in the enabling op signals the all-members array
                // with member 1 unsignalled.
                Arguments.of(ContainerMutation.ARRAY_PENDING_SWAPPED, Kind.ARRAY_ALL, LockingPolicy.RFC2024,
                        "ContainerSignaledOnlyWhenAllowed"));
    }

    /**
     * The control is the model checker on the unbroken container with the same scenario and the same number of
     * interleavings; {@link #modelChecking} has run it already when the whole class runs (its check is the
     * stronger one, linearizability and the invariants), so it is repeated only when this test runs alone.
     */
    @Order(3)
    @ParameterizedTest(name = "{0} on {1} under {2}")
    @MethodSource("variants")
    void brokenVariantNamesItsProperty(ContainerMutation m, Kind kind, LockingPolicy design, String property) {
        ExecutionScenario scenario = callerVsMember(kind, design);
        String report = Checks.expectFailure(Checks.invariantsOnly(specOf(Checks.modelChecking(INVOCATIONS,
                scenario))), ContainerOps.class, new ContainerConfig(m), "broken, model checking");
        assertTrue(report.contains("Validation function") && report.contains(property + ": "),
                "the invariant check should name " + property + ":\n" + report);
        assertTrue(report.contains("The following interleaving leads to the error"), report);
        if (!PASSED.contains(kind + "/" + design)) {
            Checks.check(Checks.invariantsOnly(specOf(Checks.modelChecking(INVOCATIONS, scenario))),
                    ContainerOps.class, ContainerConfig.REAL, "control, model checking");
        }
    }
}
