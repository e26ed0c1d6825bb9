package org.fencecheck.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import java.util.Locale;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * How the tests run Lincheck: explicit scenario shapes and iteration counts (never Lincheck's defaults, which
 * take minutes per class), the sequential specification, and the model checker's guarantees.
 *
 * <p>{@code -Dfencecheck.lincheck.scale=N} multiplies every iteration count (a longer run behind a flag; the
 * default 1 is the CI budget written in the README).
 */
final class Checks {

    /** The shape and size of one Lincheck run. */
    record Budget(int iterations, int invocations, int threads, int actorsPerThread, int actorsBefore,
                  int actorsAfter) {

        Budget scaled() {
            return new Budget(iterations * SCALE, invocations, threads, actorsPerThread, actorsBefore, actorsAfter);
        }

        @Override
        public String toString() {
            return iterations + "x" + invocations + " (" + threads + " threads x " + actorsPerThread
                    + " ops, " + actorsBefore + " before, " + actorsAfter + " after)";
        }
    }

    static final int SCALE = Integer.getInteger("fencecheck.lincheck.scale", 1);

    private Checks() {
    }

    /**
     * The model checker. The guarantees tell it that the simulation's bookkeeping has no interleavings worth
     * exploring: the step hook (it only notifies the listener here; no interrupt is ever pending at a step,
     * because the only interrupt source, {@code hwComplete()}, delivers on its own CPU at once), the disabled
     * lockdep validator, the CPU-local accessors of {@link org.fencecheck.sim.Cpu} (state only the bound thread
     * touches), and {@code Cpu.raiseIrq()}: raising a line is one act of the hardware, and its Java plumbing (the
     * pending queue's monitor, the wake-up of the CPU's thread) is the simulation's delivery, not kernel state;
     * explored, a driver that raises its own irq_work with IRQs off (xe's {@code xe_hw_fence_irq_run()} inside
     * the op) made the model checker report a hang it could not replay ("Non-determinism found"). Every access to
     * fence, lock and driver state stays a switch point.
     */
    static ModelCheckingOptions modelChecking(Budget budget) {
        Budget b = budget.scaled();
        ModelCheckingOptions o = new ModelCheckingOptions();
        o.addGuarantee(forClasses("org.fencecheck.lockdep.Lockdep").allMethods().ignore());
        o.addGuarantee(forClasses("org.fencecheck.sim.Machine")
                .methods("step", "hardwareStep", "lockdep", "stepListener").ignore());
        o.addGuarantee(forClasses("org.fencecheck.sim.Cpu")
                .methods("current", "currentOrNull", "id", "machine", "pushHeld", "popHeld", "context", "irqDepth",
                        "irqsEnabled", "heldLocks", "holds", "localIrqSave", "localIrqDisable", "raiseIrq")
                .ignore());
        return shape(o, b);
    }

    /**
     * The model checker on hand-written scenarios only (no random ones), each explored for up to
     * {@code invocations} interleavings; a failure is reported as found (the scenarios are already minimal).
     */
    static ModelCheckingOptions modelChecking(int invocations, ExecutionScenario... scenarios) {
        ModelCheckingOptions o = modelChecking(new Budget(0, invocations, 2, 1, 0, 0));
        o.minimizeFailedScenario(false);
        for (ExecutionScenario s : scenarios) {
            o.addCustomScenario(s);
        }
        return o;
    }

    /** The stress strategy on hand-written scenarios only. */
    static StressOptions stress(int invocations, ExecutionScenario... scenarios) {
        StressOptions o = stress(new Budget(0, invocations, 2, 1, 0, 0));
        o.minimizeFailedScenario(false);
        for (ExecutionScenario s : scenarios) {
            o.addCustomScenario(s);
        }
        return o;
    }

    /** The stress strategy: the same scenarios on real threads, no instrumentation of the schedule. */
    static StressOptions stress(Budget budget) {
        return shape(new StressOptions(), budget.scaled());
    }

