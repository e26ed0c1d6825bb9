package org.fencecheck.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * A simulated CPU: an id, the local IRQ-enable flag, the context stack (process context with hard-IRQ context
 * nested on top), the spinlocks it holds, and its pending hardware interrupts.
 *
 * <p>Each Java thread runs as one simulated CPU at a time: {@link #run(Runnable)} binds the calling thread to this
 * CPU for the duration, and {@link #current()} returns the binding (a thread that never bound itself gets a fresh
 * CPU of {@link Machine#shared()} with IRQs on, in process context). A CPU is bound to at most one thread at a
 * time.
 *
 * <p>The CPU-local accessors ({@link #irqsEnabled()}, {@link #context()}, {@link #heldLocks()}, ...) are meant
 * for this CPU's own thread, or for a thread that is ordered after it by other means (a scheduler's baton handed
 * over in a {@link StepListener}, a join).
 *
 * <p>Interrupts: {@link #raiseIrq(Irq)} marks an interrupt pending (from any thread: it is the hardware). The
 * bound thread takes it at the next point where this CPU, in process context, has IRQs enabled: at every step
 * boundary of the simulated kernel code, when IRQs are re-enabled ({@code spin_unlock_irqrestore} back to on,
 * {@code spin_unlock_irq}, {@code local_irq_enable}), while spinning with IRQs on, while sleeping, and at
 * explicit {@link #irqPoint()} calls. The handler runs nested on this CPU in hard-IRQ context with IRQs off.
 */
public final class Cpu {

    /*
     * Overview. The fields of a CPU are of two kinds.
     *
     * CPU-local state (irqsEnabled, irqDepth, held) is the simulated per-CPU data: it is read and written only by
     * the thread bound to the CPU, so plain fields suffice, exactly as the kernel's own per-CPU IRQ flag needs no
     * atomics. Binding and unbinding go through the volatile boundThread, whose write/read pair orders the hand-
     * over of this state from one thread to the next. Other threads see this state only through immutable
     * snapshots the CPU thread publishes itself (a SpinLock's owner record, a lockdep usage record).
     *
     * Cross-CPU state: the pending interrupts (raised by whatever thread plays the hardware, taken by the bound
     * thread) are guarded by the `pending` monitor, with the volatile hasPending as the lock-free fast-path test
     * at every step; spinningOn and abort form the waits-for graph and are guarded by SpinLock.WAITS; dead is
     * volatile because spinners on other CPUs test it to avoid spinning on a lock that will never be released.
     *
     * Races guarded against: an interrupt raised while the CPU thread is parked (spinning or sleeping) is not
     * missed, because raiseIrq() sets hasPending before it notifies the spin monitor and unparks the thread, and
     * both wait loops re-test hasPending after waking.
     */

    private static final ThreadLocal<Cpu> CURRENT = new ThreadLocal<>();

    private final Machine machine;
    private final int id;
    private final boolean auto;

    private volatile Thread boundThread;

    // CPU-local: touched only by the bound thread (see overview).
    private boolean irqsEnabled = true;
    private int irqDepth;
    private final List<HeldLock> held = new ArrayList<>();
    /**
     * The atomic context the process context's current call was made from ("irq_work", "callback"), or null
     * (spec variable {@code outer}); CPU-local like irqsEnabled.
     */
    private String atomicCaller;
    /** What the next Call step of this CPU enters (see enterOnNextCall); CPU-local. */
    private Runnable callEntry;

    // Guarded by `pending`.
    private final ArrayDeque<Irq> pending = new ArrayDeque<>();
    private volatile boolean hasPending;


    // Guarded by SpinLock.WAITS.
    SpinLock.SpinWait spinningOn;
    List<WaitEdge> abort;

    private volatile LockupException dead;

    Cpu(Machine machine, int id, boolean auto) {
        this.machine = machine;
        this.id = id;
        this.auto = auto;
    }

    /**
     * Returns the CPU the calling thread runs as, binding the thread to a fresh CPU of {@link Machine#shared()}
     * if it has none (or if its automatic CPU died in a lockup).
     *
     * @return the calling thread's CPU
     */
    public static Cpu current() {
        Cpu cpu = CURRENT.get();
        if (cpu == null || (cpu.auto && cpu.dead != null)) {
            cpu = Machine.shared().newAutoCpu();
            cpu.boundThread = Thread.currentThread();
            CURRENT.set(cpu);
        }
        return cpu;
    }

    /** Returns the CPU the calling thread is bound to, or {@code null}, without binding it. */
    public static Cpu currentOrNull() {
        return CURRENT.get();
    }

    /** Delivers the calling CPU's pending interrupts if it is in process context with IRQs on. */
    public static void irqPoint() {
        current().irqPointInternal();
    }

    /** Returns this CPU's id. */
    public int id() {
        return id;
    }

    /** Returns the machine this CPU belongs to. */
    public Machine machine() {
        return machine;
    }

    /**
     * Runs {@code body} on the calling thread as this CPU, then restores the thread's previous binding. If the
     * body throws while this CPU holds spinlocks, the CPU is dead: its locks stay held and spinners on them get
     * a {@link SoftLockupException} instead of hanging.
     *
     * @param body the code to run as this CPU
     */
    public void run(Runnable body) {
        Objects.requireNonNull(body, "body");
        call(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Like {@link #run(Runnable)}, returning the body's result; checked exceptions are wrapped.
     *
     * @param body the code to run as this CPU
     * @param <T>  the result type
     * @return what the body returned
     */
    public <T> T call(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        Cpu previous = CURRENT.get();
        if (previous == this) {
            return invoke(body);
        }
        if (previous != null && !previous.auto) {
            throw new IllegalStateException("thread already runs as cpu" + previous.id);
        }
        bindTo(Thread.currentThread());
        CURRENT.set(this);
        try {
            T result = invoke(body);
            checkReturnToCaller();
            return result;
        } catch (RuntimeException | Error e) {
            if (!held.isEmpty() && dead == null) {
                markDead(e instanceof LockupException le ? le
                        : new SoftLockupException("cpu" + id + " oopsed holding locks: " + e, ownEdge()));
            }
            throw e;
        } finally {
            CURRENT.set(previous);
            boundThread = null;
        }
    }

    /**
     * Binds the calling thread to this CPU until {@link #unbind()}; for long-lived CPU threads.
     */
    public void bind() {
        Cpu previous = CURRENT.get();
        if (previous == this) {
            return;
        }
        if (previous != null && !previous.auto) {
            throw new IllegalStateException("thread already runs as cpu" + previous.id);
        }
        bindTo(Thread.currentThread());
        CURRENT.set(this);
    }

    /** Unbinds the calling thread from its CPU, if any. */
    public static void unbind() {
        Cpu cpu = CURRENT.get();
        if (cpu != null) {
            CURRENT.remove();
            cpu.boundThread = null;
        }
    }

    private void bindTo(Thread thread) {
        if (dead != null) {
            throw new IllegalStateException("cpu" + id + " is dead: " + dead.getMessage(), dead);
        }
        Thread other = boundThread;
        if (other != null && other != thread && other.isAlive()) {
            throw new IllegalStateException("cpu" + id + " already runs on thread " + other.getName());
        }
        boundThread = thread;
    }

    /**
     * The end of the outermost {@link #call}: the simulated kernel code returns to its caller (user space, the
     * test). Process context outside any atomic caller must be back with IRQs on, as the entry code's
     * CONFIG_PROVE_LOCKING check {@code WARN(irqs_disabled(), "syscall %lu left IRQs disabled")} requires (the
     * spec's IrqStateRestored): an irqsave lock dropped with a plain unlock leaves them off.
     */
    private void checkReturnToCaller() {
        if (irqDepth == 0 && atomicCaller == null && !irqsEnabled) {
            machine.lockdep().irqStateNotRestored(this, "syscall exit",
                    "returned to process context with IRQs disabled");
        }
    }

    private static <T> T invoke(Callable<T> body) {
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns whether local IRQs are enabled (CPU-local, see the class comment). */
    public boolean irqsEnabled() {
        return irqsEnabled;
    }

    /** Returns the context this CPU runs in (CPU-local). */
    public CpuContext context() {
        return irqDepth > 0 ? CpuContext.IRQ : CpuContext.PROC;
    }

    /** Returns the interrupt nesting depth, 0 in process context (CPU-local). */
    public int irqDepth() {
        return irqDepth;
    }

    /** Returns the locks this CPU holds, oldest first (CPU-local). */
    public List<HeldLock> heldLocks() {
        return List.copyOf(held);
    }

    /**
     * Returns whether this CPU holds {@code lock} in any context (CPU-local).
     *
     * @param lock the lock
     * @return whether this CPU holds it
     */
    public boolean holds(SpinLock lock) {
        for (HeldLock h : held) {
            if (h.lock() == lock) {
                return true;
            }
        }
        return false;
    }

    /** Returns the lockup this CPU died of, or {@code null} while it is alive. */
    public LockupException deadOf() {
        return dead;
    }

    /**
     * Marks the process context as running a call from an atomic context (spec {@code Call} with
     * {@code Caller} "irq_work" or "callback"): until {@link #exitAtomicCaller()}, enabling IRQs in process
     * context is reported to lockdep ({@code AtomicCallerKeepsIrqsOff}). The caller disables IRQs itself.
     *
     * @param kind the spec's name of the context, {@code "irq_work"} or {@code "callback"}
     */
    public void enterAtomicCaller(String kind) {
        if (atomicCaller != null) {
            throw new IllegalStateException("cpu" + id + " is already in atomic caller " + atomicCaller);
        }
        atomicCaller = java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * Arms {@code entry} to run as part of this CPU's next {@code Call} step, after the step listener saw it
     * (the spec's {@code Call} enters the caller's atomic context in the same step as the call starts).
     *
     * @param entry what entering the context does (disable IRQs, take the outer lock)
     */
    public void enterOnNextCall(Runnable entry) {
        if (callEntry != null) {
            throw new IllegalStateException("cpu" + id + " already has a caller context armed");
        }
        callEntry = java.util.Objects.requireNonNull(entry, "entry");
    }

    /** Whether an entry armed by {@link #enterOnNextCall} is still waiting for its Call step. */
    public boolean callEntryPending() {
        return callEntry != null;
    }

    /** Runs and disarms the entry armed by {@link #enterOnNextCall}, if any (called by Machine at a Call). */
    void runCallEntry() {
        Runnable e = callEntry;
        if (e != null) {
            callEntry = null;
            e.run();
        }
    }

    /** Ends the atomic caller context entered by {@link #enterAtomicCaller(String)} (spec {@code CallerExit}). */
    public void exitAtomicCaller() {
        atomicCaller = null;
    }

    /** Returns the atomic caller context of the current call, or {@code null} (spec {@code outer[c]}). */
    public String atomicCaller() {
        return atomicCaller;
    }

    /** Mirrors {@code local_irq_save()}: disables IRQs and returns whether they were enabled. */
    public boolean localIrqSave() {
        boolean was = irqsEnabled;
        irqsEnabled = false;
        return was;
    }

    /**
     * Mirrors {@code local_irq_restore()}: re-enables IRQs if {@code flags} says they were enabled, then takes
     * the interrupts that became deliverable.
     *
     * @param flags what {@link #localIrqSave()} returned
     * @param site  the kernel function restoring, for lockdep
     */
    public void localIrqRestore(boolean flags, String site) {
        if (flags) {
            localIrqEnable(site);
        }
    }

    /** Mirrors {@code local_irq_disable()}. */
    public void localIrqDisable() {
        irqsEnabled = false;
    }

    /**
     * Mirrors {@code local_irq_enable()}: enables IRQs whatever they were, tells lockdep which held locks are now
     * held with IRQs on, and takes pending interrupts. In hard-IRQ context it is reported as IRQs enabled in an
     * atomic caller ({@code "hardirq"}), as lockdep_hardirqs_on_prepare() refuses it with
     * {@code DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context())}: a driver's {@code spin_unlock_irq()} reached from an
     * irq_work (dma_fence_chain_irq_work() re-arming on a member) or an interrupt handler.
     *
     * @param site the kernel function enabling
     */
    public void localIrqEnable(String site) {
        if (!irqsEnabled) {
            irqsEnabled = true;
            if (irqDepth > 0) {
                machine.lockdep().irqsEnabledInAtomicCaller(this, "hardirq", site);
            } else if (atomicCaller != null) {
                machine.lockdep().irqsEnabledInAtomicCaller(this, atomicCaller, site);
            }
            if (!held.isEmpty()) {
                machine.lockdep().irqsEnabledWhileHolding(this, site);
            }
        }
        irqPointInternal();
    }

    /**
     * Raises a hardware interrupt for this CPU; callable from any thread. It is delivered on this CPU's thread at
     * the next point where the CPU is in process context with IRQs on. An interrupt already pending is not
     * queued twice (the line is level-triggered until taken).
     *
     * @param irq the interrupt line
     */
    public void raiseIrq(Irq irq) {
        if (machine.isUnobserved()) {
            throw new IllegalStateException("cpu" + id + " belongs to an unobserved machine: it takes no interrupts");
        }
        synchronized (pending) {
            if (!pending.contains(irq)) {
                pending.add(irq);
            }
            hasPending = true;
        }
        synchronized (SpinLock.WAITS) {
            SpinLock.WAITS.notifyAll();
        }
        Thread t = boundThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Returns whether an interrupt is pending for this CPU. */
    public boolean irqPending() {
        return hasPending;
    }

    /** Whether a pending interrupt could be taken right now; CPU-local reads plus one volatile read. */
    boolean irqDeliverable() {
        return hasPending && irqsEnabled && irqDepth == 0;
    }

    void irqPointInternal() {
        while (irqDeliverable()) {
            Irq irq;
            synchronized (pending) {
                irq = pending.poll();
                hasPending = !pending.isEmpty();
            }
            if (irq != null) {
                deliver(irq);
            }
        }
    }

    private void deliver(Irq irq) {
        irqDepth++;
        irqsEnabled = false;
        try {
            machine.step(Action.IRQ_ENTER, irq.name(), "<Interrupt>", Step.NO_FENCE);
            irq.handler().run();
            machine.step(Action.IRQ_EXIT, irq.name(), "return from interrupt", Step.NO_FENCE);
        } finally {
            irqDepth--;
            irqsEnabled = true;
        }
    }

    void mightSleep(String fn) {
        if (irqDepth > 0 || !irqsEnabled || !held.isEmpty()) {
            throw new IllegalStateException("BUG: sleeping function called from invalid context at " + fn
                    + ": cpu" + id + " in_irq=" + (irqDepth > 0) + " irqs_disabled=" + !irqsEnabled
                    + " locks held=" + held.size());
        }
    }

    void pushHeld(HeldLock h) {
        held.add(h);
    }

    void popHeld(SpinLock lock) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).lock() == lock) {
                held.remove(i);
                return;
            }
        }
        throw new IllegalStateException("cpu" + id + " releases " + lock.name() + " it does not hold");
    }

    void markDead(LockupException e) {
        dead = e;
        synchronized (SpinLock.WAITS) {
            SpinLock.WAITS.notifyAll();
        }
    }

    private WaitEdge ownEdge() {
        HeldLock h = held.get(held.size() - 1);
        return new WaitEdge(id, context(), h.lock().name(), h.lock().lockClass(), "(oops)", id, h.context(),
                h.site());
    }

    @Override
    public String toString() {
        return "cpu" + id;
    }
}
