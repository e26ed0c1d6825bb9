package org.fencecheck.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fencecheck.driver.Battery;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverShape;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.driver.IrqHandler;
import org.fencecheck.driver.OpSignal;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.DeadlockException;
import org.fencecheck.sim.LockupException;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SelfDeadlockException;
import org.fencecheck.sim.SpinLock;

/**
 * The schedules of one DmaFenceContainers model with member drivers (MemberShape # "none", MemberLock "inline")
 * within its bound, and what the validator reports on them, per spec property.
 *
 * <p>The container is a dma_fence_array over two members or a chain of two links, each member emitted by a
 * {@link DriverTimeline} of its own (its own fence lock and driver lock: the spec's LockOf(i) and DrvLock(i), one
 * lockdep class each for all members), whose {@link DriverShape} is the core's for MemberShape under the design
 * ({@link #memberShape}). A schedule is a sequence of at most MaxCalls calls from Ops on CPU0 in process context
 * (add_callback on the container with a callback per CPU, dma_fence_is_signaled() polls,
 * dma_fence_chain_find_seqno() at FindPoint, dma_fence_put() of the user's reference as the last call), with
 * each member's hardware passing before, between or after the calls (or never) and its interrupt taken at once
 * by CPU0. On top of that, as {@link Battery} does for the core: the interrupt of a member whose hardware passes
 * right then is taken inside a call at each point where CPU0's process context holds a lock with IRQs on (the
 * only points where an interrupt meets a lock of the context it interrupts), and by CPU1 at each point where
 * CPU0 is inside a call and holds no lock (the member signalled under a running call by the other CPU); and,
 * within MaxCalls, CPU1 makes a call of its own at each such point. The containers' irq_works run where their
 * member callbacks queued them, in hard-IRQ context.
 *
 * <p>Every acquisition CPU1 could make while CPU0 holds a lock is one CPU0 makes itself in some schedule, so
 * lockdep's class-level reports see every lock order and IRQ use the spec's two CPUs can produce; the ABBA
 * deadlock of the two CPUs is therefore read off the LOCK_ORDER_CYCLE report, as ShapeVerdictTest reads it, not
 * waited for (a CPU0 that parks in a step listener while CPU1 spins on its lock would never be resumed).
 *
 * <p>Property evidence: the validator's reports, translated by {@link Battery#propertyOf} and then
 * {@link #ALIASES} (lockdep's recursion and IRQ-use reports are the spec's NoSelfDeadlock and
 * LockdepNoRecursion, its cycle report NoCrossCpuDeadlock and LockdepNoCircularDependency); a CPU of the
 * simulation spinning on itself or two spinning on each other (NoSelfDeadlock, NoCrossCpuDeadlock only: the
 * deadlock itself, not lockdep's reading of the classes); NoLockTakenUnderContainerLock = a lock acquisition by a
 * CPU that holds a container's lock, decided as ContainerLockdepTest decides the nesting. Anything else a
 * schedule runs into (a KASAN use-after-free, a refcount underflow) is not a verdict of these properties: the
 * run fails with its schedule.
 */
final class ContainerShapeBattery {

    /** The spec properties this battery answers for (DmaFenceContainersProps.tla). */
    static final List<String> PROPERTIES = List.of("NoSelfDeadlock", "NoCrossCpuDeadlock", "LockdepNoRecursion",
            "LockdepNoCircularDependency", "AtomicCallerKeepsIrqsOff", "NoLockTakenUnderContainerLock");

    /**
     * The containers' properties a core property's evidence stands for. The core has no Lockdep* invariants: its
     * NoSelfDeadlock and NoCrossCpuDeadlock are read off lockdep's reports already, which are what the
     * containers' LockdepNoRecursion and LockdepNoCircularDependency state.
     */
    static final Map<String, List<String>> ALIASES = Map.of(
            "NoSelfDeadlock", List.of("NoSelfDeadlock", "LockdepNoRecursion"),
            "NoCrossCpuDeadlock", List.of("NoCrossCpuDeadlock", "LockdepNoCircularDependency"),
            "AtomicCallerKeepsIrqsOff", List.of("AtomicCallerKeepsIrqsOff"));

