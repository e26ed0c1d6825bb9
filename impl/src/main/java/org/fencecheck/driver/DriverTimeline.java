package org.fencecheck.driver;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.fencecheck.fence.DmaFence;
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

    static final String FN_DRV_ENABLE = "drv->enable_signaling";

    private final Machine machine;
    private final FenceContext context;
    private final DriverLocking locking;
    private final boolean hasSignaledOp;
    private final SpinLock fenceLock;
    private final SpinLock driverLock;
    private final DriverOps ops;
    private final Irq irq;
    private final List<DmaFence> fences = new CopyOnWriteArrayList<>();
    private final AtomicLong hwSeqno = new AtomicLong();
    private final AtomicLong nextSeqno = new AtomicLong(1);
    private volatile boolean irqArmed;
    private volatile Cpu irqCpu;

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
        this.machine = Objects.requireNonNull(machine, "machine");
        this.context = FenceContext.alloc(policy, OpsLifetime.PINNED, mutation);
        this.locking = Objects.requireNonNull(locking, "locking");
        this.hasSignaledOp = hasSignaledOp;
        this.fenceLock = machine.newSpinLock("fence", "fence->lock");
        this.driverLock = machine.newSpinLock("driver", "drv->lock");
        this.ops = hasSignaledOp ? new DriverOps.WithSignaled(this) : new DriverOps(this);
        this.irq = new Irq(IRQ_HANDLER, this::interruptHandler);
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
        return locking;
    }

    /** Returns whether the driver has {@code ->signaled}. */
    public boolean hasSignaledOp() {
        return hasSignaledOp;
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
        fences.add(f);
        return f;
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
            fence.signal();
            return;
        }
        boolean flags = fenceLock.spinLockIrqsave(fn, seqno);
        if (fence.testSignaledFlag()) {
            machine.step(Action.SET_ERROR, "dma_fence_set_error", "already signaled: leave error", seqno);
        } else {
            fence.setError(e);
            fence.signalLocked();
        }
        fenceLock.spinUnlockIrqrestore(flags, fn, seqno);
    }

    /** ->enable_signaling body: lock the configured way, arm, re-read the hardware, unlock. */
    boolean enableSignaling(DmaFence f) {
        long seqno = f.seqno();
        boolean flags = lockDriver(seqno);
        machine.step(Action.DRIVER_ARM, FN_DRV_ENABLE, "arm irq; read hw seqno", seqno);
        // Mutation no_arm (spec DriverArm): the driver forgets to arm its completion interrupt.
        if (context.mutation() != Mutation.NO_ARM) {
            irqArmed = true;
        }
        boolean passed = hwSeqno.get() >= seqno;
        unlockDriver(flags, seqno);
        return !passed;
    }

    /** ->signaled body: the hardware seqno, no lock. */
    boolean signaled(DmaFence f) {
        return hwSeqno.get() >= f.seqno();
    }

    private boolean lockDriver(long seqno) {
        switch (locking) {
            case IRQSAVE:
                return driverLock.spinLockIrqsave(FN_DRV_ENABLE, seqno);
            case PLAIN:
                driverLock.spinLock(FN_DRV_ENABLE, seqno);
                return false;
            case IRQ:
                driverLock.spinLockIrq(FN_DRV_ENABLE, seqno);
                return false;
            default:
                return false;
        }
    }

    private void unlockDriver(boolean flags, long seqno) {
        switch (locking) {
            case IRQSAVE:
                driverLock.spinUnlockIrqrestore(flags, FN_DRV_ENABLE, seqno);
                break;
            case PLAIN:
                driverLock.spinUnlock(FN_DRV_ENABLE, seqno);
                break;
            case IRQ:
                driverLock.spinUnlockIrq(FN_DRV_ENABLE, seqno);
                break;
            default:
                break;
        }
    }

    /** drv_irq_handler(): hard-IRQ context, IRQs off. */
    private void interruptHandler() {
        if (locking != DriverLocking.NONE) {
            driverLock.spinLock(IRQ_HANDLER, Step.NO_FENCE);
        }
        long cur = 1;
        for (;;) {
            DmaFence next = nextPassedUnsignaled(cur);
            if (next == null) {
                machine.step(Action.IRQ_NEXT_FENCE, IRQ_HANDLER, "no more passed fences", Step.NO_FENCE);
                break;
            }
            machine.step(Action.IRQ_NEXT_FENCE, IRQ_HANDLER, "dma_fence_signal()", next.seqno());
            cur = next.seqno() + 1;
            next.signal();
        }
        if (locking != DriverLocking.NONE) {
            driverLock.spinUnlock(IRQ_HANDLER, Step.NO_FENCE);
        }
    }

    /** The lowest-seqno fence at or after {@code cur} that the hardware passed and is not signaled. */
    private DmaFence nextPassedUnsignaled(long cur) {
        long hw = hwSeqno.get();
        for (DmaFence f : fences) {
            if (f.seqno() >= cur && f.seqno() <= hw && !f.testSignaledFlag()) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "timeline " + context.id() + " (" + context.policy().specName() + ", driver lock "
                + locking.specName() + (hasSignaledOp ? ", ->signaled" : "") + ")";
    }
}
