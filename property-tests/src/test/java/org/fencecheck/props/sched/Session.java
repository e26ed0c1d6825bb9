package org.fencecheck.props.sched;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * A deterministic run of the implementation on simulated CPUs: one real Java thread per CPU, and a baton that
 * the scheduler (the thread that owns the session) hands to exactly one CPU thread at a time, at the
 * implementation's {@link org.fencecheck.sim.StepListener} points. Between two moves every CPU thread is parked
 * (at a step it has announced but not taken, at the idle point between kernel calls, or asleep in
 * {@code schedule_timeout()}), so the state is a consistent cut that the {@link Observer} maps to the spec's
 * abstract state, and which move comes next is the caller's choice ({@link #enabled()}, {@link #perform(Move)}).
 *
 * <p>What a move is:
 * <ul>
 *   <li>{@code STEP(c)}: CPU c takes its announced step and runs until it announces the next one (or parks idle,
 *   or falls asleep); that code is exactly the announced step's effect.
 *   <li>{@code IRQ(c)}: the scheduler plays the interrupt controller: the timeline routes its interrupt to a CPU
 *   that never runs, and the scheduler raises it on c, whose thread takes it at the step boundary where it is
 *   parked and runs the handler up to its first step ({@code IrqEnter(c)}).
 *   <li>{@code HW}: the scheduler's thread calls {@code hwComplete()} ({@code HwComplete}).
 *   <li>{@code TIMEOUT(c)}: a sleeping interruptible waiter gets a signal, the stand-in for its timeout.
 * </ul>
 * Moves without a choice are done eagerly by {@link #settle()}: starting the next queued call of an idle CPU,
 * skipping a call whose spec guard ({@code Call}'s conditions) is false, and collecting a woken sleeper once it
 * has announced its next step. After LOCK_CONTENDED a CPU can only go on once the lock is free (its next move
 * completes the acquisition without waiting); a step that would spin on a lock held by the CPU itself is never
 * granted (the spec's spinning CPU: it would spin forever), see {@link #enabled()}.
 */
public final class Session implements AutoCloseable {

    /** Thrown from the step listener to unwind a CPU thread when the session closes. */
    static final class RunAborted extends Error {
        private static final long serialVersionUID = 1L;

        RunAborted() {
            super("run aborted", null, false, false);
        }
    }

    /** Thrown from the step listener at a CALL whose spec guard is false: the call is skipped. */
    static final class SkipOp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SkipOp() {
            super("call skipped", null, false, false);
        }
    }

    enum Status { STARTING, RUNNING, AT_STEP, IDLE, DONE, FAILED }

    enum Grant { NONE, RUN, RUN_SIGNALLED, IRQ, IRQ_WORK, START, SKIP, ABORT }

    /** What the scheduler knows of a CPU between moves. */
    public enum View { AT_STEP, IDLE, SLEEPING, DONE, FAILED }

    /** One simulated CPU and its thread. */
    final class CpuT {
        final int id;
        final Cpu cpu;
        final Thread thread;
        final ArrayDeque<Op> queue = new ArrayDeque<>();

        // Guarded by mon.
        Status status = Status.STARTING;
        Step pending;
        Grant grant = Grant.NONE;
        long parks;
        Throwable failure;

        // Written by the CPU thread while it holds the baton; read by the scheduler after the hand-over.
        Op current;
        String lastResult;
        int opsFinished;
        int opsSkipped;
        boolean expectIrqEnter;
        /** The call of the irq_work the scheduler granted, until its first step (IrqWorkCall) is taken. */
        Op irqWorkOp;
        final List<String> results = new ArrayList<>();

        // Scheduler-side.
        View view = View.IDLE;
        /**
         * Asleep, but parked at its WAIT_SCHEDULE step rather than in schedule_timeout(): an interrupt came
         * while it slept and did not wake it, and schedule_timeout() returned. Until a wake-up or a timeout it
         * counts as asleep (granting the step would be a spurious wake-up, which the spec does not have).
         */
        boolean asleepAtStep;

        CpuT(int id) {
            this.id = id;
            this.cpu = sut.machine.cpu(id);
            this.thread = new Thread(this::main, "cpu" + id + "-" + sut.cfg.label());
            this.thread.setDaemon(true);
        }

        private void main() {
            SELF.set(this);
            try {
                cpu.run(() -> {
                    for (;;) {
                        Grant g = park(this, Status.IDLE, null);
                        switch (g) {
                            case START -> runOp(this);
                            case IRQ -> takeIrq(this);
                            case ABORT -> {
                                return;
                            }
                            default -> throw new IllegalStateException("grant " + g + " at the idle point");
                        }
                    }
                });
            } catch (RunAborted a) {
                // closing
            } catch (Throwable t) {
                failure = t;
            } finally {
                SELF.remove();
                synchronized (mon) {
                    status = failure != null ? Status.FAILED : Status.DONE;
                    parks++;
                    mon.notifyAll();
                }
            }
        }

        /** The step the CPU's running context is at (null: idle). */
        public Step pending() {
            return view == View.AT_STEP ? pending : null;
        }
    }

    private static final ThreadLocal<CpuT> SELF = new ThreadLocal<>();

    private final Object mon = new Object();
    private final ImplSut sut;
    private final boolean intrWaits;
    final CpuT[] cpus;
    private final Map<Thread, Integer> threadCpu = new HashMap<>();
    private final Observer obs;
    private volatile boolean aborted;
    private boolean irqLine;
    private long tickTimeoutMillis = 20_000;

    /** Starts the CPU threads of a fresh system for {@code cfg}, parked idle. */
    public Session(SpecConfig cfg) {
        this.sut = new ImplSut(cfg);
        this.intrWaits = cfg.waitTimeouts();
        sut.machine.setSpinWatchdog(Duration.ofSeconds(5));
        sut.machine.setStepListener(this::beforeStep);
        this.cpus = new CpuT[cfg.cpus()];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new CpuT(i);
            threadCpu.put(cpus[i].thread, i);
        }
        for (CpuT c : cpus) {
            c.thread.start();
        }
        for (CpuT c : cpus) {
            awaitParked(c, 0);
            c.view = View.IDLE;
        }
        this.obs = new Observer(this, sut);
    }

    public SpecConfig cfg() {
        return sut.cfg;
    }

    /** The current observable state of the implementation. */
    public Abs abs() {
        return obs.current();
    }

    boolean irqLine() {
        return irqLine;
    }

    /** Maps a CPU thread to its index (null for other threads). */
    Integer cpuOfThread(Thread t) {
        return threadCpu.get(t);
    }

    /** Queues a kernel call for CPU c (its program). */
    public void submit(int c, Op op) {
        synchronized (mon) {
            cpus[c].queue.add(op);
        }
    }

    /** The scheduler's view of CPU c. */
    public View view(int c) {
        return cpus[c].view;
    }

    /** The step CPU c's running context has announced, or null. */
    public Step pendingStep(int c) {
        return cpus[c].pending();
    }

    /** The results of CPU c's finished calls, in order ("skipped" for a skipped one). */
    public List<String> results(int c) {
        return List.copyOf(cpus[c].results);
    }

    /** Calls skipped because their spec guard was false, all CPUs. */
    public int skipped() {
        int n = 0;
        for (CpuT c : cpus) {
            n += c.opsSkipped;
        }
        return n;
    }

    /** The failure of a CPU thread (an exception escaping a kernel call), or null. */
    public Throwable failure(int c) {
        return cpus[c].view == View.FAILED ? cpus[c].failure : null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The CPU side (runs on CPU threads)
    // ---------------------------------------------------------------------------------------------------------

    private void beforeStep(Step st) {
        CpuT me = SELF.get();
        if (me == null) {
            return; // the scheduler's own thread plays the hardware
        }
        if (aborted) {
            throw new RunAborted();
        }
        if (me.expectIrqEnter && st.action() == Action.IRQ_ENTER) {
            me.expectIrqEnter = false;
            return;
        }
        if (me.irqWorkOp != null && st.action() == Action.IRQ_ENTER) {
            return; // the CPU enters the irq_work's interrupt: part of the IrqWorkCall move
        }
        if (me.irqWorkOp != null && st.action() == Action.IRQ_WORK_CALL) {
            me.irqWorkOp = null; // the move that raised the irq_work takes its first step
            return;
        }
        boolean intr = Thread.interrupted();
        try {
            for (;;) {
                Grant g = park(me, Status.AT_STEP, st);
                switch (g) {
                    case RUN:
                        return;
                    case RUN_SIGNALLED:
                        // a timeout of a waiter asleep at this step: the signal it would have got while parked
                        intr = true;
                        return;
                    case IRQ:
                        takeIrq(me);
                        break;
                    case IRQ_WORK:
                        takeIrqWork(me);
                        break;
                    case SKIP:
                        if (st.action() != Action.CALL) {
                            throw new IllegalStateException("skip at " + st);
                        }
                        throw new SkipOp();
                    case ABORT:
                        throw new RunAborted();
                    default:
                        throw new IllegalStateException("grant " + g + " at " + st);
                }
            }
        } finally {
            if (intr) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Parks the calling CPU thread until the scheduler grants it something. */
    private Grant park(CpuT me, Status status, Step pending) {
        synchronized (mon) {
            me.status = status;
            me.pending = pending;
            me.parks++;
            mon.notifyAll();
            while (me.grant == Grant.NONE && !aborted) {
                try {
                    mon.wait();
                } catch (InterruptedException e) {
                    // only a closing session interrupts a parked CPU thread
                }
            }
            Grant g = aborted ? Grant.ABORT : me.grant;
            me.grant = Grant.NONE;
            me.status = Status.RUNNING;
            return g;
        }
    }

    /** Takes the interrupt the scheduler chose for this CPU, here, at this step boundary. */
    private void takeIrq(CpuT me) {
        boolean intr = Thread.interrupted();
        me.expectIrqEnter = true;
        me.cpu.raiseIrq(sut.tl.irq());
        // raiseIrq() unparks the CPU's thread, i.e. this one: consume that permit, or a later
        // schedule_timeout() would return at once (a wake-up the spec does not have).
        LockSupport.parkNanos(1);
        Cpu.irqPoint();
        if (me.expectIrqEnter || me.cpu.irqPending()) {
            throw new IllegalStateException("cpu" + me.id + " did not take the interrupt (irqs "
                    + me.cpu.irqsEnabled() + ", context " + me.cpu.context() + ")");
        }
        if (intr) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes the irq_work the scheduler chose for this CPU, here, at this step boundary: its call runs nested in
     * hard-IRQ context (spec IrqWorkCall) and ends with IrqWorkReturn; then this step is pending again.
     */
    private void takeIrqWork(CpuT me) {
        boolean intr = Thread.interrupted();
        Op op = me.irqWorkOp;
        me.cpu.raiseIrq(org.fencecheck.driver.Caller.irqWork(sut.machine, () -> sut.invokeNested(op)));
        LockSupport.parkNanos(1); // raiseIrq() unparked this thread: consume the permit (see takeIrq)
        Cpu.irqPoint();
        if (me.irqWorkOp != null || me.cpu.irqPending()) {
            throw new IllegalStateException("cpu" + me.id + " did not take the irq_work (irqs "
                    + me.cpu.irqsEnabled() + ", context " + me.cpu.context() + ")");
        }
        if (intr) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The spec's IrqWorkCall guard on the CPU's side (the call's own guard is the environment's, {@link
     * Observer#callAllowed}): the configured caller is an irq_work, and CPU c is inside a process-context call
     * with IRQs on, at a step boundary after its Call step.
     */
    public boolean irqWorkAllowed(int c) {
        CpuT t = cpus[c];
        return sut.cfg.caller().equals("irq_work") && t.view == View.AT_STEP && t.pending.action() != Action.CALL
                && t.cpu.irqsEnabled() && t.cpu.context() == CpuContext.PROC;
    }

    private void runOp(CpuT me) {
        Op op;
        synchronized (mon) {
            op = me.queue.poll();
        }
        me.current = op;
        String r;
        try {
            r = sut.invoke(op, intrWaits);
        } catch (SkipOp s) {
            r = "skipped";
            me.opsSkipped++;
        } finally {
            // A timeout is delivered as a signal to the task: do not let it leak into the next call. Restoring
            // the status with interrupt() also set this thread's park permit: consume it, or the next
            // schedule_timeout() would return at once.
            if (Thread.interrupted()) {
                LockSupport.parkNanos(1);
            }
        }
        me.results.add(r);
        me.lastResult = r;
        me.current = null;
        me.opsFinished++;
        if (op.op().equals("wait")) {
            sut.forgetWaiter(me.id);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The scheduler side
    // ---------------------------------------------------------------------------------------------------------

    private void grant(CpuT c, Grant g) {
        synchronized (mon) {
            c.grant = g;
            mon.notifyAll();
        }
    }

    private static boolean asleep(CpuT c) {
        Thread.State s = c.thread.getState();
        return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
                && LockSupport.getBlocker(c.thread) == c.cpu;
    }

    /** Waits until CPU c parks again (after {@code parksBefore}), falls asleep, or ends. */
    private void awaitParked(CpuT c, long parksBefore) {
        awaitParked(c, parksBefore, true);
    }

    /**
     * Like {@link #awaitParked(CpuT, long)}; without {@code mayFallAsleep} only a new park or the end counts
     * (for a CPU woken out of schedule_timeout(), whose thread may still look parked for a moment).
     */
    private void awaitParked(CpuT c, long parksBefore, boolean mayFallAsleep) {
        long deadline = System.nanoTime() + tickTimeoutMillis * 1_000_000L;
        synchronized (mon) {
            for (;;) {
                if (c.parks != parksBefore && c.status != Status.RUNNING && c.status != Status.STARTING) {
                    c.view = switch (c.status) {
                        case AT_STEP -> View.AT_STEP;
                        case IDLE -> View.IDLE;
                        case DONE -> View.DONE;
                        default -> View.FAILED;
                    };
                    return;
                }
                if (mayFallAsleep && c.status == Status.RUNNING && asleep(c)) {
                    c.view = View.SLEEPING;
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cpu" + c.id + " did not reach its next step within "
                            + tickTimeoutMillis + " ms:\n" + dump(c.thread));
                }
                try {
                    mon.wait(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
        }
    }

    /** Waits until a sleeping CPU, woken or signalled, has announced its next step. */
    private void awaitWoken(CpuT c) {
        long deadline = System.nanoTime() + tickTimeoutMillis * 1_000_000L;
        synchronized (mon) {
            while (c.status != Status.AT_STEP && c.status != Status.FAILED && c.status != Status.DONE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("woken cpu" + c.id + " did not announce a step:\n"
                            + dump(c.thread));
                }
                try {
                    mon.wait(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            c.view = c.status == Status.AT_STEP ? View.AT_STEP : c.status == Status.DONE ? View.DONE : View.FAILED;
        }
    }

    private static String dump(Thread t) {
        ThreadInfo ti = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {t.getId()}, true, true)[0];
        StringBuilder b = new StringBuilder(String.valueOf(ti));
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("    at ").append(e).append('\n');
        }
        return b.toString();
    }

    /**
     * Takes the steps that belong to the move just made: steps impl announces that the spec folds into the
     * previous one (impl names no spec action for them, see {@link SpecActions#folded}).
     */
    private void foldSteps() {
        for (CpuT c : cpus) {
            while (c.view == View.AT_STEP && SpecActions.folded(c.pending) != null) {
                obs.folded(c.pending);
                long p = c.parks;
                grant(c, Grant.RUN);
                awaitParked(c, p);
            }
        }
    }

    /** Makes the moves nobody chooses: start queued calls, skip calls the spec forbids, collect woken sleepers. */
    public void settle() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (CpuT c : cpus) {
                if (c.view == View.SLEEPING && c.asleepAtStep && sut.waiterWoken(c.id)) {
                    c.asleepAtStep = false;
                    c.view = View.AT_STEP;
                    changed = true;
                } else if (c.view == View.SLEEPING && !c.asleepAtStep
                        && sut.waiterWoken(c.id)) {
                    awaitWoken(c);
                    changed = true;
                } else if (c.view == View.AT_STEP && c.pending.action() == Action.WAIT_SCHEDULE
                        && c.cpu.context() == CpuContext.PROC && !sut.waiterWoken(c.id)) {
                    // back from an interrupt taken while asleep, not woken by it: still asleep
                    c.asleepAtStep = true;
                    c.view = View.SLEEPING;
                    changed = true;
                } else if (c.view == View.SLEEPING && !c.asleepAtStep && c.status == Status.AT_STEP) {
                    throw new IllegalStateException("cpu" + c.id + " woke up with nobody waking it (a spurious "
                            + "wake-up would make the run irreproducible): " + c.pending);
                } else if (c.view == View.IDLE && !c.queue.isEmpty()) {
                    long p = c.parks;
                    grant(c, Grant.START);
                    awaitParked(c, p);
                    changed = true;
                } else if (c.view == View.AT_STEP && c.pending.action() == Action.CALL
                        && !obs.callAllowed(c.current)) {
                    long p = c.parks;
                    grant(c, Grant.SKIP);
                    awaitParked(c, p);
                    changed = true;
                }
            }
        }
        obs.settled();
    }

    /** The lock a LOCK_* step names (parsed from its act), or null. */
    SpinLock lockOf(Step st) {
        String act = st.act();
        if (act.contains(sut.tl.fenceLock().name())) {
            return sut.tl.fenceLock();
        }
        if (act.contains(sut.tl.driverLock().name())) {
            return sut.tl.driverLock();
        }
        return null;
    }

    /** Whether CPU c's pending step would spin: it acquires a lock that is held. */
    boolean wouldSpin(CpuT c) {
        Step st = c.pending();
        if (st == null || st.action() != Action.LOCK_ACQUIRE && st.action() != Action.LOCK_CONTENDED) {
            return false;
        }
        SpinLock l = lockOf(st);
        return l != null && l.isLocked();
    }

    /**
     * The moves possible now, in a fixed order: CPU steps by CPU, then timeouts, then interrupts, then the
     * hardware. A CPU whose step would spin on a held lock is not offered: in the spec its SpinLock is disabled
     * while the lock is held (spinning changes nothing the spec sees; {@link #probeLockups()} lets it spin).
     */
    public List<Move> enabled() {
        List<Move> out = new ArrayList<>();
        for (CpuT c : cpus) {
            if (c.view == View.AT_STEP && !wouldSpin(c)) {
                out.add(Move.step(c.id));
            }
        }
        if (intrWaits) {
            for (CpuT c : cpus) {
                if (c.view == View.SLEEPING) {
                    out.add(Move.timeout(c.id));
                }
            }
        }
        if (irqLine) {
            for (CpuT c : cpus) {
                // a sleeping task's CPU is in process context with IRQs on (might_sleep() checked it)
                if ((c.view == View.AT_STEP || c.view == View.IDLE) && c.cpu.irqsEnabled()
                        && c.cpu.context() == CpuContext.PROC || c.view == View.SLEEPING) {
                    out.add(Move.irq(c.id));
                }
            }
        }
        if (sut.tl.hwSeqno() < sut.cfg.numFences()) {
            out.add(Move.HW);
        }
        return out;
    }

    /** Whether every CPU is idle in process context with nothing queued (the spec's Finished). */
    public boolean quiescent() {
        for (CpuT c : cpus) {
            if (c.view != View.IDLE || !c.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Performs one move, then {@link #settle()}s.
     *
     * @param m a move from {@link #enabled()}
     * @return what happened, with the abstract state after it
     */
    public Observer.Tick perform(Move m) {
        if (m.kind() == Move.Kind.IRQ_WORK && !(irqWorkAllowed(m.cpu()) && obs.callAllowed(m.op()))) {
            throw new IllegalStateException("no irq_work call " + m.op() + " on cpu" + m.cpu() + " now");
        }
        obs.beforeMove(m);
        switch (m.kind()) {
            case STEP -> {
                CpuT c = cpus[m.cpu()];
                long p = c.parks;
                grant(c, Grant.RUN);
                awaitParked(c, p);
            }
            case IRQ -> {
                CpuT c = cpus[m.cpu()];
                irqLine = false;
                long p = c.parks;
                if (c.view == View.SLEEPING && !c.asleepAtStep) {
                    // parked in schedule_timeout(): raise the line on it, as the hardware would; its thread
                    // wakes and takes the interrupt before schedule_timeout() returns
                    c.expectIrqEnter = true;
                    c.cpu.raiseIrq(sut.tl.irq());
                    awaitParked(c, p, false);
                } else {
                    c.asleepAtStep = false;
                    grant(c, Grant.IRQ);
                    awaitParked(c, p);
                }
            }
            case IRQ_WORK -> {
                CpuT c = cpus[m.cpu()];
                long p = c.parks;
                c.irqWorkOp = m.op();
                grant(c, Grant.IRQ_WORK);
                awaitParked(c, p);
            }
            case TIMEOUT -> {
                CpuT c = cpus[m.cpu()];
                if (c.asleepAtStep) {
                    c.asleepAtStep = false;
                    c.view = View.AT_STEP;
                    long p = c.parks;
                    grant(c, Grant.RUN_SIGNALLED);
                    awaitParked(c, p);
                } else {
                    c.thread.interrupt();
                    awaitWoken(c);
                    if (c.view == View.AT_STEP) {
                        long p = c.parks;
                        grant(c, Grant.RUN);
                        awaitParked(c, p);
                    }
                }
            }
            case HW -> {
                boolean armed = sut.tl.irqArmed();
                sut.tl.hwComplete();
                irqLine |= armed;
            }
        }
        foldSteps();
        Observer.Tick t = obs.afterMove(m);
        settle();
        return t;
    }

    /**
     * After a run that ended stuck: lets every CPU that waits for a lock spin for real, so the implementation's
     * own detectors (self-deadlock, waits-for cycle, soft lockup) report. Ends the session.
     *
     * @return per CPU, the lockup it died of (null if none)
     */
    public Throwable[] probeLockups() {
        List<CpuT> spinners = new ArrayList<>();
        for (CpuT c : cpus) {
            if (c.view == View.AT_STEP && wouldSpin(c)) {
                spinners.add(c);
            }
        }
        Map<CpuT, Long> parks = new HashMap<>();
        for (CpuT c : spinners) {
            parks.put(c, c.parks);
            grant(c, Grant.RUN);
        }
        Throwable[] out = new Throwable[cpus.length];
        long deadline = System.nanoTime() + 15_000_000_000L;
        synchronized (mon) {
            // all spinners spin at once (a waits-for cycle needs every CPU of it spinning)
            while (spinners.stream().anyMatch(c -> c.status != Status.FAILED && c.status != Status.DONE)
                    && System.nanoTime() < deadline) {
                for (CpuT c : spinners) {
                    // a contended acquisition parks once more at LOCK_CONTENDED: let it spin on
                    if (c.status == Status.AT_STEP && c.parks != parks.get(c)) {
                        parks.put(c, c.parks);
                        c.grant = Grant.RUN;
                        mon.notifyAll();
                    }
                }
                try {
                    mon.wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            spinners.forEach(c -> out[c.id] = c.failure);
        }
        return out;
    }

    @Override
    public void close() {
        aborted = true;
        synchronized (mon) {
            mon.notifyAll();
        }
        for (CpuT c : cpus) {
            c.thread.interrupt();
        }
        for (CpuT c : cpus) {
            try {
                c.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sut.machine.setStepListener(org.fencecheck.sim.StepListener.NONE);
    }
}