    /** A CPU that never runs: the timelines raise their interrupts there; the battery decides who takes them. */
    private static final int PARKED = 7;
    /** The members' number in a schedule's hardware placement for "never passes". */
    private static final int NEVER = -1;

    /** What the battery found: the first evidence per violated property, and how many schedules ran. */
    record Result(Map<String, String> evidence, int scenarios) {
    }

    private final boolean chain;
    private final LockingPolicy policy;
    private final DriverShape shape;
    private final String memberShapeName;
    private final List<String> ops;
    private final int numMembers;
    private final int maxCalls;
    private final long findPoint;

    private ContainerShapeBattery(boolean chain, LockingPolicy policy, String memberShape, List<String> ops,
                                  int numMembers, int maxCalls, long findPoint) {
        this.chain = chain;
        this.policy = policy;
        this.memberShapeName = memberShape;
        this.shape = memberShape(memberShape, policy);
        this.ops = ops;
        this.numMembers = numMembers;
        this.maxCalls = maxCalls;
        this.findPoint = findPoint;
    }

    /**
     * The battery of a cfg's constants (values as the cfg writes them).
     *
     * @param c constant name -> value text
     * @return the battery
     * @throws IllegalArgumentException naming a constant this twin does not build (an unknown MemberShape,
     *                                  MemberLock "timeline", a broken variant, SignalOnAny)
     */
    static ContainerShapeBattery forConstants(Map<String, String> c) {
        String container = Battery.stringConstant(c, "Container");
        if (!container.equals("array") && !container.equals("chain")) {
            throw new IllegalArgumentException("Container = " + container + ": not array or chain");
        }
        String lock = Battery.stringConstant(c, "MemberLock");
        if (!lock.equals("inline")) {
            // The twin of "timeline" would need every member on one DriverTimeline, which then shares one fence
            // lock too: a different model (the members' fence locks are their own in the spec).
            throw new IllegalArgumentException("MemberLock = " + lock + ": only the inline members are built");
        }
        String mutation = Battery.stringConstant(c, "Mutation");
        if (!mutation.equals("none")) {
            throw new IllegalArgumentException("Mutation = " + mutation
                    + ": the spec ASSUMEs no broken variant with member drivers");
        }
        if (Battery.boolConstant(c, "SignalOnAny")) {
            throw new IllegalArgumentException("SignalOnAny = TRUE: not built");
        }
        int members = Battery.intConstant(c, "NumMembers");
        if (members != 2) {
            throw new IllegalArgumentException("NumMembers = " + members + ": the twin builds two members");
        }
        List<String> ops = Battery.setConstant(c, "Ops");
        for (String op : ops) {
            if (!List.of("add", "poll", "find", "put").contains(op)) {
                throw new IllegalArgumentException("Ops has '" + op + "': not built");
            }
        }
        return new ContainerShapeBattery(container.equals("chain"), LockingPolicy.ofSpecName(
                Battery.stringConstant(c, "Design")), Battery.stringConstant(c, "MemberShape"), ops, members,
                Battery.intConstant(c, "MaxCalls"), Battery.intConstant(c, "FindPoint"));
    }

