package org.fencecheck.drivers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fencecheck.driver.Battery;
import org.fencecheck.driver.Caller;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.DeadlockException;
import org.fencecheck.sim.LockupException;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SelfDeadlockException;

/**
 * The schedules of a driver model's bound on the Java port of its driver, and what the validator (lockdep) and
 * the driver's bookkeeping ({@link AtlasDriver#violations()}) report on them, per spec property.
 *
 * <p>CPU0 makes at most MaxCalls kernel calls from Ops on fences 1..NumFences from the model's Caller context;
 * before each call and after the last, the hardware passes some fences (at most NumFences in all), CPU0 takes
 * the interrupt, and in the schedules that say so runs the driver's work item and events. Three kinds of
 * schedules are added to each: CPU1 makes one whole move (a call, the work item, an event, or the hardware
 * passing a fence with CPU1 taking the interrupt) at a point where CPU0 is inside a call and holds no lock; at a
 * point where CPU0's process context (a call, the work item, an event) holds a lock with IRQs on, the hardware
 * passes a fence and CPU0 takes the interrupt, or, for the irq_work caller, the irq_work's call runs there in
 * hard-IRQ context (spec IrqWorkCall); and nothing of that. At the end CPU0 quiesces the driver and its properties are read.
 *
 * <p>What this finds is a subset of what TLC finds (one interleaving point per schedule, whole moves of CPU1):
 * lockdep's class-level reports see every lock order and IRQ use the bound has, so NoSelfDeadlock and
 * NoCrossCpuDeadlock are answered both ways; a driver property is evidence only when found.
 */
final class AtlasBattery {

    /** The properties lockdep answers for, both ways. */
    static final List<String> VALIDATOR_PROPERTIES = List.of("NoSelfDeadlock", "NoCrossCpuDeadlock");

    /** What the battery found: the first evidence per violated property, and how many schedules ran. */
    record Result(Map<String, String> evidence, int schedules) {
    }

    /** One move: a kernel call ({@code add}, {@code enable}, {@code issig}) on a fence, or a driver move. */
    private record Move(String op, int fence) {
        @Override
        public String toString() {
            return fence == 0 ? op : op + "(" + fence + ")";
        }
    }

    private final Profile profile;
    private final LockingPolicy design;
    private final Mutation mutation;
    private final Caller caller;
    private final List<String> ops;
    private final int numFences;
    private final int maxCalls;

    private AtlasBattery(Profile profile, LockingPolicy design, Mutation mutation, Caller caller, List<String> ops,
                         int numFences, int maxCalls) {
        this.profile = profile;
        this.design = design;
        this.mutation = mutation;
        this.caller = caller;
        this.ops = ops;
        this.numFences = numFences;
        this.maxCalls = maxCalls;
    }

