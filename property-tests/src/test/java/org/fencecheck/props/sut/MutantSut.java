package org.fencecheck.props.sut;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceFlags;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * Deliberately broken implementations, in test code: a copy of the parts of {@code DmaFence} and
 * {@code DriverTimeline} the spec models (same steps, same step strings, same simulated locks, CPUs and
 * interrupts of impl's {@code sim} package), with one switch per broken variant. With {@link Mutation#NONE} the
 * copy must be indistinguishable from the real implementation ({@code BrokenVariantsTest} checks it), so that a
 * failing property is due to the mutation and nothing else.
 */
public final class MutantSut implements Sut {

    /** The broken variants; {@link #specName} is the spec's {@code Mutation} value where the spec has one. */
    public enum Mutation {
        /** The real code. */
        NONE("none", "the real code"),
        /** A signal does not splice cb_list off: the callbacks stay linked and a second signal runs them again. */
        SIGNAL_NO_SPLICE("signal_no_splice", "callback run twice"),
        /** ENABLE_SIGNAL is read in one step and set in a later one instead of test_and_set_bit(). */
        ENABLE_SPLIT_TAS("enable_split_tas", "ENABLE_SIGNAL not test-and-set"),
        /** The driver's error path writes the error with no lock and no SIGNALED check, then signals. */
        SETERR_UNLOCKED("seterr_unlocked", "setError after signal accepted"),
        /** The callbacks run before SIGNALED (and TIMESTAMP) are set. */
        CB_BEFORE_SIGNALED("cb_before_signaled", "callback run before SIGNALED"),
        /**
         * dma_fence_signal() takes fence->lock with plain spin_lock(): right in the interrupt handler, wrong in
         * process context (is_signaled, a false ->enable_signaling under reworked), where the interrupt then
         * spins on the lock its own CPU holds. Not a spec mutation.
         */
        SIGNAL_PLAIN_LOCK("signal_plain_lock", "IRQ handler's plain spin_lock used in process context");

        private final String specName;
        private final String description;

        Mutation(String specName, String description) {
            this.specName = specName;
            this.description = description;
        }

        public String specName() {
            return specName;
        }

        public String description() {
            return description;
        }

        /** Whether spec/DmaFence.tla has this mutation (so the Java twin can run in lockstep). */
        public boolean inSpec() {
            return this != SIGNAL_PLAIN_LOCK;
        }
    }

    private static final int SIGNALED = 1 << FenceFlags.SIGNALED_BIT;
    private static final int TIMESTAMP = 1 << FenceFlags.TIMESTAMP_BIT;
    private static final int ENABLE_SIGNAL = 1 << FenceFlags.ENABLE_SIGNAL_BIT;

    private static final String FN_SIGNAL = "dma_fence_signal";
    private static final String FN_LOCKED = "dma_fence_signal_timestamp_locked";
    private static final String FN_ENABLE = "__dma_fence_enable_signaling";
    private static final String FN_DRV = "drv->enable_signaling";
    private static final String FN_ADD = "dma_fence_add_callback";
    private static final String FN_WAIT = "dma_fence_default_wait";
    private static final String FN_IRQ = "drv_irq_handler";

    private final SpecConfig cfg;
    private final Mutation mutation;
    private final Machine machine;
    private final SpinLock fenceLock;
    private final SpinLock driverLock;
    private final Irq irq;
    private final List<Fence> fences = new ArrayList<>();
    private final Map<String, Cb> cbs = new HashMap<>();
    private final CallbackLog log = new CallbackLog();
    private final AtomicLong hwSeqno = new AtomicLong();
    private volatile boolean irqArmed;
    private final Map<Integer, Waiter> waiters = new HashMap<>();

    /** A user callback. */
    private final class Cb {
        final String name;

        Cb(String name) {
            this.name = name;
        }

        void func(Fence f) {
            log.ran(name, f.seqno, (f.flags.get() & SIGNALED) != 0);
        }
    }

    /** The default waiter's callback. */
    private static final class Waiter {
        final Thread task = Thread.currentThread();
        volatile boolean woken;
    }

    /** One fence: flags, cb_list (user callbacks and waiters), error, timestamp. */
    private final class Fence {
        final long seqno;
        final AtomicInteger flags = new AtomicInteger();
        volatile List<Object> cbList = List.of();
        volatile int error;
        volatile long timestamp;

        Fence(long seqno) {
            this.seqno = seqno;
        }

        boolean test(int bit) {
            return (flags.get() & bit) != 0;
        }

        boolean testAndSet(int bit) {
            return (flags.getAndUpdate(x -> x | bit) & bit) != 0;
        }
    }

    public MutantSut(SpecConfig cfg, Mutation mutation) {
        this.cfg = cfg;
        this.mutation = mutation;
        this.machine = new Machine("mutant " + mutation.specName() + " " + cfg.label());
        this.fenceLock = machine.newSpinLock("fence", "fence->lock");
        this.driverLock = machine.newSpinLock("driver", "drv->lock");
        this.irq = new Irq(FN_IRQ, this::interruptHandler);
        for (int i = 1; i <= cfg.numFences(); i++) {
            fences.add(new Fence(i));
        }
        for (String name : cfg.cbs()) {
            cbs.put(name, new Cb(name));
        }
    }

    public Mutation mutation() {
        return mutation;
    }

    private Fence fence(int f) {
        return fences.get(f - 1);
    }

    @Override
    public SpecConfig cfg() {
        return cfg;
    }

    @Override
    public Machine machine() {
        return machine;
    }

    private boolean legacy() {
        return cfg.legacy();
    }

    // ---------------------------------------------------------------------------------------------------------
    // signal
    // ---------------------------------------------------------------------------------------------------------

    private int lockAndSignal(Fence f) {
        if (mutation == Mutation.SIGNAL_PLAIN_LOCK) {
            fenceLock.spinLock(FN_SIGNAL, f.seqno);
            int r = signalLocked(f);
            fenceLock.spinUnlock(FN_SIGNAL, f.seqno);
            return r;
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_SIGNAL, f.seqno);
        int r = signalLocked(f);
        fenceLock.spinUnlockIrqrestore(flags, FN_SIGNAL, f.seqno);
        return r;
    }

    /** dma_fence_signal_timestamp_locked(), lock held. */
    private int signalLocked(Fence f) {
        boolean was = f.test(SIGNALED);
        machine.step(Action.SIGNAL_TEST_AND_SET, FN_LOCKED, was ? "test_and_set_bit(SIGNALED): already set"
                : "test_and_set_bit(SIGNALED); list_replace(cb_list); set TIMESTAMP", f.seqno);
        List<Object> local;
        switch (mutation) {
            case SIGNAL_NO_SPLICE -> {
                was = f.testAndSet(SIGNALED);
                local = f.cbList;
                if (!was) {
                    writeTimestamp(f);
                }
            }
            case CB_BEFORE_SIGNALED -> {
                if (was) {
                    return -Errno.EINVAL;
                }
                local = f.cbList;
                f.cbList = List.of();
            }
            default -> {
                if (f.testAndSet(SIGNALED)) {
                    return -Errno.EINVAL;
                }
                local = f.cbList;
                f.cbList = List.of();
                writeTimestamp(f);
            }
        }
        for (Object cb : local) {
            if (cb instanceof Cb c) {
                machine.step(Action.SIGNAL_RUN_CALLBACK, FN_LOCKED, "cb->func()", c.name, f.seqno);
                c.func(f);
            } else {
                machine.step(Action.SIGNAL_RUN_CALLBACK, FN_LOCKED, "cb->func()", "waiter", f.seqno);
                Waiter w = (Waiter) cb;
                w.woken = true;
                Sched.wakeUp(w.task);
            }
        }
        if (mutation == Mutation.CB_BEFORE_SIGNALED) {
            machine.step(Action.SIGNAL_TEST_AND_SET, FN_LOCKED, "set_bit(SIGNALED); set TIMESTAMP (late)", f.seqno);
            f.testAndSet(SIGNALED);
            writeTimestamp(f);
        }
        return was ? -Errno.EINVAL : 0;
    }

    private static void writeTimestamp(Fence f) {
        f.timestamp = System.nanoTime();
        f.testAndSet(TIMESTAMP);
    }

    // ---------------------------------------------------------------------------------------------------------
    // enable signaling and the driver
    // ---------------------------------------------------------------------------------------------------------

    private void enableSwSignalingImpl(Fence f) {
        if (legacy()) {
            boolean flags = fenceLock.spinLockIrqsave("dma_fence_enable_sw_signaling", f.seqno);
            enableSignaling(f);
            fenceLock.spinUnlockIrqrestore(flags, "dma_fence_enable_sw_signaling", f.seqno);
        } else {
            enableSignaling(f);
        }
    }

    /** __dma_fence_enable_signaling(). */
    private boolean enableSignaling(Fence f) {
        boolean wasSet;
        if (mutation == Mutation.ENABLE_SPLIT_TAS) {
            machine.step(Action.ENABLE_TEST_AND_SET, FN_ENABLE, "test_bit(ENABLE_SIGNAL)", f.seqno);
            wasSet = f.test(ENABLE_SIGNAL);
            machine.step(Action.ENABLE_TEST_AND_SET, FN_ENABLE, "set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)",
                    f.seqno);
            f.testAndSet(ENABLE_SIGNAL);
        } else {
            machine.step(Action.ENABLE_TEST_AND_SET, FN_ENABLE,
                    "test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", f.seqno);
            wasSet = f.testAndSet(ENABLE_SIGNAL);
        }
        if (f.test(SIGNALED)) {
            return false;
        }
        if (wasSet) {
            return true;
        }
        machine.step(Action.DRIVER_ENTER, FN_ENABLE, "ops->enable_signaling()", f.seqno);
        machine.lockdep().driverOpEntered(Cpu.current(), "enable_signaling", fenceLock, FN_ENABLE);
        boolean enabled = driverEnableSignaling(f);
        machine.step(Action.ENABLE_AFTER, FN_ENABLE, enabled ? "return true" : "driver returned false: signal",
                f.seqno);
        if (enabled) {
            return true;
        }
        if (legacy()) {
            signalLocked(f);
        } else {
            lockAndSignal(f);
        }
        return false;
    }

    private boolean driverEnableSignaling(Fence f) {
        boolean flags = false;
        switch (cfg.driverLock()) {
            case "irqsave" -> flags = driverLock.spinLockIrqsave(FN_DRV, f.seqno);
            case "plain" -> driverLock.spinLock(FN_DRV, f.seqno);
            case "irq" -> driverLock.spinLockIrq(FN_DRV, f.seqno);
            default -> {
            }
        }
        machine.step(Action.DRIVER_ARM, FN_DRV, "arm irq; read hw seqno", f.seqno);
        irqArmed = true;
        boolean passed = hwSeqno.get() >= f.seqno;
        switch (cfg.driverLock()) {
            case "irqsave" -> driverLock.spinUnlockIrqrestore(flags, FN_DRV, f.seqno);
            case "plain" -> driverLock.spinUnlock(FN_DRV, f.seqno);
            case "irq" -> driverLock.spinUnlockIrq(FN_DRV, f.seqno);
            default -> {
            }
        }
        return !passed;
    }

    /** The interrupt handler: hard-IRQ context. Decides the next fence after its step (the spec's atomicity). */
    private void interruptHandler() {
        boolean locked = !cfg.noDriverLock();
        if (locked) {
            driverLock.spinLock(FN_IRQ, Step.NO_FENCE);
        }
        long cur = 1;
        for (;;) {
            Fence next = nextPassedUnsignaled(cur);
            if (next == null) {
                machine.step(Action.IRQ_NEXT_FENCE, FN_IRQ, "no more passed fences", Step.NO_FENCE);
                break;
            }
            machine.step(Action.IRQ_NEXT_FENCE, FN_IRQ, "dma_fence_signal()", next.seqno);
            cur = next.seqno + 1;
            lockAndSignal(next);
        }
        if (locked) {
            driverLock.spinUnlock(FN_IRQ, Step.NO_FENCE);
        }
    }

    private Fence nextPassedUnsignaled(long cur) {
        long hw = hwSeqno.get();
        for (Fence f : fences) {
            if (f.seqno >= cur && f.seqno <= hw && !f.test(SIGNALED)) {
                return f;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // the kernel calls
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public int add(int fi, String name) {
        Fence f = fence(fi);
        Cb cb = cbs.get(name);
        machine.step(Action.CALL, FN_ADD, "call", name, f.seqno);
        machine.step(Action.ADD_FAST_PATH, FN_ADD, "test_bit(SIGNALED)", f.seqno);
        if (f.test(SIGNALED)) {
            return -Errno.ENOENT;
        }
        if (!legacy()) {
            enableSignaling(f);
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_ADD, f.seqno);
        boolean ok = legacy() ? enableSignaling(f) : !f.test(SIGNALED);
        machine.step(Action.ADD_INSERT, FN_ADD, ok ? "list_add_tail(cb_list)" : "-ENOENT", name, f.seqno);
        if (ok) {
            List<Object> l = new ArrayList<>(f.cbList);
            l.add(cb);
            f.cbList = List.copyOf(l);
        }
        fenceLock.spinUnlockIrqrestore(flags, FN_ADD, f.seqno);
        return ok ? 0 : -Errno.ENOENT;
    }

    @Override
    public boolean remove(int fi, String name) {
        Fence f = fence(fi);
        Cb cb = cbs.get(name);
        machine.step(Action.CALL, "dma_fence_remove_callback", "call", name, f.seqno);
        boolean flags = fenceLock.spinLockIrqsave("dma_fence_remove_callback", f.seqno);
        boolean linked = f.cbList.contains(cb);
        machine.step(Action.REMOVE_DEL, "dma_fence_remove_callback", linked ? "list_del_init()" : "not linked", name,
                f.seqno);
        if (linked) {
            List<Object> l = new ArrayList<>(f.cbList);
            l.remove(cb);
            f.cbList = List.copyOf(l);
        }
        fenceLock.spinUnlockIrqrestore(flags, "dma_fence_remove_callback", f.seqno);
        return linked;
    }

    @Override
    public void enable(int fi) {
        Fence f = fence(fi);
        machine.step(Action.CALL, "dma_fence_enable_sw_signaling", "call", f.seqno);
        enableSwSignalingImpl(f);
    }

    @Override
    public boolean isSignaled(int fi) {
        Fence f = fence(fi);
        machine.step(Action.CALL, "dma_fence_is_signaled", "call", f.seqno);
        machine.step(Action.IS_SIGNALED, "dma_fence_is_signaled",
                cfg.signaledOp() ? "test_bit(SIGNALED); ops->signaled()" : "test_bit(SIGNALED)", f.seqno);
        if (f.test(SIGNALED)) {
            return true;
        }
        if (cfg.signaledOp() && hwSeqno.get() >= f.seqno) {
            lockAndSignal(f);
            return true;
        }
        return false;
    }

    @Override
    public int status(int fi) {
        Fence f = fence(fi);
        String fn = "dma_fence_get_status";
        machine.step(Action.CALL, fn, "call", f.seqno);
        boolean flags = fenceLock.spinLockIrqsave(fn, f.seqno);
        boolean asks = cfg.signaledOp() && !f.test(SIGNALED);
        machine.step(Action.GET_STATUS_READ, fn,
                asks ? "dma_fence_is_signaled_locked(): ops->signaled()" : "dma_fence_is_signaled_locked()", f.seqno);
        int status = 0;
        if (f.test(SIGNALED)) {
            status = f.error != 0 ? f.error : 1;
        } else if (cfg.signaledOp()) {
            machine.lockdep().driverOpEntered(Cpu.current(), "signaled", fenceLock, fn);
            if (hwSeqno.get() >= f.seqno) {
                signalLocked(f);
                status = f.error != 0 ? f.error : 1;
            }
        }
        fenceLock.spinUnlockIrqrestore(flags, fn, f.seqno);
        return status;
    }

    @Override
    public void errorPath(int fi) {
        Fence f = fence(fi);
        String fn = "drv_error_path";
        machine.step(Action.CALL, fn, "call", f.seqno);
        if (mutation == Mutation.SETERR_UNLOCKED) {
            machine.step(Action.SET_ERROR, "dma_fence_set_error", "fence->error = -EIO", f.seqno);
            f.error = -Errno.EIO;
            lockAndSignal(f);
            return;
        }
        boolean flags = fenceLock.spinLockIrqsave(fn, f.seqno);
        if (f.test(SIGNALED)) {
            machine.step(Action.SET_ERROR, "dma_fence_set_error", "already signaled: leave error", f.seqno);
        } else {
            machine.step(Action.SET_ERROR, "dma_fence_set_error", "fence->error = -EIO", f.seqno);
            f.error = -Errno.EIO;
            signalLocked(f);
        }
        fenceLock.spinUnlockIrqrestore(flags, fn, f.seqno);
    }

    @Override
    public long waitTimeout(int fi, boolean intr) {
        Fence f = fence(fi);
        Sched.mightSleep("dma_fence_wait_timeout");
        machine.step(Action.CALL, "dma_fence_wait_timeout", "call", f.seqno);
        enableSwSignalingImpl(f);
        long ret = Sched.MAX_SCHEDULE_TIMEOUT;
        machine.step(Action.WAIT_FAST_PATH, FN_WAIT, "test_bit(SIGNALED)", f.seqno);
        if (f.test(SIGNALED)) {
            return ret;
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_WAIT, f.seqno);
        boolean signaled = f.test(SIGNALED);
        machine.step(Action.WAIT_ADD_WAITER, FN_WAIT,
                signaled ? "test_bit(SIGNALED)" : "list_add(waiter cb); set_current_state()", f.seqno);
        if (!signaled) {
            Waiter w = new Waiter();
            synchronized (waiters) {
                waiters.put(Cpu.current().id(), w);
            }
            List<Object> l = new ArrayList<>();
            l.add(w);
            l.addAll(f.cbList);
            f.cbList = List.copyOf(l);
            while (!f.test(SIGNALED) && ret > 0) {
                fenceLock.spinUnlockIrqrestore(flags, FN_WAIT, f.seqno);
                ret = Sched.scheduleTimeout(ret, intr);
                machine.step(Action.WAIT_SCHEDULE, FN_WAIT,
                        w.woken ? "schedule_timeout(): woken" : "schedule_timeout(): timed out", f.seqno);
                flags = fenceLock.spinLockIrqsave(FN_WAIT, f.seqno);
                if (ret > 0 && intr && Sched.signalPending()) {
                    ret = -Errno.ERESTARTSYS;
                }
                boolean leave = f.test(SIGNALED) || ret <= 0;
                machine.step(Action.WAIT_CHECK, FN_WAIT, leave ? "list_del(waiter cb)" : "set_current_state()",
                        f.seqno);
                w.woken = false;
            }
            List<Object> l2 = new ArrayList<>(f.cbList);
            l2.remove(w);
            f.cbList = List.copyOf(l2);
        }
        fenceLock.spinUnlockIrqrestore(flags, FN_WAIT, f.seqno);
        return ret;
    }

    @Override
    public int signal(int fi) {
        return lockAndSignal(fence(fi));
    }

    @Override
    public void put(int fi) {
        // not modelled by the copy (only the sequential tests use it, on the real implementation)
    }

    @Override
    public void hwComplete() {
        long s = hwSeqno.get() + 1;
        machine.hardwareStep(Action.HW_COMPLETE, "hardware", "seqno passes", s);
        hwSeqno.set(s);
        // the line goes to the scheduler (see ImplSut.PARKING_CPU): nothing is raised here
    }

    @Override
    public Irq irq() {
        return irq;
    }

    @Override
    public SpinLock fenceLock() {
        return fenceLock;
    }

    @Override
    public SpinLock driverLock() {
        return driverLock;
    }

    @Override
    public int flags(int f) {
        return fence(f).flags.get();
    }

    @Override
    public List<String> cbIds(int fi, Function<Thread, Integer> cpuOfThread) {
        List<String> out = new ArrayList<>();
        for (Object cb : fence(fi).cbList) {
            if (cb instanceof Cb c) {
                out.add(c.name);
            } else {
                Integer cpu = cpuOfThread.apply(((Waiter) cb).task);
                out.add(SpecConfig.cpuName(cpu == null ? -1 : cpu));
            }
        }
        return out;
    }

    @Override
    public boolean waiterWoken(int cpu, Function<Thread, Integer> cpuOfThread) {
        synchronized (waiters) {
            Waiter w = waiters.get(cpu);
            return w != null && w.woken;
        }
    }

    @Override
    public int error(int f) {
        return fence(f).error;
    }

    @Override
    public long timestamp(int f) {
        Fence x = fence(f);
        return x.test(TIMESTAMP) ? x.timestamp : 0;
    }

    @Override
    public long hwSeqno() {
        return hwSeqno.get();
    }

    @Override
    public boolean irqArmed() {
        return irqArmed;
    }

    @Override
    public CallbackLog log() {
        return log;
    }
}
