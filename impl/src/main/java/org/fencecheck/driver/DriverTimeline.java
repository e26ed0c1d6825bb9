package org.fencecheck.driver;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * A simulated device timeline and its driver, as the spec has them: fences of one context emitted with seqnos
 * 1, 2, ..., sharing one {@code fence->lock} (class {@code "fence"}); a driver lock (class {@code "driver"}); a
 * hardware seqno that {@link #hwComplete()} advances, raising the completion interrupt once it was armed.
 *
 * <p>The driver's {@code ->enable_signaling} takes the driver lock the {@link DriverLocking} way, arms the
 * interrupt, re-reads the hardware seqno and returns false if the fence already passed. With
 * {@code hasSignaledOp}, its {@code ->signaled} answers {@code hw_seqno >= seqno} without a lock. The interrupt
 * handler ({@code drv_irq_handler}, hard-IRQ context) takes the driver lock with {@code spin_lock()} (unless
 * {@link DriverLocking#NONE}), signals with {@code dma_fence_signal()} every passed fence not yet signaled, in
 * seqno order, and unlocks.
 */
public final class DriverTimeline {

    /*
     * Overview. Driver state: hwSeqno is the device's register (AtomicLong: the hardware writes it from whatever
     * thread plays it, CPUs read it lock-free in ->signaled); irqArmed is sticky once armed (volatile, written by
     * the CPU that arms under whatever driver lock the configuration uses, read by the hardware thread); the
     * fence list is a copy-on-write list because emission is rare and the handler must be able to walk it even
     * with DriverLocking.NONE, where no lock orders it.
     *
     * The interrupt goes to irqCpu, or, when none is set, to the CPU that calls hwComplete(), which then takes it
     * at once if its IRQs are on (a convenience for single-threaded tests; the spec lets any CPU with IRQs on
     * take the line).
     */

    /** The handler's kernel-style name. */
    public static final String IRQ_HANDLER = "drv_irq_handler";

    /**
     * The site of the "dropped" handler's unlock before it signals (spec pc {@code irq_drop}, a plain
     * {@code SpinUnlock}; the handler's final unlock at {@link #IRQ_HANDLER} is {@code IrqUnlockExit}).
     */
    public static final String IRQ_HANDLER_DROP = "drv_irq_handler: irq_drop";

    static final String FN_DRV_ENABLE = "drv->enable_signaling";
    static final String FN_DRV_RELEASE = "drv->release";
    static final String FN_RETIRE = "drv_retire";

    private final Machine machine;
    private final FenceContext context;
    private final DriverShape shape;
    private final SpinLock fenceLock;
    private final SpinLock driverLock;
    private volatile DriverOps ops;
    private final DriverWait driverWait;
    private final Irq irq;
    private final List<DmaFence> fences = new CopyOnWriteArrayList<>();
    private final AtomicLong hwSeqno = new AtomicLong();
    private final AtomicLong nextSeqno = new AtomicLong(1);
    private volatile boolean irqArmed;
    private volatile boolean holdsReferences;
    private volatile Cpu irqCpu;
    /** The op's entries per seqno (spec `entries`); changed by the op, the handler and the error path. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Integer> entries =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> sideEffectFindings = new CopyOnWriteArrayList<>();
    private volatile java.util.function.LongPredicate armFails = s -> false;

    /**
     * Creates a timeline with a fresh context.
     *
     * @param machine       the machine whose lockdep and listener see its locks
     * @param policy        the locking policy of its fences
     * @param locking       how {@code ->enable_signaling} takes the driver lock
     * @param hasSignaledOp whether the driver has {@code ->signaled}
     */
    public DriverTimeline(Machine machine, LockingPolicy policy, DriverLocking locking, boolean hasSignaledOp) {
        this(machine, policy, locking, hasSignaledOp, Mutation.NONE);
    }

    /**
     * Creates a timeline with a fresh context whose fences (and whose driver) run a broken variant.
     *
     * @param machine       the machine whose lockdep and listener see its locks
     * @param policy        the locking policy of its fences
     * @param locking       how {@code ->enable_signaling} takes the driver lock
     * @param hasSignaledOp whether the driver has {@code ->signaled}
     * @param mutation      the broken variant, or {@link Mutation#NONE}
     */
    public DriverTimeline(Machine machine, LockingPolicy policy, DriverLocking locking, boolean hasSignaledOp,
                          Mutation mutation) {
        this(machine, policy, DriverShape.of(policy, locking, hasSignaledOp), mutation);
    }

    /**
     * Creates a timeline with a fresh context whose driver has the given shape (spec constants DriverLock,
     * Handler, OpSignal, OpSideEffect, OpSetsError, SignaledOp, CheckUnderLock).
     *
     * @param machine  the machine whose lockdep and listener see its locks
     * @param policy   the design of its fences
     * @param shape    the driver's behaviour; checked against the design as the spec's ASSUMEs do
     * @param mutation the broken variant, or {@link Mutation#NONE}
     * @throws IllegalArgumentException if the shape breaks one of the spec's ASSUMEs for the design
     */
    public DriverTimeline(Machine machine, LockingPolicy policy, DriverShape shape, Mutation mutation) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.shape = Objects.requireNonNull(shape, "shape").check(policy);
        this.context = FenceContext.alloc(policy, OpsLifetime.PINNED, mutation);
        this.fenceLock = machine.newSpinLock("fence", "fence->lock");
        this.driverLock = machine.newSpinLock("driver", "drv->lock");
        boolean releases = shape.locking() != DriverLocking.NONE;
        this.ops = shape.signaledOp()
                ? releases ? new DriverOps.ReleasingWithSignaled(this) : new DriverOps.WithSignaled(this)
                : releases ? new DriverOps.Releasing(this) : new DriverOps(this);
        this.irq = new Irq(IRQ_HANDLER, this::interruptHandler);
        this.driverWait = new DriverWait(machine, mutation);
    }

    /** Returns the machine. */
    public Machine machine() {
        return machine;
    }

    /** Returns the fence context (id and policy). */
    public FenceContext context() {
        return context;
    }

    /** Returns the broken variant of the timeline's fences and driver ({@link Mutation#NONE}: the real code). */
    public Mutation mutation() {
        return context.mutation();
    }

    /** Returns the locking policy. */
    public LockingPolicy policy() {
        return context.policy();
    }

    /** Returns how the driver takes its lock in {@code ->enable_signaling}. */
    public DriverLocking locking() {
        return shape.locking();
    }

    /** Returns the driver's whole shape. */
    public DriverShape shape() {
        return shape;
    }

    /** Returns whether the driver has {@code ->signaled}. */
    public boolean hasSignaledOp() {
        return shape.signaledOp();
    }

    /** Returns the timeline's shared {@code fence->lock}. */
    public SpinLock fenceLock() {
        return fenceLock;
    }

    /** Returns the driver's own lock. */
    public SpinLock driverLock() {
        return driverLock;
    }

    /** Returns the completion interrupt line. */
    public Irq irq() {
        return irq;
    }

    /**
     * Emits the next fence of the timeline (seqno 1, 2, ...), initialized with this driver's ops.
     *
     * @return the new fence, with one reference (the caller's)
     */
    public DmaFence emit() {
        DmaFence f = DmaFence.init(ops, fenceLock, context, nextSeqno.getAndIncrement());
        if (holdsReferences) {
            f.get();
        }
        fences.add(f);
        return f;
    }

    /**
     * From now on the driver keeps a reference to each fence it emits until it retires the fence (spec
     * {@code RefsModelled}: the holder "driver"); without this the timeline keeps plain pointers, as the models
     * without references do.
     */
    public void holdReferences() {
        holdsReferences = true;
    }

    /**
     * From now on the fences it emits have the driver's own {@code ->wait} ({@link DriverWait},
     * radeon_fence_default_wait(); spec ops opwait and opwaiti). The fences of one timeline share their ops, so
     * this comes before the first emit. A driver with {@code ->release} as well is not modelled (the spec's models
     * with {@code ->wait} have no driver lock, so no {@code ->release}: spec {@code ReleaseOpPc}).
     *
     * @throws IllegalStateException if a fence was emitted already, or the driver has a lock (and so
     *                               {@code ->release})
     */
    public void useWaitOp() {
        if (nextSeqno.get() != 1) {
            throw new IllegalStateException("->wait must be chosen before the first fence is emitted");
        }
        if (shape.locking() != DriverLocking.NONE) {
            throw new IllegalStateException("->wait with ->release (driver lock " + shape.locking()
                    + ") is not modelled");
        }
        ops = shape.signaledOp() ? new DriverOps.WaitingWithSignaled(this) : new DriverOps.Waiting(this);
    }

    /** ->wait body ({@link DriverWait}). */
    long waitOp(DmaFence f, boolean intr, long timeout) {
        return driverWait.wait(f, intr, timeout);
    }

    /**
     * The driver is done with a fence (drm_sched's free_job, a ring slot reused, or a teardown of a fence it will
     * not signal): it takes the fence off the list its interrupt handler walks, then drops its reference (spec
     * {@code Call} of op retire, then {@code RetireDec}); the last reference releases the fence here. Mutation
     * retire_unsignaled leaves the fence on the list, so the handler may later signal a freed fence.
     *
     * @param fence a fence of this timeline whose reference the driver holds
     */
    public void retire(DmaFence fence) {
        machine.step(Action.CALL, FN_RETIRE, "call", fence.seqno());
        if (context.mutation() != Mutation.RETIRE_UNSIGNALED) {
            fences.remove(fence);
        }
        machine.step(Action.RETIRE_DEC, FN_RETIRE, "dma_fence_put()", fence.seqno());
        fence.putFolded();
    }

    /**
     * The driver's {@code ->release} (sw_sync's timeline_fence_release()): under its lock, with
     * spin_lock_irqsave() since the last put may come from any context, the fence leaves the driver's list.
     */
    void release(DmaFence fence) {
        SpinLock l = drvLock();
        boolean flags = l.spinLockIrqsave(FN_DRV_RELEASE, fence.seqno());
        fences.remove(fence);
        l.spinUnlockIrqrestore(flags, FN_DRV_RELEASE, fence.seqno());
    }

    /** Returns the fences emitted so far, in seqno order. */
    public List<DmaFence> fences() {
        return List.copyOf(fences);
    }

    /** Returns the last seqno the hardware has passed. */
    public long hwSeqno() {
        return hwSeqno.get();
    }

    /** Returns whether the completion interrupt is armed. */
    public boolean irqArmed() {
        return irqArmed;
    }

    /**
     * Routes the completion interrupt to a CPU; {@code null} routes it to whichever CPU calls
     * {@link #hwComplete()}.
     *
     * @param cpu the CPU taking the interrupt, or null
     */
    public void setIrqCpu(Cpu cpu) {
        irqCpu = cpu;
    }

    /**
     * The hardware passes the next seqno (spec {@code HwComplete}); if the interrupt is armed it is raised on the
     * interrupt CPU, and taken at once if that is the calling CPU with IRQs on.
     */
    public void hwComplete() {
        long s = hwSeqno.get() + 1;
        machine.hardwareStep(Action.HW_COMPLETE, "hardware", "seqno passes", s);
        hwSeqno.set(s);
        if (irqArmed) {
            Cpu target = irqCpu;
            Cpu me = Cpu.current();
            (target == null ? me : target).raiseIrq(irq);
            if (target == null || target == me) {
                Cpu.irqPoint();
            }
        }
    }

    /**
     * The driver's error path (spec {@code drv_error_path}: a job timeout or reset): under the fence lock, if
     * the fence is not signaled yet, {@code dma_fence_set_error(f, err)} and {@code dma_fence_signal_locked()}.
     *
     * @param fence a fence of this timeline
     * @param err   the negative errno, e.g. {@code -Errno.EIO}
     */
    public void errorPath(DmaFence fence, int err) {
        String fn = "drv_error_path";
        long seqno = fence.seqno();
        machine.step(Action.CALL, fn, "call", seqno);
        // Mutation positive_error (spec SetError): the errno is passed positive.
        int e = context.mutation() == Mutation.POSITIVE_ERROR ? -err : err;
        if (context.mutation() == Mutation.SETERR_UNLOCKED) {
            // Mutation seterr_unlocked (spec Call + SetError): dma_fence_set_error() with no lock and no SIGNALED
            // check, then dma_fence_signal().
            fence.setError(e);
            takeBackEntry(seqno);
            fence.signal();
            return;
        }
        boolean flags = fenceLock.spinLockIrqsave(fn, seqno);
        if (fence.testSignaledFlag()) {
            machine.step(Action.SET_ERROR, "dma_fence_set_error", "already signaled: leave error", seqno);
        } else {
            fence.setError(e);
            // A driver whose op leaves an entry takes it back when its error path signals (host1x_fence_cancel ->
            // host1x_intr_remove_fence, vmwgfx's vmw_fence_fifo_down -> list_del_init); spec SetError.
            takeBackEntry(seqno);
            fence.signalLocked();
        }
        fenceLock.spinUnlockIrqrestore(flags, fn, seqno);
    }

    // ---------------------------------------------------------------------------------------------------------
    // ->enable_signaling (spec DriverEnter, then the driver's own steps)
    // ---------------------------------------------------------------------------------------------------------

    /**
     * ->enable_signaling body: lock the configured way (spec SpinLock at drv_lock, when OpLocks), arm and re-read
     * the hardware (DriverArm), then the shape's way out (OpContinue). The answer is the spec's fm.en: true when
     * the fence is left for the interrupt, false when it had to be signalled now (by the core after a bool op's
     * false, or already by the driver itself in the void designs).
     */
    boolean enableSignaling(DmaFence f) {
        long seqno = f.seqno();
        boolean opLocks = opLocks();
        boolean flags = opLocks && lockDriver(seqno);
        boolean signalNow = arm(f);
        if (!signalNow) {
            if (opLocks) {
                unlockDriver(flags, seqno);
            }
            return true;
        }
        if (shape.checkUnderLock() && context.policy().checkSignals() && opLocks) {
            // series2026, spec OpContinue's first branch (08/10 <20260624122917.2483-9-christian.koenig@amd.com>,
            // nouveau's __nouveau_fence_no_signaling in 10/10): the driver tests with its ->check_signaled
            // function while it holds the fence lock; that function now calls dma_fence_signal(), which takes
            // the fence lock again: the CPU spins on itself (SelfDeadlockException, lockdep RECURSIVE_LOCK).
            checkSignaled(f);
            unlockDriver(flags, seqno);
            return true;
        }
        if (shape.opSignal() == OpSignal.LOCKED) {
            // OpSignal "locked" (09/10 <20260624122917.2483-10-...>, 10/10 <...-11-...>; spec OpContinue):
            // dma_fence_signal_locked() under the fence lock the op took with dma_fence_lock_irqsave().
            f.signalLocked();
            unlockDriver(flags, seqno);
            return true;
        }
        if (opLocks) {
            unlockDriver(flags, seqno);
        }
        if (shape.opSignal() == OpSignal.SIGNAL) {
            // OpSignal "signal" (RFC 7/7 <20240911085903.1496-8-christian.koenig@amd.com>; spec EnableReturn):
            // the void op drops its lock and calls dma_fence_signal() itself, the same steps as reworked's core.
            f.signal();
        }
        return false;
    }

    /**
     * Whether the op takes the driver's lock: it has one, and it is not the fence lock the legacy core already
     * holds around the op (spec OpLocks).
     */
    private boolean opLocks() {
        return shape.locking() != DriverLocking.NONE
                && !(shape.locking() == DriverLocking.FENCE && context.policy() == LockingPolicy.LEGACY);
    }

    /**
     * spec DriverArm: arm the completion interrupt, re-read the hardware seqno; a passed fence must be signalled
     * now. A driver with OpSideEffect otherwise leaves its entry (radeon's __add_wait_queue + dma_fence_get, xe's
     * list_add_tail(irq->pending), host1x_intr_add_fence_locked); one with OpSetsError may fail to arm, set
     * fence->error to -EIO and signal (amdkfd when scheduling the eviction fails).
     *
     * @return whether the fence must be signalled now
     */
    private boolean arm(DmaFence f) {
        long seqno = f.seqno();
        // The failure is the driver's own decision (the test's choice), not shared state: known before the step.
        boolean fail = shape.opSetsError() && armFails.test(seqno);
        machine.step(Action.DRIVER_ARM, FN_DRV_ENABLE,
                fail ? "arm fails; dma_fence_set_error(-EIO)" : "arm irq; read hw seqno", seqno);
        // Mutation no_arm (spec DriverArm): the driver forgets to arm its completion interrupt.
        if (context.mutation() != Mutation.NO_ARM) {
            irqArmed = true;
        }
        boolean signalNow = hwSeqno.get() >= seqno || fail;
        if (!signalNow && shape.opSideEffect()) {
            addEntry(seqno);
        }
        // Mutation arm_fail_no_error (spec DriverArm): the failure path signals without dma_fence_set_error().
        if (fail && context.mutation() != Mutation.ARM_FAIL_NO_ERROR) {
            f.setErrorFolded(-Errno.EIO); // the spec writes it in this DriverArm step
        }
        return signalNow;
    }

    /**
     * The driver's completion test as series2026 has it (->check_signaled, 08/10): if the hardware passed the
     * fence, dma_fence_signal(). Called under the fence lock by a CheckUnderLock driver.
     */
    private void checkSignaled(DmaFence f) {
        if (hwSeqno.get() >= f.seqno()) {
            f.signal();
        }
    }

    /** ->signaled body: the hardware seqno, no lock. */
    boolean signaled(DmaFence f) {
        return hwSeqno.get() >= f.seqno();
    }

    private boolean lockDriver(long seqno) {
        switch (shape.locking()) {
            case IRQSAVE:
            case FENCE:
                return drvLock().spinLockIrqsave(FN_DRV_ENABLE, seqno);
            case PLAIN:
                drvLock().spinLock(FN_DRV_ENABLE, seqno);
                return false;
            case IRQ:
                drvLock().spinLockIrq(FN_DRV_ENABLE, seqno);
                return false;
            default:
                return false;
        }
    }

    private void unlockDriver(boolean flags, long seqno) {
        switch (shape.locking()) {
            case IRQSAVE:
            case FENCE:
                drvLock().spinUnlockIrqrestore(flags, FN_DRV_ENABLE, seqno);
                break;
            case PLAIN:
                drvLock().spinUnlock(FN_DRV_ENABLE, seqno);
                break;
            case IRQ:
                drvLock().spinUnlockIrq(FN_DRV_ENABLE, seqno);
                break;
            default:
                break;
        }
    }

    /** The driver's lock: the fence lock itself ({@link DriverLocking#FENCE}) or its own (spec DrvLock). */
    private SpinLock drvLock() {
        return shape.locking() == DriverLocking.FENCE ? fenceLock : driverLock;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The op's entries (spec variable `entries`, property OpSideEffectsBalance)
    // ---------------------------------------------------------------------------------------------------------

    private void addEntry(long seqno) {
        int n = entries.merge(seqno, 1, Integer::sum);
        if (n > 1) {
            sideEffectFindings.add("fence " + seqno + ": second entry added by ->enable_signaling (" + n
                    + " entries: a double list_add / second reference)");
        }
    }

    /** list_del() and the reference drop of fence {@code seqno}'s entry, if any. */
    private void takeBackEntry(long seqno) {
        entries.remove(seqno);
    }

    /**
     * Returns the entries the op left for fence {@code seqno} and that nobody took back yet (spec
     * {@code entries[f]}).
     *
     * @param seqno a fence of this timeline
     * @return 0, or the number of entries
     */
    public int entries(long seqno) {
        return entries.getOrDefault(seqno, 0);
    }

    /**
     * The impl check behind the spec's {@code OpSideEffectsBalance}, to be called once the machine is quiet (no
     * call running, no interrupt pending or running): a second entry for one fence, or an entry left on a
     * signaled fence (a leaked reference, list entry or waiter count).
     *
     * @return one line per finding, empty when balanced
     */
    public List<String> sideEffectLeaks() {
        List<String> out = new java.util.ArrayList<>(sideEffectFindings);
        for (DmaFence f : fences) {
            int n = entries(f.seqno());
            if (n > 0 && f.testSignaledFlag()) {
                out.add("fence " + f.seqno() + ": signaled with " + n + " entry of ->enable_signaling not taken back"
                        + " (leaked reference / list entry)");
            }
        }
        return out;
    }

    /**
     * Decides, per fence, whether an {@code OpSetsError} driver's arming fails (the spec's nondeterministic
     * {@code fail}); default: never.
     *
     * @param fails seqno -> whether arming that fence fails
     */
    public void setArmFailure(java.util.function.LongPredicate fails) {
        armFails = Objects.requireNonNull(fails, "fails");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Callers (spec Call's atomic contexts and CallerExit)
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Runs a kernel call from {@code caller}'s context on the calling CPU, which must be in process context with
     * IRQs on and hold nothing (spec {@code Call}'s guard), then leaves that context (spec {@code CallerExit}).
     * The context is entered as part of the call's first step (the {@code Call} step: the spec enters it in the
     * same step): IRQ_WORK disables IRQs; CALLBACK also holds the timeline's {@code fence->lock}, as the signaller
     * of another fence of the timeline does around its callbacks (spinning first if another CPU holds it). An
     * exception (a lockup) leaves the context as it is, like any oops.
     *
     * @param caller the context
     * @param call   the kernel call; it must start with a Call step
     * @throws IllegalStateException if the call announced no Call step
     */
    public void callFrom(Caller caller, Runnable call) {
        caller.run(fenceLock, call);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The interrupt handler (spec IrqEnter ... IrqUnlockExit)
    // ---------------------------------------------------------------------------------------------------------

    /** drv_irq_handler(): hard-IRQ context, IRQs off. */
    private void interruptHandler() {
        boolean hasLock = shape.locking() != DriverLocking.NONE;
        if (hasLock) {
            drvLock().spinLock(IRQ_HANDLER, Step.NO_FENCE);
        }
        if (hasLock && shape.handler() == IrqHandler.DROPPED) {
            bookPassed();
            // spec SpinUnlock at pc irq_drop: the handler goes on (not IrqUnlockExit), hence its own site name
            drvLock().spinUnlock(IRQ_HANDLER_DROP, Step.NO_FENCE);
        }
        boolean locked = hasLock && shape.handler() == IrqHandler.HELD;
        // cur is the spec's fm.cur: local to this run of the handler (another CPU may run it at the same time)
        long cur = 1;
        for (long visited = nextFence(cur, locked); visited > 0; visited = nextFence(cur, locked)) {
            cur = visited + 1;
        }
        if (locked) {
            drvLock().spinUnlock(IRQ_HANDLER, Step.NO_FENCE);
        }
    }

    /**
     * Handler "dropped", spec IrqBook (i915's signal_irq_work: requests come off ce->signals under
     * ce->signal_lock before the callbacks run): under its lock, take back the entries of every passed fence.
     * Mutation handler_keeps_entry forgets them.
     */
    private void bookPassed() {
        machine.step(Action.IRQ_BOOK, IRQ_HANDLER, "list_del() entries of passed fences", Step.NO_FENCE);
        if (context.mutation() == Mutation.HANDLER_KEEPS_ENTRY) {
            return;
        }
        long hw = hwSeqno.get();
        for (DmaFence f : fences) {
            if (f.seqno() <= hw) {
                takeBackEntry(f.seqno());
            }
        }
    }

    /**
     * spec IrqNextFence: the next fence from {@code cur} the hardware passed that is not signaled or, while the
     * handler holds its lock, still has an entry. Holding its lock the handler takes the entry back and signals
     * with dma_fence_signal_locked() when its lock is the fence lock (radeon_fence_check_signaled, xe's
     * hw_fence_irq_run_cb, host1x's ISR), else with dma_fence_signal(); a series2026 CheckUnderLock driver tests
     * with ->check_signaled, whose dma_fence_signal() spins on the fence lock it holds. Without its lock it only
     * signals, with dma_fence_signal(). Mutation handler_keeps_entry signals but leaves the entry.
     *
     * @return the seqno of the fence visited, or 0 when none is left
     */
    private long nextFence(long cur, boolean locked) {
        boolean keep = context.mutation() == Mutation.HANDLER_KEEPS_ENTRY;
        DmaFence g = null;
        long hw = hwSeqno.get();
        for (DmaFence f : fences) {
            if (f.seqno() >= cur && f.seqno() <= hw
                    && (!f.testSignaledFlag() || (locked && entries(f.seqno()) > 0 && !keep))) {
                g = f;
                break;
            }
        }
        if (g == null) {
            machine.step(Action.IRQ_NEXT_FENCE, IRQ_HANDLER,
                    locked ? "no passed fence left" : "no passed fence left; return from interrupt", Step.NO_FENCE);
            return 0;
        }
        boolean checkSignals = shape.checkUnderLock() && context.policy().checkSignals();
        String how = g.testSignaledFlag() ? "none"
                : shape.locking() == DriverLocking.FENCE && locked && !checkSignals ? "locked" : "signal";
        machine.step(Action.IRQ_NEXT_FENCE, IRQ_HANDLER,
                how.equals("none") ? "list_del() entry of a signaled fence"
                        : how.equals("locked") ? "dma_fence_signal_locked()"
                        : checkSignals ? "ops->check_signaled(): dma_fence_signal()" : "dma_fence_signal()",
                g.seqno());
        if ((locked || shape.locking() == DriverLocking.NONE) && !keep) {
            takeBackEntry(g.seqno());
        }
        if (how.equals("locked")) {
            g.signalLocked();
        } else if (how.equals("signal")) {
            g.signal();
        }
        return g.seqno();
    }

    @Override
    public String toString() {
        return "timeline " + context.id() + " (" + context.policy().specName() + ", driver " + shape.label() + ")";
    }
}
