package org.fencecheck.props.sched;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fencecheck.driver.Caller;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverShape;
import org.fencecheck.driver.IrqHandler;
import org.fencecheck.driver.OpSignal;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.Value;

/**
 * The CONSTANTS of spec/DmaFence.tla, as one run of the implementation and its trace module use them.
 *
 * @param cpus         |CPUs|; the CPUs are named {@code c1 .. cN} as in MCDmaFence.tla
 * @param numFences    NumFences
 * @param cbs          Cbs, in a fixed order (e.g. {@code ["cb1", "cb2"]})
 * @param design       Design: {@code "legacy"}, {@code "reworked"}, {@code "rfc2024"} or {@code "series2026"}
 * @param driverLock   DriverLock: {@code "none"}, {@code "irqsave"}, {@code "plain"}, {@code "irq"}, {@code "fence"}
 * @param handler      Handler: {@code "held"} or {@code "dropped"}
 * @param opSignal     OpSignal: {@code "return_false"}, {@code "signal"} or {@code "locked"}
 * @param opSideEffect OpSideEffect
 * @param opSetsError  OpSetsError
 * @param checkUnderLock CheckUnderLock
 * @param caller       Caller: {@code "process"}, {@code "irq_work"} or {@code "callback"}
 * @param signaledOp   SignaledOp
 * @param ops          Ops
 * @param maxCalls     MaxCalls
 * @param waitTimeouts WaitTimeouts
 * @param mutation     Mutation ({@code "none"} for the real code)
 */
