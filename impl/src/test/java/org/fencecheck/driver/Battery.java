package org.fencecheck.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.DeadlockException;
import org.fencecheck.sim.LockupException;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SelfDeadlockException;

/**
 * Every schedule of one CPU within a model's bound, and what the validator (lockdep, the driver's side-effect
 * check) reports on them, per spec property.
 *
 * <p>A schedule is a sequence of at most MaxCalls kernel calls from Ops on fences 1..NumFences, each made from
 * the model's Caller context ({@link DriverTimeline#callFrom}), with the hardware passing fences before, between
 * and after the calls (never more than NumFences); the interrupt is taken at once by the same CPU (process
 * context, IRQs on, between calls). Calls follow the spec's {@code Call} guards: a callback is added once,
 * removed only from the fence it was added to while added or ran, the error path only once the fences before
 * it are signaled. Every acquisition a second CPU could make is one this CPU makes too, so lockdep's class-level
 * reports see every order and IRQ use; a hazard is reported before the spin, also when the call then dies.
 * The side-effect check runs at every quiet point (no call, no interrupt).
 *
 * <p>Property evidence: NoSelfDeadlock = a recursive acquisition or an inconsistent IRQ use (lockdep) or a
 * CPU spinning on itself; NoCrossCpuDeadlock = a lock-order cycle; NoDriverOpUnderFenceLock = a driver op
 * entered under the IRQ-off fence lock; AtomicCallerKeepsIrqsOff = IRQs enabled inside an atomic caller;
 * IrqStateRestored = the schedule's CPU back from its calls with IRQs off, or a handler that enabled them;
 * OpSideEffectsBalance = {@link DriverTimeline#sideEffectLeaks()}.
 */
public final class Battery {

    /** The spec's WaitOps: dma_fence_wait_timeout() through the default wait or the driver's ->wait. */
    private static final java.util.Set<String> WAITS = java.util.Set.of("wait", "waiti", "opwait", "opwaiti", "poll");

    /** A CPU that never runs: the timeline raises its interrupt there, the battery decides who takes it. */
    private static final int PARKED = 7;

    /** The spec properties this battery answers for. */
    static final List<String> PROPERTIES = List.of("NoSelfDeadlock", "NoCrossCpuDeadlock",
            "NoDriverOpUnderFenceLock", "AtomicCallerKeepsIrqsOff", "OpSideEffectsBalance", "IrqStateRestored");

    /** What the battery found: the first evidence per violated property, and how many schedules ran. */
    record Result(Map<String, String> evidence, int scenarios) {
    }

    private final LockingPolicy policy;
    private final DriverShape shape;
    private final Caller caller;
    private final Mutation mutation;
    private final List<String> ops;
    private final int numFences;
    private final List<String> cbs;
    private final int maxCalls;

    private Battery(LockingPolicy policy, DriverShape shape, Caller caller, Mutation mutation, List<String> ops,
                    int numFences, List<String> cbs, int maxCalls) {
        this.policy = policy;
        this.shape = shape;
        this.caller = caller;
        this.mutation = mutation;
        this.ops = ops;
        this.numFences = numFences;
        this.cbs = cbs;
        this.maxCalls = maxCalls;
    }

    /**
     * The battery of a cfg's constants (values as the cfg writes them).
     *
     * @param c constant name -> value text
     * @return the battery
     * @throws IllegalArgumentException naming a missing constant or an unknown value
     */
    static Battery forConstants(Map<String, String> c) {
        LockingPolicy policy = LockingPolicy.ofSpecName(str(c, "Design"));
        DriverShape shape = new DriverShape(DriverLocking.ofSpecName(str(c, "DriverLock")),
                IrqHandler.ofSpecName(str(c, "Handler")), OpSignal.ofSpecName(str(c, "OpSignal")),
                bool(c, "OpSideEffect"), bool(c, "OpSetsError"), bool(c, "SignaledOp"), bool(c, "CheckUnderLock"));
        return new Battery(policy, shape, Caller.ofSpecName(str(c, "Caller")),
                Mutation.ofSpecName(str(c, "Mutation")), strings(c, "Ops"), Integer.parseInt(get(c, "NumFences")),
                strings(c, "Cbs"), Integer.parseInt(get(c, "MaxCalls")));
    }