    private static <O extends Options<O, ?>> O shape(O o, Budget b) {
        return o.iterations(b.iterations()).invocationsPerIteration(b.invocations()).threads(b.threads())
                .actorsPerThread(b.actorsPerThread()).actorsBefore(b.actorsBefore()).actorsAfter(b.actorsAfter())
                .sequentialSpecification(FenceSpec.class);
    }

    /**
     * Invariants only: every result is accepted ({@link EpsilonVerifier}) and the {@code @Validate} function is
     * the whole check, over every explored interleaving. For the configurations that are not linearizable
     * against the atomic specification by design (see the README).
     */
    static <O extends Options<O, ?>> O invariantsOnly(O options) {
        return options.verifier(EpsilonVerifier.class);
    }

    /** Runs one check under {@code config} and logs its size and time. */
    static void check(Options<?, ?> options, Class<?> test, FenceConfig config, String label) {
        FenceConfig.use(config);
        run(options, test, config, label);
    }

    /** Runs one lifetime check under {@code config} and logs its size and time. */
    static void check(Options<?, ?> options, Class<?> test, LifetimeConfig config, String label) {
        LifetimeConfig.use(config);
        run(options, test, config, label);
    }

    /** Runs one atlas check under {@code config} and logs its size and time. */
    static void check(Options<?, ?> options, Class<?> test, AtlasConfig config, String label) {
        AtlasConfig.use(config);
        run(options, test, config, label);
    }

    /** Runs one container check under {@code config} and logs its size and time. */
    static void check(Options<?, ?> options, Class<?> test, ContainerConfig config, String label) {
        ContainerConfig.use(config);
        run(options, test, config, label);
    }

    private static void run(Options<?, ?> options, Class<?> test, Object config, String label) {
        long t0 = System.nanoTime();
        try {
            options.check(test);
        } finally {
            log(label, test, config, t0, "");
        }
    }

    /**
     * Runs one check that must fail, and returns Lincheck's report.
     *
     * @throws AssertionError if Lincheck found nothing
     */
    static String expectFailure(Options<?, ?> options, Class<?> test, FenceConfig config, String label) {
        FenceConfig.use(config);
        return runExpectingFailure(options, test, config, label);
    }

    /** Like {@link #expectFailure(Options, Class, FenceConfig, String)} for a lifetime configuration. */
    static String expectFailure(Options<?, ?> options, Class<?> test, LifetimeConfig config, String label) {
        LifetimeConfig.use(config);
        return runExpectingFailure(options, test, config, label);
    }

    /** Like {@link #expectFailure(Options, Class, FenceConfig, String)} for an atlas configuration. */
    static String expectFailure(Options<?, ?> options, Class<?> test, AtlasConfig config, String label) {
        AtlasConfig.use(config);
        return runExpectingFailure(options, test, config, label);
    }

    /** Like {@link #expectFailure(Options, Class, FenceConfig, String)} for a container configuration. */
    static String expectFailure(Options<?, ?> options, Class<?> test, ContainerConfig config, String label) {
        ContainerConfig.use(config);
        return runExpectingFailure(options, test, config, label);
    }

    private static String runExpectingFailure(Options<?, ?> options, Class<?> test, Object config, String label) {
        long t0 = System.nanoTime();
        try {
            options.check(test);
        } catch (AssertionError e) {
            log(label, test, config, t0, " -> failure found");
            if (Boolean.getBoolean("fencecheck.lincheck.printReports")) {
                System.out.println(e.getMessage());
            }
            return String.valueOf(e.getMessage());
        }
        log(label, test, config, t0, " -> NOTHING found");
        throw new AssertionError("Lincheck reported no failure for " + config + " (" + label + ")");
    }

    private static void log(String label, Class<?> test, Object config, long t0, String outcome) {
        System.out.printf(Locale.ROOT, "[lincheck] %-28s %-14s %-60s %6.1f s%s%n", label, test.getSimpleName(),
                config, (System.nanoTime() - t0) / 1e9, outcome);
    }
}
