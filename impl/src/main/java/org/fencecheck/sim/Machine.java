package org.fencecheck.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.lockdep.Lockdep;
import org.fencecheck.lockdep.ModuleValidator;

/**
 * One simulated machine: its CPUs, its lockdep validator, its step listener and its kernel warnings. Tests create
 * a machine each, so that validator reports and warnings do not leak between them; {@link #shared()} serves code
 * that does not care (threads with no explicit CPU, the global stub fence).
 */
public final class Machine {

    /*
     * Overview. A machine is configuration plus logs, all safe to use from every CPU thread: the listener, the
     * panic_on_warn switch and the watchdog are volatile (written rarely, by the test, read at every step); CPUs
     * live in a concurrent map so a test thread may look one up while others run; warnings go to a copy-on-write
     * list because they are rare and are read whole by tests.
     *
     * step() is the single place where the simulated kernel code marks an atomic step: it first delivers the
     * current CPU's deliverable interrupts (a step boundary is a point where an interrupt may arrive), then tells
     * the listener. With no listener the cost is a thread-local read and two volatile reads; on an unobserved machine
     * (benchmarks) it is nothing.
     */

    private static final Machine SHARED = new Machine("shared");

    private final String name;
    private final Lockdep lockdep = new Lockdep();
    private final Rcu rcu = new Rcu(this);
    private final ModuleValidator moduleValidator = new ModuleValidator();
    private final Map<Integer, Cpu> cpus = new ConcurrentHashMap<>();
    private final AtomicInteger nextAutoId = new AtomicInteger(1000);
    private final List<Warning> warnings = new CopyOnWriteArrayList<>();
    private volatile StepListener listener = StepListener.NONE;
    /**
     * A machine made by {@link #unobserved}: it never has a step listener and its CPUs never take interrupts, so
     * {@link #step} has nothing to do and returns at once. Final, so the JIT may fold the test away. Every other
     * machine keeps each step's CPU lookup and interrupt test, which are also the points where Lincheck's model
     * checker can switch threads.
     */
    private final boolean unobserved;
    private volatile boolean panicOnWarn;
    private volatile long spinWatchdogNanos = Duration.ofSeconds(10).toNanos();
    private volatile boolean timestampStep;

    /** Creates a machine with no CPUs yet, lockdep on, no listener. */
    public Machine() {
        this("machine");
    }

    /**
     * Creates a named machine.
     *
     * @param name a name for messages
     */
    public Machine(String name) {
        this(name, false);
    }

    private Machine(String name, boolean unobserved) {
        this.name = Objects.requireNonNull(name, "name");
        this.unobserved = unobserved;
    }

    /**
     * Creates a machine for benchmarks: no step is ever observed (installing a listener throws) and no interrupt
     * is ever raised on its CPUs (raising one throws), so a step costs nothing and a fence on this machine runs
     * its atomic operations without the simulation's bookkeeping around them.
     *
     * @param name a name for messages
     * @return the machine
     */
    public static Machine unobserved(String name) {
        return new Machine(name, true);
    }

    /** Whether this machine was made by {@link #unobserved}. */
    public boolean isUnobserved() {
        return unobserved;
    }

    /** Returns the JVM-wide machine used by threads that never bound a CPU. */
    public static Machine shared() {
        return SHARED;
    }