public record SpecConfig(int cpus, int numFences, List<String> cbs, String design, String driverLock,
                         String handler, String opSignal, boolean opSideEffect, boolean opSetsError,
                         boolean checkUnderLock, String caller, boolean signaledOp, Set<String> ops, int maxCalls,
                         boolean waitTimeouts, String mutation) {

    /** Every kernel call the spec knows. */
    public static final Set<String> ALL_OPS = Set.of("add", "remove", "enable", "issig", "status", "seterr", "wait");

    /** Checks and copies. */
    public SpecConfig {
        cbs = List.copyOf(cbs);
        ops = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(ops)); // a fixed iteration order
        // impl's readers name the constant and the known values; the shape is checked against the design as
        // the spec's ASSUMEs do.
        shape(LockingPolicy.ofSpecName(design), driverLock, handler, opSignal, opSideEffect, opSetsError, signaledOp,
                checkUnderLock);
        Caller.ofSpecName(caller);
    }

    private static DriverShape shape(LockingPolicy p, String driverLock, String handler, String opSignal,
                                     boolean opSideEffect, boolean opSetsError, boolean signaledOp,
                                     boolean checkUnderLock) {
        return new DriverShape(DriverLocking.ofSpecName(driverLock), IrqHandler.ofSpecName(handler),
                OpSignal.ofSpecName(opSignal), opSideEffect, opSetsError, signaledOp, checkUnderLock).check(p);
    }

    /** The default bound of the gate's models: 2 CPUs, 2 fences, 2 callbacks, all ops, 3 calls. */
    public static SpecConfig of(LockingPolicy policy, DriverLocking locking, boolean signaledOp) {
        return of(policy, DriverShape.of(policy, locking, signaledOp), Caller.PROCESS);
    }

    /** The default bound with a driver shape and a caller context. */
    public static SpecConfig of(LockingPolicy policy, DriverShape shape, Caller caller) {
        return new SpecConfig(2, 2, List.of("cb1", "cb2"), policy.specName(), shape.locking().specName(),
                shape.handler().specName(), shape.opSignal().specName(), shape.opSideEffect(), shape.opSetsError(),
                shape.checkUnderLock(), caller.specName(), shape.signaledOp(),
                caller == Caller.PROCESS ? ALL_OPS : NON_SLEEPING_OPS, 3, false, "none");
    }

    /** The calls an atomic caller may make (the spec ASSUMEs no wait outside process context). */
    public static final Set<String> NON_SLEEPING_OPS = Set.of("add", "remove", "enable", "issig", "status",
            "seterr");

    /** The constants of a cfg of MCDmaFence (CPUs as MCCPUs2/MCCPUs3). */
    public static SpecConfig of(CfgFile cfg) {
        String cpus = cfg.substitutions().getOrDefault("CPUs", "MCCPUs2");
        return new SpecConfig(cpus.equals("MCCPUs3") ? 3 : 2, (int) ((Value.IntVal) get(cfg, "NumFences")).value(),
                strings(get(cfg, "Cbs")), str(get(cfg, "Design")), str(get(cfg, "DriverLock")),
                str(get(cfg, "Handler")), str(get(cfg, "OpSignal")), bool(get(cfg, "OpSideEffect")),
                bool(get(cfg, "OpSetsError")), bool(get(cfg, "CheckUnderLock")), str(get(cfg, "Caller")),
                ((Value.BoolVal) get(cfg, "SignaledOp")).value(), new TreeSet<>(strings(get(cfg, "Ops"))),
                (int) ((Value.IntVal) get(cfg, "MaxCalls")).value(), ((Value.BoolVal) get(cfg, "WaitTimeouts")).value(),
                str(get(cfg, "Mutation")));
    }

    private static Value get(CfgFile cfg, String name) {
        return cfg.constant(name).orElseThrow(() -> new IllegalArgumentException(cfg.path() + ": no constant " + name));
    }

    private static boolean bool(Value v) {
        return ((Value.BoolVal) v).value();
    }

    private static String str(Value v) {
        return ((Value.StrVal) v).value();
    }

    private static List<String> strings(Value set) {
        return ((Value.SetVal) set).items().stream().map(SpecConfig::str).sorted().toList();
    }

    /** Returns this configuration with another mutation. */
    public SpecConfig withMutation(String m) {
        return new SpecConfig(cpus, numFences, cbs, design, driverLock, handler, opSignal, opSideEffect,
                opSetsError, checkUnderLock, caller, signaledOp, ops, maxCalls, waitTimeouts, m);
    }

    /** Returns this configuration with other bounds. */
    public SpecConfig withBounds(int cpus2, int fences2, List<String> cbs2, Set<String> ops2, int maxCalls2,
                                 boolean timeouts2) {
        return new SpecConfig(cpus2, fences2, cbs2, design, driverLock, handler, opSignal, opSideEffect,
                opSetsError, checkUnderLock, caller, signaledOp, ops2, maxCalls2, timeouts2, mutation);
    }

    public boolean legacy() {
        return design.equals("legacy");
    }

    public boolean noDriverLock() {
        return driverLock.equals("none");
    }

    /** The spec's name of CPU index {@code i} (0-based): {@code c1, c2, ...}. */
    public static String cpuName(int i) {
        return "c" + (i + 1);
    }

    /** The implementation's policy. */
    public LockingPolicy policy() {
        return LockingPolicy.ofSpecName(design);
    }

    /** The implementation's driver shape. */
    public DriverShape shape() {
        return shape(policy(), driverLock, handler, opSignal, opSideEffect, opSetsError, signaledOp, checkUnderLock);
    }

    /** The implementation's caller context. */
    public Caller callerContext() {
        return Caller.ofSpecName(caller);
    }

    /** Whether the driver has the first matrix's shape and calls come from process context. */
    public boolean defaultShape() {
        return shape().equals(DriverShape.of(policy(), locking(), signaledOp)) && caller.equals("process");
    }

    /** The implementation's driver locking. */
    public DriverLocking locking() {
        return DriverLocking.ofSpecName(driverLock);
    }

    /** A short label, e.g. {@code legacy/irqsave/sig}. */
    public String label() {
        String shapeText = defaultShape() ? driverLock + (signaledOp ? "/signaled" : "")
                : shape().label() + (caller.equals("process") ? "" : "/from=" + caller);
        return design + "/" + shapeText + (mutation.equals("none") ? "" : "/mutation=" + mutation);
    }

    @Override
    public String toString() {
        return label() + " [" + cpus + " CPUs, " + numFences + " fences, " + cbs + ", ops " + ops + ", MaxCalls "
                + maxCalls + (waitTimeouts ? ", timeouts" : "") + "]";
    }
}