    /**
     * The core's driver shape of a MemberShape (DmaFence.tla's first matrix, as the header comment before
     * OpHasLock in DmaFenceContainers.tla lists them): the handler holds its lock across dma_fence_signal(),
     * no side effect, no error, no ->signaled (a member is polled by its SIGNALED bit), and the op signals a
     * passed member the design's way: legacy returns false; RFC 7/7 calls dma_fence_signal() after its unlock,
     * also where its lock is the fence lock; 10/10's fence_held op signals with dma_fence_signal_locked() under
     * dma_fence_lock_irqsave().
     *
     * @param memberShape the spec's MemberShape
     * @param policy      the design
     * @return the shape
     * @throws IllegalArgumentException naming an unknown or "none" shape
     */
    static DriverShape memberShape(String memberShape, LockingPolicy policy) {
        DriverLocking locking = switch (memberShape) {
            case "nolock" -> DriverLocking.NONE;
            case "fence_held" -> DriverLocking.FENCE;
            case "sep_held" -> DriverLocking.IRQSAVE;
            case "plainlock" -> DriverLocking.PLAIN;
            case "irqlock" -> DriverLocking.IRQ;
            default -> throw new IllegalArgumentException("MemberShape '" + memberShape
                    + "' has no driver (known: nolock, fence_held, sep_held, plainlock, irqlock)");
        };
        OpSignal signal = !policy.voidEnableSignaling() ? OpSignal.RETURN_FALSE
                : locking == DriverLocking.FENCE && policy == LockingPolicy.SERIES2026 ? OpSignal.LOCKED
                : OpSignal.SIGNAL;
        return new DriverShape(locking, IrqHandler.HELD, signal, false, false, false, false).check(policy);
    }

    /** One kernel call of a schedule. */
    private record CallSpec(String op) {
        @Override
        public String toString() {
            return op;
        }
    }

    /**
     * Where CPU1 or an in-call interrupt comes in: at the at-th point, the member's hardware and interrupt, or
     * (op not null) CPU1's call.
     */
    private record Inject(boolean cpu1, int at, int member, String op) {
        @Override
        public String toString() {
            return (cpu1 ? " cpu1:" : " ") + (op != null ? op : "irq" + member) + "@" + at;
        }
    }

    /** Runs every schedule; stops early once every property has evidence. */
    Result run() {
        Map<String, String> evidence = new LinkedHashMap<>();
        int[] count = {0};
        for (int n = 1; n <= maxCalls && evidence.size() < PROPERTIES.size(); n++) {
            enumerate(new ArrayList<>(), n, evidence, count);
        }
        return new Result(evidence, count[0]);
    }