    /**
     * The spec property a lockdep report is evidence against (DmaFenceProps.tla's names; other packages' tests
     * translate from these, so every test reads a report the same way).
     *
     * @param kind the report's kind
     * @return the property's name
     */
    public static String propertyOf(ReportKind kind) {
        return switch (kind) {
            case RECURSIVE_LOCK, INCONSISTENT_IRQ_USE -> "NoSelfDeadlock";
            case LOCK_ORDER_CYCLE -> "NoCrossCpuDeadlock";
            case DRIVER_OP_UNDER_FENCE_LOCK -> "NoDriverOpUnderFenceLock";
            case IRQS_ENABLED_IN_ATOMIC_CALLER -> "AtomicCallerKeepsIrqsOff";
            case IRQ_STATE_NOT_RESTORED -> "IrqStateRestored";
        };
    }

    /**
     * A string constant of a cfg without its quotes ({@code "\"legacy\""} -> {@code legacy}).
     *
     * @param c    constant name -> value text
     * @param name the constant
     * @return its value
     * @throws IllegalArgumentException naming a missing constant
     */
    public static String stringConstant(Map<String, String> c, String name) {
        return str(c, name);
    }

    /**
     * A set-of-strings constant of a cfg, sorted ({@code {"add", "poll"}} -> {@code [add, poll]}).
     *
     * @param c    constant name -> value text
     * @param name the constant
     * @return its members
     * @throws IllegalArgumentException naming a missing constant
     */
    public static List<String> setConstant(Map<String, String> c, String name) {
        return strings(c, name);
    }

    /**
     * A boolean constant of a cfg.
     *
     * @param c    constant name -> value text
     * @param name the constant
     * @return its value
     * @throws IllegalArgumentException naming a missing constant or a value that is not TRUE or FALSE
     */
    public static boolean boolConstant(Map<String, String> c, String name) {
        return bool(c, name);
    }

    /**
     * A number constant of a cfg.
     *
     * @param c    constant name -> value text
     * @param name the constant
     * @return its value
     * @throws IllegalArgumentException naming a missing constant or a value that is not a number
     */
    public static int intConstant(Map<String, String> c, String name) {
        String v = get(c, name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = " + v + ": not a number", e);
        }
    }