    /**
     * The battery of a driver cfg's constants (values as the cfg writes them).
     *
     * @param c constant name -> value text
     * @return the battery
     * @throws IllegalArgumentException naming a missing constant or an unknown value
     */
    static AtlasBattery forConstants(Map<String, String> c) {
        return new AtlasBattery(Profile.ofSpecName(str(c, "Profile")), LockingPolicy.ofSpecName(str(c, "Design")),
                Mutation.ofSpecName(str(c, "Mutation")), Caller.ofSpecName(str(c, "Caller")), strings(c, "Ops"),
                Integer.parseInt(get(c, "NumFences")), Integer.parseInt(get(c, "MaxCalls")));
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

    private static List<String> strings(Map<String, String> c, String name) {
        List<String> out = new ArrayList<>();
        for (String s : get(c, name).replace("{", "").replace("}", "").replace("\"", "").split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(new TreeSet<>(out));
    }

    /** Runs every schedule. */
    Result run() {
        Map<String, String> evidence = new LinkedHashMap<>();
        List<Move> calls = new ArrayList<>();
        for (String op : ops) {
            for (int f = 1; f <= numFences; f++) {
                calls.add(new Move(op, f));
            }
        }
        int[] count = {0};
        for (int n = 1; n <= maxCalls; n++) {
            enumerate(calls, new ArrayList<>(), n, evidence, count);
        }
        return new Result(evidence, count[0]);
    }

    private void enumerate(List<Move> calls, List<Move> prefix, int n, Map<String, String> evidence, int[] count) {
        if (prefix.size() < n) {
            for (Move c : calls) {
                if (c.op().equals("add") && prefix.stream().anyMatch(p -> p.op().equals("add"))) {
                    continue; // one callback (Cbs = {"cb1"}), added at most once
                }
                prefix.add(c);
                enumerate(calls, prefix, n, evidence, count);
                prefix.remove(prefix.size() - 1);
            }
            return;
        }
        // CPU1's moves: every call but add (the one callback is CPU0's), the hardware, the work item.
        List<Move> cross = new ArrayList<>();
        for (Move c : calls) {
            if (!c.op().equals("add")) {
                cross.add(c);
            }
        }
        cross.add(new Move("hw", 0));
        AtlasDriver probe = Drivers.create(profile, Machine.unobserved("probe"), design, mutation, numFences);
        boolean settles = probe.hasWorkItem() || !probe.events().isEmpty();
        if (settles) {
            cross.add(new Move("work", 0));
        }
        for (int[] hw : placements(n + 1, numFences)) {
            for (int settle = 0; settle < (settles ? 1 << (n + 1) : 1); settle++) {
                count[0]++;
                Schedule s = new Schedule(prefix, hw, settle);
                int[] free = {0};
                int[] held = {0};
                runOne(s, evidence, free, held);
                for (int j = 0; j < free[0]; j++) {
                    for (Move m : cross) {
                        count[0]++;
                        runOne(s.crossing(m, j), evidence, new int[1], new int[1]);
                    }
                }
                for (int j = 0; j < held[0]; j++) {
                    count[0]++;
                    runOne(s.injecting(j, null), evidence, new int[1], new int[1]);
                    if (caller == Caller.IRQ_WORK && n < maxCalls) {
                        // spec IrqWorkCall: the irq_work's call runs in hard-IRQ context on CPU0 at that point
                        for (Move m : cross) {
                            if (!m.op().equals("hw") && !m.op().equals("work")) {
                                count[0]++;
                                runOne(s.injecting(j, m), evidence, new int[1], new int[1]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** hw[i] = how many seqnos the hardware passes before call i (hw[n]: after the last); at most max. */
    private static List<int[]> placements(int gaps, int max) {
        List<int[]> out = new ArrayList<>();
        place(new int[gaps], 0, max, out);
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
     * One schedule: CPU0's calls, the hardware per gap, the gaps where CPU0 also runs the work item and the
     * events (bit i of settle), and at most one extra: CPU1's move at CPU0's crossAt-th lock-free point inside a
     * call, or the interrupt at CPU0's injectAt-th point holding a lock with IRQs on.
     */
    private record Schedule(List<Move> calls, int[] hw, int settle, Move cross, int crossAt, int injectAt,
                            Move irqWork) {
        Schedule(List<Move> calls, int[] hw, int settle) {
            this(List.copyOf(calls), hw, settle, null, -1, -1, null);
        }

        Schedule crossing(Move m, int at) {
            return new Schedule(calls, hw, settle, m, at, -1, null);
        }

        /** At the at-th held point: the hardware passes a fence (irqWork null) or the irq_work makes a call. */
        Schedule injecting(int at, Move irqWork) {
            return new Schedule(calls, hw, settle, null, -1, at, irqWork);
        }

        @Override
        public String toString() {
            return calls + " hw" + java.util.Arrays.toString(hw) + " settle=" + Integer.toBinaryString(settle)
                    + (cross == null ? "" : " cpu1:" + cross + "@" + crossAt)
                    + (injectAt < 0 ? "" : (irqWork == null ? " irq@" : " irq_work:" + irqWork + "@") + injectAt);
        }
    }

    private static final ExecutorService CPU1 = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atlas-battery-cpu1");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs one schedule on a fresh machine and records the first evidence per property; counts CPU0's lock-free
     * points inside calls (free) and its points holding a lock with IRQs on (held).
     */
    private void runOne(Schedule s, Map<String, String> evidence, int[] free, int[] held) {
        Machine m = new Machine("atlas-battery");
        AtlasDriver d = Drivers.create(profile, m, design, mutation, numFences);
        boolean[] inCall = {false};
        boolean[] busy = {false};
        boolean[] dead = {false};
        String label = s.toString();
        FenceCallback cb = FenceCallback.named("cb1", x -> { });
        m.setStepListener(st -> {
            Cpu cpu = Cpu.currentOrNull();
            if (busy[0] || cpu == null || st.cpu() != 0 || cpu.irqDepth() != 0
                    || st.action() == Action.HW_COMPLETE || st.action() == Action.CALL) {
                return;
            }
            if (cpu.heldLocks().isEmpty()) {
                if (inCall[0] && s.cross() != null && free[0] == s.crossAt()) {
                    busy[0] = true;
                    dead[0] = !cross(m, d, s.cross(), cb, label, evidence);
                    busy[0] = false;
                }
                free[0] += inCall[0] ? 1 : 0;
            } else if (cpu.irqsEnabled()) {
                // CPU0's process context holds a lock with IRQs on, in a call or in the driver's work
                if (held[0] == s.injectAt()) {
                    busy[0] = true;
                    if (s.irqWork() == null) {
                        d.hwComplete();
                    } else {
                        Runnable call = kernelCall(d, s.irqWork(), cb);
                        cpu.raiseIrq(org.fencecheck.driver.Caller.irqWork(m, call));
                        Cpu.irqPoint();
                    }
                    busy[0] = false;
                }
                held[0]++;
            }
        });
        try {
            m.cpu(0).run(() -> {
                for (int i = 0; i <= s.calls().size(); i++) {
                    boolean settle = (s.settle() >> i & 1) != 0;
                    if (settle) {
                        runEvents(d);
                    }
                    for (int k = 0; k < s.hw()[i]; k++) {
                        d.hwComplete();
                    }
                    Cpu.irqPoint();
                    if (settle) {
                        d.runWork();
                        runEvents(d);
                    }
                    if (i == s.calls().size()) {
                        break;
                    }
                    Move c = s.calls().get(i);
                    inCall[0] = true;
                    caller.run(d.fenceLock(), kernelCall(d, c, cb));
                    inCall[0] = false;
                }
                // A CPU that died in a lockup never gets idle: no state after it is quiet (spec Quiescent).
                if (!dead[0]) {
                    d.quiesce();
                }
                for (Map.Entry<String, String> e : (dead[0] ? d.mistakes() : d.violations()).entrySet()) {
                    evidence.putIfAbsent(e.getKey(), label + ": " + e.getValue());
                }
            });
        } catch (SelfDeadlockException e) {
            evidence.putIfAbsent("NoSelfDeadlock", label + ": " + e.getMessage());
            mistakesOf(d, label, evidence);
        } catch (DeadlockException e) {
            evidence.putIfAbsent("NoCrossCpuDeadlock", label + ": " + e.getMessage());
            mistakesOf(d, label, evidence);
        } catch (LockupException e) {
            evidence.putIfAbsent("NoSelfDeadlock", label + ": " + e.getMessage());
            mistakesOf(d, label, evidence);
        }
        for (LockdepReport r : m.lockdep().reports()) {
            String p = switch (r.kind()) {
                case RECURSIVE_LOCK, INCONSISTENT_IRQ_USE -> "NoSelfDeadlock";
                case LOCK_ORDER_CYCLE -> "NoCrossCpuDeadlock";
                case DRIVER_OP_UNDER_FENCE_LOCK -> "NoDriverOpUnderFenceLock";
                case IRQS_ENABLED_IN_ATOMIC_CALLER -> "AtomicCallerKeepsIrqsOff";
                case IRQ_STATE_NOT_RESTORED -> "IrqStateRestored";
            };
            evidence.putIfAbsent(p, label + ": " + r.kind() + " " + r.lockClasses() + " " + r.detail());
        }
    }

    /** The mistakes the driver made before CPU0 died (no quiet state follows a lockup). */
    private static void mistakesOf(AtlasDriver d, String label, Map<String, String> evidence) {
        for (Map.Entry<String, String> e : d.mistakes().entrySet()) {
            evidence.putIfAbsent(e.getKey(), label + ": " + e.getValue());
        }
    }

    /** The driver's events, each once if its guard allows it now. */
    private static void runEvents(AtlasDriver d) {
        for (String e : d.events()) {
            d.runEvent(e);
        }
    }

    /** The kernel call of a move, as CPU0 or CPU1 makes it. */
    private static Runnable kernelCall(AtlasDriver d, Move c, FenceCallback cb) {
        DmaFence f = d.fence(c.fence());
        return switch (c.op()) {
            case "add" -> () -> f.addCallback(cb);
            case "enable" -> f::enableSwSignaling;
            case "issig" -> f::isSignaled;
            default -> throw new IllegalArgumentException("unknown op '" + c.op() + "' in Ops");
        };
    }

    /**
     * CPU1 makes one whole move while CPU0 waits at a point where it holds no lock.
     *
     * @return false if CPU1 died in a lockup
     */
    private boolean cross(Machine m, AtlasDriver d, Move c, FenceCallback cb, String label,
                       Map<String, String> evidence) {
        Runnable body = switch (c.op()) {
            case "hw" -> d::hwComplete;
            case "work" -> () -> {
                d.runWork();
                runEvents(d);
            };
            default -> () -> caller.run(d.fenceLock(), kernelCall(d, c, cb));
        };
        return Battery.awaitCpu1(CPU1.submit(() -> m.cpu(1).run(body)), label, evidence);
    }
}