    private void enumerate(List<CallSpec> prefix, int n, Map<String, String> evidence, int[] count) {
        if (evidence.size() == PROPERTIES.size()) {
            return;
        }
        if (prefix.size() == n) {
            for (int[] hw : placements(n)) {
                count[0]++;
                Counts points = runOne(prefix, hw, null, evidence);
                for (int member = 0; member < numMembers; member++) {
                    if (hw[member] != NEVER) {
                        continue; // the injected member passes at the injection point, not before
                    }
                    for (int j = 0; j < points.held(); j++) {
                        count[0]++;
                        runOne(prefix, hw, new Inject(false, j, member, null), evidence);
                    }
                    for (int j = 0; j < points.free(); j++) {
                        count[0]++;
                        runOne(prefix, hw, new Inject(true, j, member, null), evidence);
                    }
                }
                if (n < maxCalls && java.util.Arrays.stream(hw).allMatch(k -> k == NEVER)) {
                    // CPU1's own calls inside CPU0's, within MaxCalls, with the hardware left out (its interrupts
                    // inside a call are the runs above): the races of two callers that need no lock. Not put:
                    // the spec's PutCall waits for every other call on the container to return.
                    for (int j = 0; j < points.free(); j++) {
                        for (String op : ops) {
                            if (!op.equals("put")) {
                                count[0]++;
                                runOne(prefix, hw, new Inject(true, j, -1, op), evidence);
                            }
                        }
                    }
                }
            }
            return;
        }
        for (String op : ops) {
            if (!prefix.isEmpty() && prefix.get(prefix.size() - 1).op().equals("put")) {
                return; // the spec's PutCall is the user's last call
            }
            if (op.equals("add") && prefix.stream().filter(x -> x.op().equals("add")).count() >= 2) {
                continue; // one user callback per CPU (spec cbState)
            }
            prefix.add(new CallSpec(op));
            enumerate(prefix, n, evidence, count);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** hw[i] = before which call member i's hardware passes (n: after the last), or NEVER. */
    private List<int[]> placements(int n) {
        List<int[]> out = new ArrayList<>();
        int[] hw = new int[numMembers];
        place(hw, 0, n, out);
        return out;
    }

    private static void place(int[] hw, int i, int n, List<int[]> out) {
        if (i == hw.length) {
            out.add(hw.clone());
            return;
        }
        for (int k = NEVER; k <= n; k++) {
            hw[i] = k;
            place(hw, i + 1, n, out);
        }
    }

    /** How many in-call points of each kind CPU0 went through: lock held with IRQs on; no lock held. */
    private record Counts(int held, int free) {
    }

    /** The machine of one schedule and its members' timelines. */
    private final class World {
        final Machine m = new Machine("container-battery");
        final DriverTimeline[] tl = new DriverTimeline[numMembers];
        final DmaFence[] members = new DmaFence[numMembers];
        final boolean[] passed = new boolean[numMembers];
        final List<SpinLock> containerLocks = new ArrayList<>();
        DmaFence head;
        int adds;
        /** The user's dma_fence_put() started: no call may follow (spec `dropped`). */
        boolean dropped;

        World() {
            for (int i = 0; i < numMembers; i++) {
                tl[i] = new DriverTimeline(m, policy, shape, Mutation.NONE);
                // Raised on a CPU that never runs: the battery takes each interrupt where the schedule says.
                tl[i].setIrqCpu(m.cpu(PARKED));
            }
        }

        /** The member's hardware passes it (spec HwPass), once. */
        void pass(int i) {
            if (!passed[i]) {
                passed[i] = true;
                tl[i].hwComplete();
            }
        }

        /**
         * The member's interrupt on the calling CPU, armed or not: the spec's handler signals every member whose
         * hardware passed (amdgpu's always-on fence interrupt), so its driver lock is taken in hard-IRQ context
         * whether or not the op ran.
         */
        void interrupt(int i) {
            Cpu.current().raiseIrq(tl[i].irq());
            Cpu.irqPoint();
        }
    }

    /**
     * One schedule on a fresh machine; records the first evidence per property.
     *
     * @return the in-call points the schedule went through (counted when {@code inject} is null)
     */
    private Counts runOne(List<CallSpec> calls, int[] hw, Inject inject, Map<String, String> evidence) {
        World w = new World();
        Machine m = w.m;
        int[] held = {0};
        int[] free = {0};
        boolean[] busy = {false};
        boolean[] inCall = {false};
        String label = calls + " hw" + java.util.Arrays.toString(hw) + (inject == null ? "" : inject.toString());
        m.setStepListener(st -> {
            Cpu cpu = Cpu.current();
            if (st.action() == Action.LOCK_ACQUIRE && holdsContainerLock(cpu, w)
                    && w.containerLocks.stream().noneMatch(l -> st.act().contains("(" + l.name() + ")"))) {
                evidence.putIfAbsent("NoLockTakenUnderContainerLock", label + ": cpu" + cpu.id() + " " + st.fn()
                        + ": " + st.act() + " while holding " + cpu.heldLocks().get(0).lock().name());
            }
            if (busy[0] || st.cpu() != 0 || cpu.irqDepth() != 0 || !inCall[0]
                    || st.action() == Action.HW_COMPLETE || st.action() == Action.CALL) {
                return;
            }
            boolean none = cpu.heldLocks().isEmpty();
            if (!none && !cpu.irqsEnabled()) {
                return;
            }
            int at = none ? free[0]++ : held[0]++;
            if (inject == null || inject.cpu1() != none || inject.at() != at) {
                return;
            }
            busy[0] = true;
            try {
                if (none) {
                    onCpu1(w, inject, label, evidence);
                } else {
                    w.pass(inject.member());
                    w.interrupt(inject.member());
                }
            } finally {
                busy[0] = false;
            }
        });
        try {
            m.cpu(0).run(() -> {
                build(w);
                for (int i = 0; i <= calls.size(); i++) {
                    for (int k = 0; k < numMembers; k++) {
                        if (hw[k] == i) {
                            w.pass(k);
                            w.interrupt(k);
                        }
                    }
                    if (i == calls.size()) {
                        break;
                    }
                    inCall[0] = true;
                    call(w, calls.get(i));
                    inCall[0] = false;
                }
            });
        } catch (SelfDeadlockException e) {
            evidence.putIfAbsent("NoSelfDeadlock", label + ": " + e.getMessage());
        } catch (DeadlockException e) {
            evidence.putIfAbsent("NoCrossCpuDeadlock", label + ": " + e.getMessage());
        } catch (LockupException e) {
            evidence.putIfAbsent("NoSelfDeadlock", label + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException(label + ": " + e, e);
        }
        for (LockdepReport r : m.lockdep().reports()) {
            for (String p : ALIASES.getOrDefault(Battery.propertyOf(r.kind()), List.of())) {
                evidence.putIfAbsent(p, label + ": " + r.kind() + " " + r.lockClasses() + " " + r.usages());
            }
        }
        return new Counts(held[0], free[0]);
    }

    private static boolean holdsContainerLock(Cpu cpu, World w) {
        for (SpinLock l : w.containerLocks) {
            if (cpu.holds(l)) {
                return true;
            }
        }
        return false;
    }

    /** The members, each emitted by its own timeline, and the container over new references to them. */
    private void build(World w) {
        for (int i = 0; i < numMembers; i++) {
            w.members[i] = w.tl[i].emit();
        }
        if (chain) {
            DmaFence link = DmaFenceChain.init(null, w.members[0].get(), 1, policy).base();
            w.containerLocks.add(link.lock());
            w.head = DmaFenceChain.init(link, w.members[1].get(), 2, policy).base();
        } else {
            DmaFence[] refs = {w.members[0].get(), w.members[1].get()};
            w.head = DmaFenceArray.create(refs, FenceContext.alloc(policy), 1, false).base();
        }
        w.containerLocks.add(w.head.lock());
    }

    /** One kernel call on the container, from CPU0's process context. */
    private void call(World w, CallSpec c) {
        switch (c.op()) {
            case "add" -> w.head.addCallback(FenceCallback.named("cb" + w.adds++, f -> { }));
            case "poll" -> w.head.isSignaled();
            case "find" -> {
                // dma_fence_chain_find_seqno(&fence, FindPoint) on a reference of the caller's own.
                DmaFence[] pfence = {w.head.get()};
                DmaFenceChain.findSeqno(pfence, findPoint);
                if (pfence[0] != null) {
                    pfence[0].put();
                }
            }
            case "put" -> {
                w.dropped = true;
                w.head.put();
            }
            default -> throw new IllegalArgumentException("unknown op '" + c.op() + "' in Ops");
        }
    }

    private static final ExecutorService CPU1 = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "container-battery-cpu1");
        t.setDaemon(true);
        return t;
    });

    /**
     * CPU1 takes the member's interrupt whole (its hardware passing first), or makes its call whole, while CPU0
     * holds no lock.
     */
    private void onCpu1(World w, Inject inject, String label, Map<String, String> evidence) {
        if (inject.op() != null && (w.dropped || inject.op().equals("add") && w.adds >= 2)) {
            // The spec's Call guards: nothing after the user's put (its reference is gone), and both CPUs'
            // callbacks are added already.
            return;
        }
        Battery.awaitCpu1(CPU1.submit(() -> w.m.cpu(1).run(() -> {
            if (inject.op() != null) {
                call(w, new CallSpec(inject.op()));
            } else {
                w.pass(inject.member());
                w.interrupt(inject.member());
            }
        })), label, evidence);
    }

    @Override
    public String toString() {
        return (chain ? "chain" : "array") + " of " + numMembers + " " + memberShapeName + " members ("
                + shape.label() + "), " + policy.specName() + ", Ops " + ops + ", MaxCalls " + maxCalls;
    }
}