    private static String get(Map<String, String> c, String name) {
        String v = c.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no constant " + name + " (have " + c.keySet() + ")");
        }
        return v;
    }

    private static String str(Map<String, String> c, String name) {
        return get(c, name).replace("\"", "");
    }

    private static boolean bool(Map<String, String> c, String name) {
        String v = get(c, name);
        if (!v.equals("TRUE") && !v.equals("FALSE")) {
            throw new IllegalArgumentException(name + " = " + v + ": not TRUE or FALSE");
        }
        return v.equals("TRUE");
    }

    private static List<String> strings(Map<String, String> c, String name) {
        String v = get(c, name).replace("{", "").replace("}", "").replace("\"", "");
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(new TreeSet<>(out));
    }

    /** One kernel call of a schedule. */
    private record CallSpec(String op, int fence) {
        @Override
        public String toString() {
            return op + "(" + fence + ")";
        }
    }

    /** Runs every schedule; stops early once every property has evidence. */
    Result run() {
        shape.check(policy);
        Map<String, String> evidence = new LinkedHashMap<>();
        List<CallSpec> choices = new ArrayList<>();
        for (String op : ops) {
            for (int f = 1; f <= numFences; f++) {
                choices.add(new CallSpec(op, f));
            }
        }
        int[] count = {0};
        for (boolean fail : shape.opSetsError() ? new boolean[] {false, true} : new boolean[] {false}) {
            failFirstArm = fail;
            for (int n = 1; n <= maxCalls && evidence.size() < PROPERTIES.size(); n++) {
                enumerate(choices, new ArrayList<>(), n, evidence, count);
            }
        }
        return new Result(evidence, count[0]);
    }

    private void enumerate(List<CallSpec> choices, List<CallSpec> prefix, int n, Map<String, String> evidence,
                           int[] count) {
        if (evidence.size() == PROPERTIES.size()) {
            return;
        }
        if (prefix.size() == n) {
            for (int[] hw : hwPlacements(n)) {
                count[0]++;
                crossCall = null;
                runOne(prefix, hw, -1, evidence);
                int free = freePoints;
                // A call of a second CPU at each point where this CPU is inside a call and holds no lock (it
                // cannot spin on this CPU then), within MaxCalls: the races of two CPUs that need no lock.
                if (n < maxCalls) {
                    for (int j = 0; j < free; j++) {
                        for (CallSpec c : choices) {
                            if (WAITS.contains(c.op())) {
                                continue; // sleeps: a second CPU's wait cannot change what this CPU does
                            }
                            count[0]++;
                            crossCall = c;
                            crossAt = j;
                            runOne(prefix, hw, -1, evidence);
                        }
                    }
                    crossCall = null;
                }
                // The same calls with the interrupt line left raised to the end: counts the points where the
                // interrupt could be taken inside a call instead, then takes it at each of them in turn.
                count[0]++;
                int points = runOne(prefix, hw, Integer.MAX_VALUE, evidence);
                for (int j = 0; j < points; j++) {
                    count[0]++;
                    runOne(prefix, hw, j, evidence);
                }
            }
            return;
        }
        for (CallSpec c : choices) {
            prefix.add(c);
            enumerate(choices, prefix, n, evidence, count);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** hw[i] = how many seqnos the hardware passes before call i (hw[n]: after the last); at most NumFences. */
    private List<int[]> hwPlacements(int n) {
        List<int[]> out = new ArrayList<>();
        place(new int[n + 1], 0, numFences, out);
        return out;
    }

    private static void place(int[] hw, int i, int left, List<int[]> out) {
        if (i == hw.length) {
            out.add(hw.clone());
            return;
        }
        for (int k = 0; k <= left; k++) {
            hw[i] = k;
            place(hw, i + 1, left - k, out);
        }
        hw[i] = 0;
    }

    /**
     * One schedule on a fresh machine; records the first evidence per property. The hardware raises the
     * interrupt line (when armed) and the CPU takes it between calls, as soon as its IRQs are on. With
     * {@code inject >= 0} the line is instead left raised until the inject-th interrupt point inside a call,
     * where the hardware also passes the next seqno if the bound allows and the CPU takes the interrupt: a step
     * of the process context that holds a lock with IRQs on (the only points where an interrupt taken inside a
     * call can meet a lock its context holds). After that point interrupts are taken between calls again.
     * {@code Integer.MAX_VALUE} leaves the line raised until the schedule ends (and only counts the points).
     *
     * @return the number of such interrupt points the schedule went through
     */
    private int runOne(List<CallSpec> calls, int[] hw, int inject, Map<String, String> evidence) {
        Machine m = new Machine("battery");
        DriverTimeline tl = new DriverTimeline(m, policy, shape, mutation);
        if (ops.contains("put")) {
            tl.holdReferences(); // spec RefsModelled: the driver keeps a reference until it retires the fence
        }
        if (ops.contains("opwait") || ops.contains("opwaiti")) {
            tl.useWaitOp(); // the timeline's fences have the driver's ->wait (spec DriverWaitOps)
        }
        consumerGone.clear();
        driverGone.clear();
        cpu0Call = null;
        // The line is raised on a CPU that never runs; the battery takes it on cpu0 when it chooses (IrqEnter).
        tl.setIrqCpu(m.cpu(PARKED));
        int[] points = {0};
        int[] passed = {0};
        boolean[] line = {false};
        boolean[] busy = {false};
        boolean[] inCall = {false};
        Runnable hwComplete = () -> {
            tl.hwComplete();
            passed[0]++;
            line[0] |= tl.irqArmed();
        };
        Runnable takeIrq = () -> {
            if (line[0]) {
                line[0] = false;
                org.fencecheck.sim.Cpu.current().raiseIrq(tl.irq());
                org.fencecheck.sim.Cpu.irqPoint();
            }
        };
        freePoints = 0;
        m.setStepListener(st -> {
            org.fencecheck.sim.Cpu cpu = org.fencecheck.sim.Cpu.current();
            if (busy[0] || st.cpu() != 0 || cpu.irqDepth() != 0 || st.action() == org.fencecheck.sim.Action.HW_COMPLETE) {
                return;
            }
            if (cpu.heldLocks().isEmpty() && st.action() != org.fencecheck.sim.Action.CALL && inCall[0]) {
                if (crossCall != null && freePoints == crossAt) {
                    busy[0] = true;
                    runCross(m, tl, evidence);
                    busy[0] = false;
                }
                freePoints++;
            }
            if (!cpu.irqsEnabled() || cpu.heldLocks().isEmpty()) {
                return;
            }
            if (points[0]++ == inject) {
                busy[0] = true;
                if (passed[0] < numFences) {
                    hwComplete.run();
                }
                takeIrq.run();
                busy[0] = false;
            }
        });
        // The spec's `fail` is a free choice at each arm: each schedule runs once with every arm succeeding and,
        // for an OpSetsError driver, once with the first arm failing (ENABLE_SIGNAL makes one arm per fence).
        boolean[] failed = {!failFirstArm};
        tl.setArmFailure(s -> !failed[0] && (failed[0] = true));
        String label = calls + " hw" + java.util.Arrays.toString(hw) + (inject < 0 ? "" : " irq@" + inject)
                + (crossCall == null ? "" : " cpu1:" + crossCall + "@" + crossAt) + (failFirstArm ? " arm-fails" : "");
        currentLabel = label;
        Map<String, String> cbFence = new LinkedHashMap<>();
        Map<String, Boolean> cbLinked = new LinkedHashMap<>();
        currentCbFence = cbFence;
        currentCbLinked = cbLinked;
        cbObjects.clear();
        try {
            m.cpu(0).run(() -> {
                List<DmaFence> fences = new ArrayList<>();
                for (int i = 0; i < numFences; i++) {
                    fences.add(tl.emit());
                }
                currentFences = fences;
                for (int i = 0; i <= calls.size(); i++) {
                    for (int k = 0; k < hw[i]; k++) {
                        hwComplete.run();
                    }
                    if (inject < 0 || points[0] > inject || i == calls.size()) {
                        takeIrq.run();
                    }
                    leaks(tl, label, evidence, line[0]);
                    if (i == calls.size()) {
                        break;
                    }
                    CallSpec c = calls.get(i);
                    DmaFence f = fences.get(c.fence() - 1);
                    Runnable call = kernelCall(tl, fences, f, c, cbFence, cbLinked);
                    if (call == null) {
                        return; // the spec's Call guard rules this schedule out from here on
                    }
                    inCall[0] = true;
                    cpu0Call = c;
                    tl.callFrom(caller, call);
                    cpu0Call = null;
                    inCall[0] = false;
                    leaks(tl, label, evidence, line[0]);
                }
            });
        } catch (SelfDeadlockException e) {
            evidence.putIfAbsent("NoSelfDeadlock", label + ": " + e.getMessage());
        } catch (DeadlockException e) {
            evidence.putIfAbsent("NoCrossCpuDeadlock", label + ": " + e.getMessage());
        } catch (LockupException e) {
            evidence.putIfAbsent("NoSelfDeadlock", label + ": " + e.getMessage());
        }
        for (LockdepReport r : m.lockdep().reports()) {
            evidence.putIfAbsent(propertyOf(r.kind()), label + ": " + r.kind() + " " + r.lockClasses() + " "
                    + r.detail());
        }
        return points[0];
    }

    /** The side-effect check at a point with no call running; quiet only if no interrupt is pending either. */
    private static void leaks(DriverTimeline tl, String label, Map<String, String> evidence, boolean line) {
        if (line) {
            return;
        }
        List<String> l = tl.sideEffectLeaks();
        if (!l.isEmpty()) {
            evidence.putIfAbsent("OpSideEffectsBalance", label + ": " + l);
        }
    }

    /**
     * The kernel call of {@code c}, or null when the spec's Call guard forbids it in this state. The callbacks'
     * bookkeeping (cbFence, whether the add linked it) is the spec's cbFence / cbState.
     */
    private Runnable kernelCall(DriverTimeline tl, List<DmaFence> fences, DmaFence f, CallSpec c,
                                Map<String, String> cbFence, Map<String, Boolean> cbLinked) {
        if (!holdsRef(tl, f, c)) {
            return null;
        }
        switch (c.op()) {
            case "add": {
                String cb = cbs.stream().filter(x -> !cbFence.containsKey(x)).findFirst().orElse(null);
                if (cb == null) {
                    return null;
                }
                cbFence.put(cb, String.valueOf(c.fence()));
                FenceCallback obj = FenceCallback.named(cb, x -> { });
                cbObjects.put(cb, obj);
                return () -> cbLinked.put(cb, f.addCallback(obj) == 0);
            }
            case "remove": {
                String cb = cbFence.entrySet().stream().filter(e -> e.getValue().equals(String.valueOf(c.fence()))
                        && Boolean.TRUE.equals(cbLinked.get(e.getKey()))).map(Map.Entry::getKey).findFirst()
                        .orElse(null);
                if (cb == null) {
                    return null;
                }
                FenceCallback obj = cbObjects.get(cb);
                return () -> f.removeCallback(obj);
            }
            case "enable":
                return f::enableSwSignaling;
            case "issig":
                return f::isSignaled;
            case "status":
                return f::getStatus;
            case "seterr":
                for (int g = 1; g < c.fence(); g++) {
                    if (!fences.get(g - 1).testSignaledFlag()) {
                        return null;
                    }
                }
                return () -> tl.errorPath(f, -Errno.EIO);
            case "wait":
                return () -> f.waitTimeout(false, 1);
            case "waiti":
                // no signal is ever pending in the battery: the interruptible wait sleeps as the other does
                return () -> f.waitTimeout(true, 1);
            case "poll":
                // one zero-timeout wait of the poller's loop: its later rounds make the same steps again
                return () -> f.waitTimeout(false, 0);
            case "opwait":
                return () -> f.waitTimeout(false, 1);
            case "opwaiti":
                return () -> f.waitTimeout(true, 1);
            case "reinit":
                return f::reinit;
            case "put":
                return () -> {
                    // The consumer's call (spec Call of op put): impl's put() is dma_fence_put() itself, which
                    // the containers also call inside their own calls, so the Call step is the consumer's.
                    tl.machine().step(org.fencecheck.sim.Action.CALL, "dma_fence_put", "call", f.seqno());
                    consumerGone.add(f);
                    f.put();
                };
            case "retire":
                return () -> {
                    driverGone.add(f);
                    tl.retire(f);
                };
            case "tsread":
                // The callers the model's tsread follows (drm_sched_get_cleanup_job(), sync_fill_fence_info())
                // test SIGNALED first and read nothing of an unsignalled fence (spec TimestampTest).
                return () -> {
                    if (f.testSignaledFlag()) {
                        f.timestamp();
                    }
                };
            default:
                throw new IllegalArgumentException("unknown op '" + c.op() + "' in Ops");
        }
    }

    /**
     * The spec's CallHoldsRef, where references are modelled: a consumer's call needs the consumer's reference and
     * no put of it on the fence running, its put no other call of its on the fence running; the driver's error
     * path and retire need the driver's reference, retire once its entries are gone and not twice.
     */
    private boolean holdsRef(DriverTimeline tl, DmaFence f, CallSpec c) {
        if (!ops.contains("put")) {
            return true;
        }
        boolean sameFenceRunning = cpu0Call != null && cpu0Call.fence() == c.fence();
        return switch (c.op()) {
            case "put" -> !consumerGone.contains(f) && !(sameFenceRunning && !cpu0Call.op().equals("retire")
                    && !cpu0Call.op().equals("seterr"));
            case "retire" -> !driverGone.contains(f) && tl.entries(f.seqno()) == 0
                    && !(sameFenceRunning && cpu0Call.op().equals("retire"));
            case "seterr" -> !driverGone.contains(f);
            default -> !consumerGone.contains(f) && !(sameFenceRunning && cpu0Call.op().equals("put"));
        };
    }

    /** Fences whose consumer reference (put) or driver reference (retire) is gone in the schedule running now. */
    private final java.util.Set<DmaFence> consumerGone = new java.util.HashSet<>();
    private final java.util.Set<DmaFence> driverGone = new java.util.HashSet<>();
    /** CPU0's call while it runs (CPU1's cross call is judged against it), else null. */
    private CallSpec cpu0Call;

    // The schedule that runs now (its CPU0 thread and, while CPU0 waits, the CPU1 helper).
    private boolean failFirstArm;
    private CallSpec crossCall;
    private int crossAt;
    private int freePoints;
    private String currentLabel;
    private List<DmaFence> currentFences;
    private Map<String, String> currentCbFence;
    private Map<String, Boolean> currentCbLinked;
    private static final java.util.concurrent.ExecutorService CPU1 = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "battery-cpu1");
                t.setDaemon(true);
                return t;
            });

    /** CPU1 makes {@link #crossCall} whole while CPU0 waits at a point where it holds no lock. */
    private void runCross(Machine m, DriverTimeline tl, Map<String, String> evidence) {
        CallSpec c = crossCall;
        DmaFence f = currentFences.get(c.fence() - 1);
        Runnable call = kernelCall(tl, currentFences, f, c, currentCbFence, currentCbLinked);
        if (call == null) {
            return;
        }
        awaitCpu1(CPU1.submit(() -> m.cpu(1).run(() -> tl.callFrom(caller, call))), currentLabel, evidence);
    }

    /**
     * Waits for a move CPU1 makes whole while CPU0 is held: a self-deadlock or a lockup the simulation detects on
     * CPU1 is evidence of NoSelfDeadlock or NoCrossCpuDeadlock (the first per property is kept); anything else,
     * or a move that does not return, fails the schedule. Shared by the batteries of the shapes, the atlas and
     * the containers.
     *
     * @param done     CPU1's move
     * @param label    the schedule, for the evidence and the failure
     * @param evidence the evidence found so far, per property
     * @return whether the move returned (false: it ended in a deadlock)
     */
    public static boolean awaitCpu1(java.util.concurrent.Future<?> done, String label, Map<String, String> evidence) {
        try {
            done.get(20, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof SelfDeadlockException) {
                evidence.putIfAbsent("NoSelfDeadlock", label + ": cpu1 " + t.getMessage());
            } else if (t instanceof LockupException) {
                evidence.putIfAbsent("NoCrossCpuDeadlock", label + ": cpu1 " + t.getMessage());
            } else {
                throw new IllegalStateException(label + ": cpu1 failed", t);
            }
            return false;
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(label + ": cpu1's move did not return", e);
        }
    }

    /** The callback objects of the schedule that runs now (one thread runs the battery). */
    private final Map<String, FenceCallback> cbObjects = new LinkedHashMap<>();
}
