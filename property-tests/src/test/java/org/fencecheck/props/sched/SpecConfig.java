package org.fencecheck.props.sched;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.Value;

/**
 * The CONSTANTS of spec/DmaFence.tla, as one run of the implementation and its trace module use them.
 *
 * @param cpus         |CPUs|; the CPUs are named {@code c1 .. cN} as in MCDmaFence.tla
 * @param numFences    NumFences
 * @param cbs          Cbs, in a fixed order (e.g. {@code ["cb1", "cb2"]})
 * @param design       Design: {@code "legacy"} or {@code "reworked"}
 * @param driverLock   DriverLock: {@code "none"}, {@code "irqsave"}, {@code "plain"}, {@code "irq"}
 * @param signaledOp   SignaledOp
 * @param ops          Ops
 * @param maxCalls     MaxCalls
 * @param waitTimeouts WaitTimeouts
 * @param mutation     Mutation ({@code "none"} for the real code)
 */
public record SpecConfig(int cpus, int numFences, List<String> cbs, String design, String driverLock,
                         boolean signaledOp, Set<String> ops, int maxCalls, boolean waitTimeouts,
                         String mutation) {

    /** Every kernel call the spec knows. */
    public static final Set<String> ALL_OPS = Set.of("add", "remove", "enable", "issig", "status", "seterr", "wait");

    /** Checks and copies. */
    public SpecConfig {
        cbs = List.copyOf(cbs);
        ops = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(ops)); // a fixed iteration order
        if (!design.equals("legacy") && !design.equals("reworked")) {
            throw new IllegalArgumentException("Design " + design);
        }
        if (!Set.of("none", "irqsave", "plain", "irq").contains(driverLock)) {
            throw new IllegalArgumentException("DriverLock " + driverLock);
        }
    }

    /** The default bound of the gate's models: 2 CPUs, 2 fences, 2 callbacks, all ops, 3 calls. */
    public static SpecConfig of(LockingPolicy policy, DriverLocking locking, boolean signaledOp) {
        return new SpecConfig(2, 2, List.of("cb1", "cb2"), policy.specName(), locking.specName(), signaledOp,
                ALL_OPS, 3, false, "none");
    }

    /** The constants of a cfg of MCDmaFence (CPUs as MCCPUs2/MCCPUs3). */
    public static SpecConfig of(CfgFile cfg) {
        String cpus = cfg.substitutions().getOrDefault("CPUs", "MCCPUs2");
        return new SpecConfig(cpus.equals("MCCPUs3") ? 3 : 2, (int) ((Value.IntVal) get(cfg, "NumFences")).value(),
                strings(get(cfg, "Cbs")), str(get(cfg, "Design")), str(get(cfg, "DriverLock")),
                ((Value.BoolVal) get(cfg, "SignaledOp")).value(), new TreeSet<>(strings(get(cfg, "Ops"))),
                (int) ((Value.IntVal) get(cfg, "MaxCalls")).value(), ((Value.BoolVal) get(cfg, "WaitTimeouts")).value(),
                str(get(cfg, "Mutation")));
    }

    private static Value get(CfgFile cfg, String name) {
        return cfg.constant(name).orElseThrow(() -> new IllegalArgumentException(cfg.path() + ": no constant " + name));
    }

    private static String str(Value v) {
        return ((Value.StrVal) v).value();
    }

    private static List<String> strings(Value set) {
        return ((Value.SetVal) set).items().stream().map(SpecConfig::str).sorted().toList();
    }

    /** Returns this configuration with another mutation. */
    public SpecConfig withMutation(String m) {
        return new SpecConfig(cpus, numFences, cbs, design, driverLock, signaledOp, ops, maxCalls, waitTimeouts, m);
    }

    /** Returns this configuration with other bounds. */
    public SpecConfig withBounds(int cpus2, int fences2, List<String> cbs2, Set<String> ops2, int maxCalls2,
                                 boolean timeouts2) {
        return new SpecConfig(cpus2, fences2, cbs2, design, driverLock, signaledOp, ops2, maxCalls2, timeouts2,
                mutation);
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
        return LockingPolicy.valueOf(design.toUpperCase(Locale.ROOT));
    }

    /** The implementation's driver locking. */
    public DriverLocking locking() {
        return DriverLocking.valueOf(driverLock.toUpperCase(Locale.ROOT));
    }

    /** A short label, e.g. {@code legacy/irqsave/sig}. */
    public String label() {
        return design + "/" + driverLock + (signaledOp ? "/signaled" : "") + (mutation.equals("none") ? ""
                : "/mutation=" + mutation);
    }

    @Override
    public String toString() {
        return label() + " [" + cpus + " CPUs, " + numFences + " fences, " + cbs + ", ops " + ops + ", MaxCalls "
                + maxCalls + (waitTimeouts ? ", timeouts" : "") + "]";
    }
}
