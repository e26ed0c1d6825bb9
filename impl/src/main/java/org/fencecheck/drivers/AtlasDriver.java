package org.fencecheck.drivers;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.FenceFlags;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * One real driver of the atlas on the simulated machine: its fences (seqnos 1..n of one timeline, sharing the
 * driver's fence lock, as spec/DmaFenceDrivers.tla has them), its hardware seqno, its interrupt (a hard-IRQ
 * handler or an irq_work, run in hard-IRQ context on the CPU that takes it), its work item (a workqueue item or
 * timer, run in process context by {@link #runWork()}), and the bookkeeping its fence lock protects. Subclasses
 * port one driver's {@code ->enable_signaling}, {@code ->signaled} and signal paths from the C code, one
 * {@link #step} per step of the spec's profile, naming the spec action and the C function.
 *
 * <p>The properties of spec/DmaFenceDriversProps.tla are answered by {@link #violations()}: the history of
 * mistakes ({@link Ledger}) at any time, and the driver's own state invariants once the driver is quiet
 * ({@link #quiesce()} first takes every pending interrupt and runs every queued work item on the calling CPU, as
 * the spec's {@code DriverQuiescent} states are the ones where they have all run).
 */
public abstract class AtlasDriver implements DmaFenceOps {

    /*
     * Overview. The fences, the driver's lists and counters are plain Java state mutated only by the driver's own
     * code, under the locks the C code takes (and, where the posted patches take none, under none: that is the
     * point). A list is a ListHead with plain pointer fields, so an unlocked list_add_tail() races as in C; a
     * counter the C code increments with ++ is read and written in two accesses. The only atomics here are the
     * simulation's own: the hardware seqno (the device writes it), the work item's pending bit (queue_work()'s
     * test_and_set_bit) and the ledger, which observes rather than takes part.
     */

    protected final Machine machine;
    protected final LockingPolicy design;
    protected final Profile profile;
    protected final Mutation mutation;
    /** The driver's fence lock: every fence of the timeline is initialised with it. */
    protected final SpinLock fenceLock;
    protected final Ledger ledger;
    private final DmaFence[] fences;
    private final AtomicLong hwSeqno = new AtomicLong();
    /** Whether the hardware raises the driver's interrupt on completion (armed, enabled, allowed). */
    protected volatile boolean irqArmed;
    private final Irq irq;
    private final AtomicBoolean workPending = new AtomicBoolean();
    /** The fences whose op the core called while SIGNALED was set. */
    private final java.util.Set<Long> enteredSignaled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Creates the driver and emits its fences.
     *
     * @param machine   the simulated machine
     * @param design    the core's design
     * @param profile   the profile this class ports
     * @param mutation  a broken variant of this driver ({@code DmaFenceDrivers}), or {@link Mutation#NONE}
     * @param numFences the fences of the timeline (seqnos 1..numFences)
     * @param lockName  the C name of the fence lock, e.g. {@code "irq->lock"}
     * @param irqName   the C name of the interrupt handler or irq_work function
     * @throws IllegalArgumentException if the profile has no op under the design, or the mutation is not a
     *                                  driver mutation
     */
    protected AtlasDriver(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences,
                          String lockName, String irqName) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.design = Objects.requireNonNull(design, "design");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.mutation = Objects.requireNonNull(mutation, "mutation");
        if (!profile.existsUnder(design)) {
            throw new IllegalArgumentException("Profile " + profile.specName() + " has no ->enable_signaling under"
                    + " Design " + design.specName());
        }
        if (mutation != Mutation.NONE && !mutation.specModule().equals("DmaFenceDrivers")) {
            throw new IllegalArgumentException("Mutation " + mutation.specName() + " breaks the core ("
                    + mutation.specModule() + "), not a driver");
        }
        this.fenceLock = machine.newSpinLock("fence", lockName);
        this.ledger = new Ledger(numFences);
        this.irq = new Irq(irqName, this::interrupt);
        FenceContext ctx = FenceContext.alloc(design, OpsLifetime.PINNED, Mutation.NONE);
        this.fences = new DmaFence[numFences + 1];
        // Without ->enable_signaling the fences get ops whose pointer is NULL: the core then calls no driver code.
        DmaFenceOps ops;
        if (profile.hasEnableOpUnder(design)) {
            ops = this;
        } else if (!profile.hasSignaledOpInsteadUnder(design)) {
            ops = new NoEnableOps(this);
        } else if (this instanceof SignaledInPlaceOfOp signaled) {
            ops = new SignaledOnlyOps(this, signaled);
        } else {
            throw new IllegalArgumentException("Profile " + profile.specName() + " has ->signaled in place of its op"
                    + " under Design " + design.specName() + ", and " + getClass().getSimpleName() + " ports none");
        }
        for (int s = 1; s <= numFences; s++) {
            fences[s] = DmaFence.init(ops, fenceLock, ctx, s);
        }
    }

    /**
     * {@code ->enable_signaling}: notes a call on a fence already signalled (the core's
     * NoEnableSignalingOnSignaled: under the reworked designs the core tests SIGNALED without the lock before
     * the call), then runs the driver's op.
     */
    @Override
    public final boolean enableSignaling(DmaFence f) {
        if (f.testSignaledFlag()) {
            enteredSignaled.add(f.seqno());
        }
        return opEnableSignaling(f);
    }

    /**
     * The driver's {@code ->enable_signaling} (void in rfc2024 and series2026: the core ignores the answer).
     *
     * @param f the fence
     * @return false if the fence passed and the legacy core must signal it
     */
    protected abstract boolean opEnableSignaling(DmaFence f);

    @Override
    public String getDriverName(DmaFence fence) {
        return profile.base().specName();
    }

    @Override
    public String getTimelineName(DmaFence fence) {
        return profile.base().specName() + "-timeline";
    }

    /** Returns the profile. */
    public Profile profile() {
        return profile;
    }

    /** Returns the core's design. */
    public LockingPolicy design() {
        return design;
    }

    /** Returns the fence with seqno {@code s} (1..{@link #numFences()}). */
    public DmaFence fence(long s) {
        return fences[(int) s];
    }

    /** Returns the number of fences. */
    public int numFences() {
        return fences.length - 1;
    }

    /** Returns the last seqno the hardware passed. */
    public long hwSeqno() {
        return hwSeqno.get();
    }

    /** Returns the fence lock. */
    public SpinLock fenceLock() {
        return fenceLock;
    }

    /** Returns the bookkeeping ledger. */
    public Ledger ledger() {
        return ledger;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hardware, interrupt, work
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The hardware passes the next seqno (spec {@code HwComplete}); when the driver's interrupt is armed it is
     * raised on the calling CPU and taken there as soon as its IRQs are on. A driver whose hardware needs more
     * (i915: only submitted requests run) overrides {@link #hardwareMayComplete(long)}.
     *
     * @return whether the hardware moved
     */
    public boolean hwComplete() {
        long s = hwSeqno.get() + 1;
        if (s > numFences() || !hardwareMayComplete(s)) {
            return false;
        }
        machine.hardwareStep(Action.HW_COMPLETE, "hardware", "seqno passes", s);
        hwSeqno.set(s);
        if (irqArmed) {
            raiseIrq();
        }
        return true;
    }

    /** Whether the hardware may pass seqno {@code s} now; every fence by default. */
    protected boolean hardwareMayComplete(long s) {
        return true;
    }

    /** Whether fence {@code f} passed on the hardware. */
    protected boolean passed(DmaFence f) {
        return hwSeqno.get() >= f.seqno();
    }

    /**
     * Raises the driver's interrupt (or queues its irq_work) on the calling CPU: taken at the CPU's next point
     * with IRQs on, in hard-IRQ context.
     */
    protected void raiseIrq() {
        Cpu.current().raiseIrq(irq);
        Cpu.irqPoint();
    }

    /** The interrupt handler or irq_work, in hard-IRQ context with IRQs off. */
    protected abstract void interrupt();

    /**
     * {@code queue_work()} / {@code mod_timer()}: marks the work item pending.
     *
     * @return false if it was already pending
     */
    protected boolean queueWork() {
        return workPending.compareAndSet(false, true);
    }

    /** Whether the work item is pending. */
    public boolean workPending() {
        return workPending.get();
    }

    /**
     * A worker in process context runs the work item if it is pending (the workqueue clears the pending bit
     * before it calls the function).
     *
     * @return whether it ran
     */
    public boolean runWork() {
        if (!workPending.compareAndSet(true, false)) {
            return false;
        }
        work();
        return true;
    }

    /**
     * A driver whose fences have {@code ->signaled} in place of {@code ->enable_signaling} under some design
     * ({@link Profile#hasSignaledOpInsteadUnder}: vmwgfx of 2024 under RFC 5/7).
     */
    interface SignaledInPlaceOfOp {
        /**
         * The driver's {@code ->signaled}.
         *
         * @param f the fence
         * @return whether the hardware passed it
         */
        boolean opSignaled(DmaFence f);
    }

    /** The work item's function, in process context; none by default. */
    protected void work() {
    }

    /** Whether the driver has a work item: its class overrides {@link #work()}. */
    public boolean hasWorkItem() {
        for (Class<?> c = getClass(); c != AtlasDriver.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("work");
                return true;
            } catch (NoSuchMethodException e) {
                // not here: look in the superclass
            }
        }
        return false;
    }

    /**
     * The driver's own process-context events besides the hardware, the interrupt and the work item, as the
     * spec's profile has them (i915: {@code "submit"} = __i915_request_submit(), {@code "retire"} =
     * i915_request_retire(); amdkfd: {@code "unref"} = the range dropping its svm_bo reference). None by default.
     *
     * @return the event names
     */
    public List<String> events() {
        return List.of();
    }

    /**
     * Runs one of {@link #events()} on the calling CPU (process context, IRQs on) if its guard allows it now.
     *
     * @param name the event
     * @return whether it ran
     * @throws IllegalArgumentException if the driver has no such event
     */
    public boolean runEvent(String name) {
        throw new IllegalArgumentException(profile.specName() + " has no event '" + name + "' (has " + events()
                + ")");
    }

    /**
     * Runs what the driver still has to do on the calling CPU (process context, IRQs on): pending interrupts and
     * the work item, until none is left, so that {@link #violations()} judges a quiet driver.
     */
    public void quiesce() {
        for (int round = 0; round < 16; round++) {
            Cpu.irqPoint();
            if (!runWork() && !Cpu.current().irqPending()) {
                return;
            }
        }
        throw new IllegalStateException(profile.specName() + ": still busy after 16 rounds of interrupts and work");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Steps and locks
    // ---------------------------------------------------------------------------------------------------------

    /**
     * One step of the driver's code.
     *
     * @param fn    the C function
     * @param act   the spec action and what the step does, e.g. {@code "XeOpAdd: list_add_tail()"}
     * @param seqno the fence, or 0
     */
    protected void step(String fn, String act, long seqno) {
        machine.step(Action.DRIVER_PROFILE, fn, act, seqno);
    }

    /** Whether the design's core calls the op with the fence lock held (legacy). */
    protected boolean coreHoldsLock() {
        return design == LockingPolicy.LEGACY;
    }

    /** Whether signalling was enabled on {@code f} (ENABLE_SIGNAL set). */
    protected static boolean enabled(DmaFence f) {
        return (f.flags() & (1 << FenceFlags.ENABLE_SIGNAL_BIT)) != 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The driver properties violated so far: the ledger's mistakes, then (the driver being quiet: call
     * {@link #quiesce()} first) the driver's state invariants.
     *
     * @return property name -> evidence
     */
    public Map<String, String> violations() {
        Map<String, String> out = mistakes();
        checkQuiet(out);
        return out;
    }

    /**
     * The properties the driver's mistakes so far refute (the ledger's history), without the quiet-state
     * invariants: what can be judged when the driver never got quiet (a CPU died in a lockup).
     *
     * @return property name -> evidence
     */
    public Map<String, String> mistakes() {
        Map<String, String> out = new TreeMap<>(ledger.violations());
        for (long s : new java.util.TreeSet<>(enteredSignaled)) {
            out.putIfAbsent("NoEnableSignalingOnSignaled", "->enable_signaling called on signalled fence " + s);
        }
        return out;
    }

    /**
     * Adds the driver's quiet-state properties that do not hold, e.g. NoLostCompletion.
     *
     * @param out property name -> evidence
     */
    protected void checkQuiet(Map<String, String> out) {
        for (int s = 1; s <= numFences(); s++) {
            DmaFence f = fences[s];
            if (enabled(f) && passed(f) && !f.testSignaledFlag()) {
                out.putIfAbsent("NoLostCompletion", "fence " + s + " passed with signalling enabled, not signalled");
            }
        }
    }

    /**
     * NoEntryLeftForSignaled for a driver whose list entries each hold one reference: every listed fence holds
     * one, every other none, and a listed signalled fence is one the hardware passed.
     *
     * @param out    property name -> evidence
     * @param listed whether fence {@code s} is on the driver's list
     */
    protected void checkEntriesHoldReferences(Map<String, String> out, java.util.function.LongPredicate listed) {
        for (int s = 1; s <= numFences(); s++) {
            boolean on = listed.test(s);
            if (ledger.refs(s) != (on ? 1 : 0)) {
                out.putIfAbsent("NoEntryLeftForSignaled", "fence " + s + (on ? " listed" : " not listed")
                        + " with " + ledger.refs(s) + " driver references");
            } else if (on && fences[s].testSignaledFlag() && !passed(fences[s])) {
                out.putIfAbsent("NoEntryLeftForSignaled", "fence " + s + " listed and signalled, not passed");
            }
        }
    }

    /** Ops that name the driver's fences and nothing else; what they add is an op the core finds present. */
    private interface DriverNames extends DmaFenceOps {
        AtlasDriver driver();

        @Override
        default String getDriverName(DmaFence fence) {
            return driver().getDriverName(fence);
        }

        @Override
        default String getTimelineName(DmaFence fence) {
            return driver().getTimelineName(fence);
        }
    }

    /** The driver's ops with {@code ->signaled} and without {@code ->enable_signaling} (vmwgfx under RFC 5/7). */
    private record SignaledOnlyOps(AtlasDriver driver, SignaledInPlaceOfOp op) implements DriverNames {
        @Override
        public boolean signaled(DmaFence fence) {
            return op.opSignaled(fence);
        }
    }

    /** The driver's ops without {@code ->enable_signaling} (nor any other optional op): the names only. */
    private record NoEnableOps(AtlasDriver driver) implements DriverNames {
    }
}
