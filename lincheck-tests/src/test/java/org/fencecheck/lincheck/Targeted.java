package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.Scenarios.op;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * The hand-written scenarios: the few calls whose interleavings decide each guarantee, for the model checker to
 * explore exhaustively (random scenarios of ten operation kinds rarely pick the right pair within the CI budget).
 * Each is named after what it decides and, where one exists, the broken variant it exposes.
 */
final class Targeted {

    private Targeted() {
    }

    /** Two signallers: exactly one wins (signal_split_tas; signal_no_splice runs the list twice). */
    static ExecutionScenario signalVsSignal(Class<?> ops) {
        return Scenarios.of(ops).init(op("addCallback", 1))
                .thread(op("signal"))
                .thread(op("signalTimestamp", 1))
                .post(op("timestamp"))
                .build();
    }

    /** Two enablers: ->enable_signaling entered once (enable_split_tas). */
    static ExecutionScenario enableVsEnable(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("enableSwSignaling"))
                .thread(op("addCallback", 1))
                .build();
    }

    /** A remover against the signaller's splice and walk, then a late remover. */
    static ExecutionScenario removeVsSignal(Class<?> ops) {
        return Scenarios.of(ops).init(op("addCallback", 1), op("addCallback", 2))
                .thread(op("signal"))
                .thread(op("removeCallback", 1))
                .post(op("removeCallback", 2))
                .build();
    }

    /** ->signaled() seen passed against an explicit signal (signal_split_tas through is_signaled). */
    static ExecutionScenario isSignaledVsSignal(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("isSignaled"))
                .thread(op("signalTimestamp", 1))
                .post(op("timestamp"))
                .build();
    }

    /** The driver's error path against a status reader (status_ignores_error). */
    static ExecutionScenario errorVsStatus(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("setError"))
                .thread(op("getStatus"))
                .post(op("getStatus"))
                .build();
    }

    /** A remover against the signaller, the final list left as it is (remove_unlocked). */
    static ExecutionScenario unlinkVsSignal(Class<?> ops) {
        return Scenarios.of(ops).init(op("addCallback", 1), op("addCallback", 2))
                .thread(op("signal"))
                .thread(op("removeCallback", 1))
                .build();
    }

    /** A remover against a signaller, one callback (remove_unlocked: NoRunAfterRemove or RemoveFalseMeansRan). */
    static ExecutionScenario removeOneVsSignal(Class<?> ops) {
        return Scenarios.of(ops).init(op("addCallback", 1))
                .thread(op("signal"))
                .thread(op("removeCallback", 1))
                .build();
    }

    /** An adder against a signaller (add_insert_unlocked, add_no_signaled_recheck, reworked_no_recheck). */
    static ExecutionScenario addVsSignal(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("addCallback", 1))
                .thread(op("signal"))
                .build();
    }

    /** Two adders racing the first enable (the REWORKED finding when the hardware has passed). */
    static ExecutionScenario addVsAdd(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("addCallback", 1))
                .thread(op("addCallback", 2))
                .build();
    }

    /** Add against the error path and a status read. */
    static ExecutionScenario addVsError(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("addCallback", 1), op("getStatus"))
                .thread(op("setError"))
                .post(op("waitTimeout0"))
                .build();
    }

    /** The hardware and the interrupt against a reader that may signal through ->signaled. */
    static ExecutionScenario interruptVsReader(Class<?> ops) {
        return Scenarios.of(ops).init(op("addCallback", 1))
                .thread(op("hwComplete"), op("irq"))
                .thread(op("getStatus"), op("isSignaled"))
                .build();
    }

    /** The first enable (arming the interrupt) against the hardware completing. */
    static ExecutionScenario enableVsInterrupt(Class<?> ops) {
        return Scenarios.of(ops)
                .thread(op("addCallback", 1), op("removeCallback", 1))
                .thread(op("hwComplete"), op("irq"))
                .build();
    }
}
