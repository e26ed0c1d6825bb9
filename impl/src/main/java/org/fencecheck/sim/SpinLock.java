package org.fencecheck.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A simulated kernel spinlock ({@code spinlock_t}): not reentrant, owned by a CPU and a context, with a lockdep
 * class name and the acquisition site of the current owner.
 *
 * <p>Every acquire and release is one step ({@link Action#LOCK_ACQUIRE}, {@link Action#LOCK_RELEASE}) whose
 * {@code act} is the C spelling, e.g. {@code "spin_lock_irqsave(fence->lock)"}. A CPU that tries to take a lock
 * it already holds (in any of its contexts) throws {@link SelfDeadlockException}; CPUs that spin on each other
 * in a cycle throw {@link DeadlockException}; neither hangs. Contended acquisitions park rather than burn a core.
 */
public final class SpinLock {

    /*
     * Overview. The lock word is `owner`, an AtomicReference to an immutable Holder (cpu, context, site) or null
     * when free; the uncontended path is one CAS, and the CAS/set pair gives the acquire/release ordering that
     * makes every plain field guarded by a simulated spinlock (a fence's timestamp, the driver's state) safe to
     * access under it.
     *
     * A contended acquirer "spins" by waiting on the global monitor WAITS, which also guards the waits-for graph
     * (each Cpu's spinningOn). Before each wait it registers what it spins on and walks owner -> the owner CPU's
     * spinningOn -> ... ; reaching itself again is a deadlock, reported to every CPU of the cycle (their `abort`
     * is set and they are notified) rather than left to hang. Why this walk is exact: a CPU in the cycle is
     * registered and parked, so it cannot release anything; a stale registration of a CPU that was just woken
     * either points at a now-free lock (the walk stops at null) or at a new owner, which is again a real edge.
     *
     * Lost wake-ups: a releaser sets owner to null and then, if the lock's spinners count is non-zero, notifies
     * WAITS; a spinner increments spinners before its CAS. Both are volatile accesses, so either the releaser sees
     * the spinner (and notifies after the spinner, holding WAITS, has started waiting) or the spinner's CAS sees
     * the lock free.
     *
     * Interrupts while spinning: spin_lock() leaves IRQs as they are, so a CPU spinning with IRQs on takes its
     * pending interrupts (raiseIrq notifies WAITS); it unregisters, leaves the monitor, runs the handler nested,
     * then spins again. The irqsave/irq variants disable IRQs before spinning, as the kernel does.
     *
     * A spinner whose lock is held by a dead CPU (one that threw a lockup with locks held) gets a
     * SoftLockupException at once, and every spin is bounded by the machine's watchdog, so no test hangs.
     */

    /** The monitor of all contended spinning and of the waits-for graph. */
    static final Object WAITS = new Object();

    private final Machine machine;
    private final String lockClass;
    private final String name;
    private final AtomicReference<Holder> owner = new AtomicReference<>();
    private final AtomicInteger spinners = new AtomicInteger();
    /** Where the lock's memory lives, or null when it outlives every user. */
    private final LockHome home;

    // The C spellings of the six operations, built once: steps are announced on every acquire and release.
    private final String actLock;
    private final String actUnlock;
    private final String actLockIrqsave;
    private final String actUnlockIrqrestore;
    private final String actLockIrq;
    private final String actUnlockIrq;

    /** The owner of a held lock: immutable, so other CPUs may read it through {@code owner}. */
    record Holder(Cpu cpu, CpuContext context, String site) {
    }

    /** What a spinning CPU waits for; guarded by WAITS. */
    record SpinWait(SpinLock lock, CpuContext context, String site) {
    }

    /**
     * Creates an unlocked spinlock ({@code spin_lock_init()}).
     *
     * @param machine   the machine whose lockdep and step listener see this lock
     * @param lockClass the lockdep class, e.g. {@code "fence"} or {@code "driver"}
     * @param name      the name in steps and reports, e.g. {@code "fence->lock"}
     */
    public SpinLock(Machine machine, String lockClass, String name) {
        this(machine, lockClass, name, null);
    }

    /**
     * Creates an unlocked spinlock whose memory belongs to {@code home}: every acquisition after {@code home}'s
     * memory is freed is reported to the machine's module validator (spec {@code TouchLock}).
     *
     * @param machine   the machine whose lockdep and step listener see this lock
     * @param lockClass the lockdep class
     * @param name      the name in steps and reports
     * @param home      where the lock lives, or null when its memory outlives every user
     */
    public SpinLock(Machine machine, String lockClass, String name, LockHome home) {
        this.home = home;
        this.machine = Objects.requireNonNull(machine, "machine");
        this.lockClass = Objects.requireNonNull(lockClass, "lockClass");
        this.name = Objects.requireNonNull(name, "name");
        this.actLock = "spin_lock(" + name + ")";
        this.actUnlock = "spin_unlock(" + name + ")";
        this.actLockIrqsave = "spin_lock_irqsave(" + name + ")";
        this.actUnlockIrqrestore = "spin_unlock_irqrestore(" + name + ")";
        this.actLockIrq = "spin_lock_irq(" + name + ")";
        this.actUnlockIrq = "spin_unlock_irq(" + name + ")";
    }

    /** Returns the machine of this lock. */
    public Machine machine() {
        return machine;
    }

    /** Returns the lockdep class name. */
    public String lockClass() {
        return lockClass;
    }

    /** Returns the lock's name, as steps spell it. */
    public String name() {
        return name;
    }

    /** Returns whether some CPU holds this lock (a racy snapshot, like {@code spin_is_locked()}). */
    public boolean isLocked() {
        return owner.get() != null;
    }

    /** Returns the id of the CPU holding this lock, or -1 (a racy snapshot). */
    public int ownerCpu() {
        Holder h = owner.get();
        return h == null ? -1 : h.cpu().id();
    }

    /** Returns the context holding this lock, or {@code null} if free (a racy snapshot). */
    public CpuContext ownerContext() {
        Holder h = owner.get();
        return h == null ? null : h.context();
    }

    /** Returns the kernel function that took this lock, or {@code null} (a racy snapshot). */
    public String ownerSite() {
        Holder h = owner.get();
        return h == null ? null : h.site();
    }

    /** Mirrors {@code lockdep_is_held()}: whether the calling CPU holds this lock, in any context. */
    public boolean heldByCurrentCpu() {
        Holder h = owner.get();
        return h != null && h.cpu() == Cpu.current();
    }

    /**
     * Mirrors {@code spin_lock()}: takes the lock, leaving IRQs as they are.
     *
     * @param site  the kernel function taking it
     * @param fence the fence the step concerns, or {@link Step#NO_FENCE}
     */
    public void spinLock(String site, long fence) {
        Cpu cpu = Cpu.current();
        machine.step(Action.LOCK_ACQUIRE, site, actLock, fence);
        acquire(cpu, site, fence);
    }

    /**
     * Mirrors {@code spin_unlock()}.
     *
     * @param site  the kernel function releasing it
     * @param fence the fence the step concerns, or {@link Step#NO_FENCE}
     */
    public void spinUnlock(String site, long fence) {
        Cpu cpu = Cpu.current();
        machine.step(Action.LOCK_RELEASE, site, actUnlock, fence);
        release(cpu);
    }

    /**
     * Mirrors {@code spin_lock_irqsave()}: disables IRQs, then takes the lock.
     *
     * @param site  the kernel function taking it
     * @param fence the fence the step concerns, or {@link Step#NO_FENCE}
     * @return the saved IRQ state, for {@link #spinUnlockIrqrestore}
     */
    public boolean spinLockIrqsave(String site, long fence) {
        Cpu cpu = Cpu.current();
        machine.step(Action.LOCK_ACQUIRE, site, actLockIrqsave, fence);
        boolean flags = cpu.localIrqSave();
        acquire(cpu, site, fence);
        return flags;
    }

    /**
     * Mirrors {@code spin_unlock_irqrestore()}: releases the lock, then restores the saved IRQ state (taking any
     * interrupt that became deliverable).
     *
     * @param flags what {@link #spinLockIrqsave} returned
     * @param site  the kernel function releasing it
     * @param fence the fence the step concerns, or {@link Step#NO_FENCE}
     */
    public void spinUnlockIrqrestore(boolean flags, String site, long fence) {
        Cpu cpu = Cpu.current();
        machine.step(Action.LOCK_RELEASE, site, actUnlockIrqrestore, fence);
        release(cpu);
        cpu.localIrqRestore(flags, site);
    }

    /**
     * Mirrors {@code spin_lock_irq()}: disables IRQs (without saving their state), then takes the lock.
     *
     * @param site  the kernel function taking it
     * @param fence the fence the step concerns, or {@link Step#NO_FENCE}
     */
    public void spinLockIrq(String site, long fence) {
        Cpu cpu = Cpu.current();
        machine.step(Action.LOCK_ACQUIRE, site, actLockIrq, fence);
        cpu.localIrqDisable();
        acquire(cpu, site, fence);
    }

    /**
     * Mirrors {@code spin_unlock_irq()}: releases the lock and enables IRQs unconditionally, even if they were
     * off before the matching {@code spin_lock_irq()}.
     *
     * @param site  the kernel function releasing it
     * @param fence the fence the step concerns, or {@link Step#NO_FENCE}
     */
    public void spinUnlockIrq(String site, long fence) {
        Cpu cpu = Cpu.current();
        machine.step(Action.LOCK_RELEASE, site, actUnlockIrq, fence);
        release(cpu);
        cpu.localIrqEnable(site);
    }

    /**
     * {@code spin_lock_irqsave()} without announcing a step: for a lock the model takes in the same step as
     * something else (spec {@code Call} with {@code Caller} "callback" enters a context that already holds the
     * fence lock). Lockdep, the owner and the held-lock stack see it as any acquisition.
     *
     * @param site  the kernel function that holds it
     * @param fence the fence concerned, or {@link Step#NO_FENCE}
     * @return the saved IRQ state
     */
    public boolean spinLockIrqsaveFolded(String site, long fence) {
        Cpu cpu = Cpu.current();
        boolean flags = cpu.localIrqSave();
        acquire(cpu, site, fence);
        return flags;
    }

    /**
     * {@code spin_unlock_irqrestore()} without announcing a step (the spec folds it into {@code CallerExit}).
     *
     * @param flags what {@link #spinLockIrqsaveFolded} returned
     * @param site  the kernel function releasing it
     * @param fence the fence concerned, or {@link Step#NO_FENCE}
     */
    public void spinUnlockIrqrestoreFolded(boolean flags, String site, long fence) {
        Cpu cpu = Cpu.current();
        release(cpu);
        cpu.localIrqRestore(flags, site);
    }

    private void acquire(Cpu cpu, String site, long fence) {
        if (home != null && home.isFreed()) {
            // The lock word is written whatever the outcome: a use of freed memory even if nothing crashes.
            machine.moduleValidator().lockInUnloadedModule(home.name(), name, site, fence);
        }
        machine.lockdep().lockAcquire(cpu, this, site);
        Holder held = owner.get();
        if (held != null && held.cpu() == cpu) {
            throw selfDeadlock(cpu, held, site);
        }
        Holder me = new Holder(cpu, cpu.context(), site);
        if (!owner.compareAndSet(null, me)) {
            spin(cpu, me, site, fence);
        }
        cpu.pushHeld(new HeldLock(this, me.context(), cpu.irqDepth(), site, cpu.irqsEnabled()));
    }

    private void release(Cpu cpu) {
        Holder held = owner.get();
        if (held == null || held.cpu() != cpu) {
            throw new IllegalStateException(cpu + " releases " + name + " held by "
                    + (held == null ? "nobody" : held.cpu()));
        }
        cpu.popHeld(this);
        owner.set(null);
        if (spinners.get() > 0) {
            synchronized (WAITS) {
                WAITS.notifyAll();
            }
        }
    }

    private SelfDeadlockException selfDeadlock(Cpu cpu, Holder held, String site) {
        SelfDeadlockException e = new SelfDeadlockException(new WaitEdge(cpu.id(), cpu.context(), name, lockClass,
                site, cpu.id(), held.context(), held.site()));
        cpu.markDead(e);
        return e;
    }

    private void spin(Cpu cpu, Holder me, String site, long fence) {
        machine.step(Action.LOCK_CONTENDED, site, "spinning on " + name, fence);
        long deadline = System.nanoTime() + machine.spinWatchdogNanos();
        boolean[] signalled = new boolean[1];
        spinners.incrementAndGet();
        try {
            while (!spinOnce(cpu, me, site, deadline, signalled)) {
                cpu.irqPointInternal();
                Holder held = owner.get();
                if (held != null && held.cpu() == cpu) {
                    throw selfDeadlock(cpu, held, site);
                }
            }
        } finally {
            spinners.decrementAndGet();
            if (signalled[0]) {
                Thread.currentThread().interrupt();
            }
        }
        machine.step(Action.LOCK_ACQUIRED, site, "got " + name + " after spinning", fence);
    }

    /**
     * Spins until the lock is taken (true) or an interrupt must be taken first (false). A Java interrupt (a
     * signal to the task) does not end a spin: it is noted in {@code signalled} and restored by the caller.
     */
    private boolean spinOnce(Cpu cpu, Holder me, String site, long deadline, boolean[] signalled) {
        synchronized (WAITS) {
            try {
                for (;;) {
                    if (owner.compareAndSet(null, me)) {
                        return true;
                    }
                    if (cpu.irqDeliverable()) {
                        return false;
                    }
                    Holder held = owner.get();
                    if (held == null) {
                        continue;
                    }
                    if (cpu.abort != null) {
                        throw dead(cpu, new DeadlockException(cpu.abort));
                    }
                    if (held.cpu().deadOf() != null) {
                        throw dead(cpu, new SoftLockupException("lock held by dead cpu" + held.cpu().id(),
                                edge(cpu, site, held)));
                    }
                    cpu.spinningOn = new SpinWait(this, me.context(), site);
                    Cycle cycle = findCycle(cpu);
                    if (cycle != null) {
                        abortCycle(cycle);
                        throw dead(cpu, new DeadlockException(cycle.edges()));
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw dead(cpu, new SoftLockupException("watchdog", edge(cpu, site, held)));
                    }
                    try {
                        WAITS.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        signalled[0] = true;
                    }
                }
            } finally {
                cpu.spinningOn = null;
            }
        }
    }

    private WaitEdge edge(Cpu cpu, String site, Holder held) {
        return new WaitEdge(cpu.id(), cpu.context(), name, lockClass, site, held.cpu().id(), held.context(),
                held.site());
    }

    private static LockupException dead(Cpu cpu, LockupException e) {
        cpu.spinningOn = null;
        cpu.markDead(e);
        return e;
    }

    /** A waits-for cycle: its CPUs and, for each, the edge it spins on; cpus.get(i) spins along edges.get(i). */
    private record Cycle(List<Cpu> cpus, List<WaitEdge> edges) {
    }

    /** Follows the waits-for edges from {@code start}; guarded by WAITS. */
    private static Cycle findCycle(Cpu start) {
        List<Cpu> cpus = new ArrayList<>();
        List<WaitEdge> path = new ArrayList<>();
        Set<Cpu> seen = new HashSet<>();
        Cpu c = start;
        for (;;) {
            SpinWait w = c.spinningOn;
            if (w == null) {
                return null;
            }
            Holder h = w.lock().owner.get();
            if (h == null) {
                return null;
            }
            cpus.add(c);
            path.add(new WaitEdge(c.id(), w.context(), w.lock().name, w.lock().lockClass, w.site(), h.cpu().id(),
                    h.context(), h.site()));
            if (h.cpu() == start) {
                return new Cycle(cpus, path);
            }
            if (!seen.add(h.cpu())) {
                return null;
            }
            c = h.cpu();
        }
    }

    /** Tells the other CPUs of a cycle to throw, each with the edges rotated to its own; guarded by WAITS. */
    private static void abortCycle(Cycle cycle) {
        List<WaitEdge> edges = cycle.edges();
        for (int i = 1; i < edges.size(); i++) {
            List<WaitEdge> rotated = new ArrayList<>(edges.subList(i, edges.size()));
            rotated.addAll(edges.subList(0, i));
            cycle.cpus().get(i).abort = List.copyOf(rotated);
        }
        WAITS.notifyAll();
    }

    @Override
    public String toString() {
        Holder h = owner.get();
        return name + "(" + lockClass + ")" + (h == null ? " unlocked" : " held by " + h.cpu() + "/" + h.context()
                + " at " + h.site());
    }
}