    /**
     * Returns CPU {@code id} of this machine, creating it (IRQs on, process context) on first use.
     *
     * @param id the CPU number
     * @return the CPU
     */
    public Cpu cpu(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("cpu id " + id);
        }
        return cpus.computeIfAbsent(id, i -> new Cpu(this, i, false));
    }

    Cpu newAutoCpu() {
        int id = nextAutoId.getAndIncrement();
        Cpu cpu = new Cpu(this, id, true);
        cpus.put(id, cpu);
        return cpu;
    }

    /**
     * Creates a spinlock of this machine ({@code DEFINE_SPINLOCK}).
     *
     * @param lockClass the lockdep class
     * @param lockName  the name steps use, e.g. {@code "fence->lock"}
     * @return the unlocked lock
     */
    public SpinLock newSpinLock(String lockClass, String lockName) {
        return new SpinLock(this, lockClass, lockName);
    }

    /**
     * Creates a spinlock of this machine living in {@code home}'s memory (a lock in a driver module's data).
     *
     * @param lockClass the lockdep class
     * @param lockName  the name steps use
     * @param home      where the lock's memory lives
     * @return the unlocked lock
     */
    public SpinLock newSpinLock(String lockClass, String lockName, LockHome home) {
        return new SpinLock(this, lockClass, lockName, home);
    }

    /** Returns this machine's lockdep validator. */
    public Lockdep lockdep() {
        return lockdep;
    }

    /** Returns this machine's simulated RCU. */
    public Rcu rcu() {
        return rcu;
    }

    /** Returns this machine's validator of calls into driver modules (unloaded modules, detached ops). */
    public ModuleValidator moduleValidator() {
        return moduleValidator;
    }

    /**
     * Whether the signaller's timestamp write ({@code __dma_fence_signal__timestamp()}) is announced as a step of
     * its own, after the test-and-set and the splice, as the spec's {@code SignalStamp} where a configuration has
     * timestamp readers ({@code TimestampStep}). Off, the write stays in the test-and-set's step, as the spec
     * folds it when no reader can look between SIGNALED and TIMESTAMP; the writes are the same either way.
     */
    public boolean timestampStep() {
        return timestampStep;
    }

    /**
     * Sets {@link #timestampStep()}.
     *
     * @param on announce the timestamp write as its own step
     */
    public void setTimestampStep(boolean on) {
        timestampStep = on;
    }

    /** Returns the step listener ({@link StepListener#NONE} by default). */
    public StepListener stepListener() {
        return listener;
    }

    /**
     * Installs the step listener for every CPU of this machine.
     *
     * @param l the listener, or {@link StepListener#NONE}
     */
    public void setStepListener(StepListener l) {
        Objects.requireNonNull(l, "listener");
        if (unobserved && l != StepListener.NONE) {
            throw new IllegalStateException("machine " + name + " is unobserved: it takes no step listener");
        }
        listener = l;
    }

    /**
     * Marks one atomic step of the simulated kernel code on the current CPU: takes the interrupts deliverable at
     * this point, then tells the listener. Called by the simulated primitives, the fence and the driver.
     *
     * @param action the kind of step
     * @param fn     the kernel function
     * @param act    what the step does, in the spec's words
     * @param fence  the fence's seqno, or {@link Step#NO_FENCE}
     */
    public void step(Action action, String fn, String act, long fence) {
        if (unobserved) {
            return; // no interrupt to deliver and nobody to tell
        }
        Cpu cpu = Cpu.current();
        cpu.irqPointInternal();
        StepListener l = listener;
        if (l != StepListener.NONE) {
            l.beforeStep(new Step(announced(action, cpu), cpu.id(), cpu.context(), fn, act, fence));
        }
        if (action == Action.CALL) {
            cpu.runCallEntry();
        }
    }

    /**
     * Like {@link #step(Action, String, String, long)} with {@code act + " [" + tag + "]"}, built only when a
     * listener is installed.
     *
     * @param action the kind of step
     * @param fn     the kernel function
     * @param act    what the step does
     * @param tag    the callback or other name the spec appends in brackets
     * @param fence  the fence's seqno, or {@link Step#NO_FENCE}
     */
    public void step(Action action, String fn, String act, String tag, long fence) {
        if (unobserved) {
            return; // as above
        }
        Cpu cpu = Cpu.current();
        cpu.irqPointInternal();
        StepListener l = listener;
        if (l != StepListener.NONE) {
            l.beforeStep(new Step(announced(action, cpu), cpu.id(), cpu.context(), fn, act + " [" + tag + "]", fence));
        }
        if (action == Action.CALL) {
            cpu.runCallEntry();
        }
    }

    /**
     * The kind a step is announced as: a kernel call made in hard-IRQ context is an irq_work's, which the spec
     * tells apart from a call between two process-context calls ({@code IrqWorkCall}, not {@code Call}): it
     * nests inside whatever the CPU was doing.
     */
    private static Action announced(Action action, Cpu cpu) {
        return action == Action.CALL && cpu.context() == CpuContext.IRQ ? Action.IRQ_WORK_CALL : action;
    }

    /**
     * Marks a step of the simulated hardware (no CPU takes it, so no interrupt is delivered here).
     *
     * @param action the kind of step
     * @param fn     the hardware's name for the step
     * @param act    what it does
     * @param fence  the fence's seqno, or {@link Step#NO_FENCE}
     */
    public void hardwareStep(Action action, String fn, String act, long fence) {
        StepListener l = listener;
        if (l != StepListener.NONE) {
            l.beforeStep(new Step(action, Step.HARDWARE, CpuContext.PROC, fn, act, fence));
        }
    }

    /**
     * A kernel {@code WARN()}: records the warning and carries on, or throws {@link KernelWarningException} when
     * panic_on_warn is set.
     *
     * @param fn      the warning function
     * @param message the warning
     */
    public void warn(String fn, String message) {
        Cpu cpu = Cpu.current();
        Warning w = new Warning(fn, message, cpu.id(), cpu.context());
        warnings.add(w);
        if (panicOnWarn) {
            throw new KernelWarningException(w);
        }
    }

    /** Returns the warnings so far, oldest first. */
    public List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    /** Forgets the recorded warnings. */
    public void clearWarnings() {
        warnings.clear();
    }

    /**
     * Sets panic_on_warn: a {@code WARN()} then throws instead of carrying on.
     *
     * @param on whether to panic
     */
    public void setPanicOnWarn(boolean on) {
        panicOnWarn = on;
    }

    /**
     * Sets the soft-lockup watchdog: a CPU spinning longer than this throws {@link SoftLockupException}.
     *
     * @param limit the longest spin
     */
    public void setSpinWatchdog(Duration limit) {
        spinWatchdogNanos = limit.toNanos();
    }

    long spinWatchdogNanos() {
        return spinWatchdogNanos;
    }

    @Override
    public String toString() {
        return name;
    }
}
