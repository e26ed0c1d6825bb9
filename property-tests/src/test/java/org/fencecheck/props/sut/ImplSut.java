package org.fencecheck.props.sut;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceFlags;
import org.fencecheck.fence.FenceState;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.fencecheck.sim.SpinLock;

/**
 * The real implementation: a {@link DriverTimeline} of the configured policy and driver behaviour, its fences
 * 1..numFences, and one instrumented {@link FenceCallback} per spec callback.
 *
 * <p>The completion interrupt is routed to a CPU that never runs ({@link #PARKING_CPU}); the scheduler plays
 * the interrupt controller and raises the line on the CPU it chooses, as the spec's {@code IrqEnter(c)} lets any
 * CPU with IRQs on take it. Waiters ({@code DefaultWaiter}, package-private in impl) are identified by reading
 * their {@code task} and {@code woken} fields reflectively; nothing else is reflective.
 */
public final class ImplSut implements Sut {

    /** The CPU id the timeline raises its interrupt on; never bound to a thread. */
    public static final int PARKING_CPU = 63;

    private static final Field WAITER_TASK;
    private static final Field WAITER_WOKEN;

    static {
        try {
            Class<?> w = Class.forName("org.fencecheck.fence.DefaultWaiter");
            WAITER_TASK = w.getDeclaredField("task");
            WAITER_WOKEN = w.getDeclaredField("woken");
            WAITER_TASK.setAccessible(true);
            WAITER_WOKEN.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SpecConfig cfg;
    private final Machine machine;
    private final DriverTimeline tl;
    private final List<DmaFence> fences = new ArrayList<>();
    private final Map<String, FenceCallback> cbs = new HashMap<>();
    private final CallbackLog log = new CallbackLog();
    /** The last waiter object seen per CPU (scheduler thread only). */
    private final Map<Integer, Object> waiters = new HashMap<>();

    public ImplSut(SpecConfig cfg) {
        if (!cfg.mutation().equals("none")) {
            throw new IllegalArgumentException("the real implementation has no mutation " + cfg.mutation());
        }
        this.cfg = cfg;
        this.machine = new Machine("impl " + cfg.label());
        this.tl = new DriverTimeline(machine, cfg.policy(), cfg.locking(), cfg.signaledOp());
        tl.setIrqCpu(machine.cpu(PARKING_CPU));
        for (int i = 1; i <= cfg.numFences(); i++) {
            fences.add(tl.emit());
        }
        for (String name : cfg.cbs()) {
            cbs.put(name, FenceCallback.named(name, f -> log.ran(name, f.seqno(), f.testSignaledFlag())));
        }
    }

    private DmaFence fence(int f) {
        return fences.get(f - 1);
    }

    public DriverTimeline timeline() {
        return tl;
    }

    @Override
    public SpecConfig cfg() {
        return cfg;
    }

    @Override
    public Machine machine() {
        return machine;
    }

    @Override
    public int add(int f, String cb) {
        return fence(f).addCallback(cbs.get(cb));
    }

    @Override
    public boolean remove(int f, String cb) {
        return fence(f).removeCallback(cbs.get(cb));
    }

    @Override
    public void enable(int f) {
        fence(f).enableSwSignaling();
    }

    @Override
    public boolean isSignaled(int f) {
        return fence(f).isSignaled();
    }

    @Override
    public int status(int f) {
        return fence(f).getStatus();
    }

    @Override
    public void errorPath(int f) {
        tl.errorPath(fence(f), -Errno.EIO);
    }

    @Override
    public long waitTimeout(int f, boolean intr) {
        return fence(f).waitTimeout(intr, Sched.MAX_SCHEDULE_TIMEOUT);
    }

    @Override
    public int signal(int f) {
        return fence(f).signal();
    }

    @Override
    public void put(int f) {
        fence(f).put();
    }

    @Override
    public void hwComplete() {
        tl.hwComplete();
    }

    @Override
    public Irq irq() {
        return tl.irq();
    }

    @Override
    public SpinLock fenceLock() {
        return tl.fenceLock();
    }

    @Override
    public SpinLock driverLock() {
        return tl.driverLock();
    }

    @Override
    public int flags(int f) {
        return fence(f).flags();
    }

    @Override
    public List<String> cbIds(int f, Function<Thread, Integer> cpuOfThread) {
        FenceState st = fence(f).state();
        List<String> out = new ArrayList<>();
        for (FenceCallback cb : st.callbacks()) {
            Integer cpu = waiterCpu(cb, cpuOfThread);
            if (cpu != null) {
                waiters.put(cpu, cb);
                out.add(SpecConfig.cpuName(cpu));
            } else {
                out.add(cb.name());
            }
        }
        return out;
    }

    private static Integer waiterCpu(Object cb, Function<Thread, Integer> cpuOfThread) {
        if (cb.getClass() != WAITER_TASK.getDeclaringClass()) {
            return null;
        }
        try {
            Integer cpu = cpuOfThread.apply((Thread) WAITER_TASK.get(cb));
            return cpu == null ? -1 : cpu;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean waiterWoken(int cpu, Function<Thread, Integer> cpuOfThread) {
        Object w = waiters.get(cpu);
        try {
            return w != null && WAITER_WOKEN.getBoolean(w);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets CPU {@code cpu}'s waiter (its wait returned). */
    public void forgetWaiter(int cpu) {
        waiters.remove(cpu);
    }

    @Override
    public int error(int f) {
        return fence(f).error();
    }

    @Override
    public long timestamp(int f) {
        return fence(f).state().timestamp();
    }

    @Override
    public long hwSeqno() {
        return tl.hwSeqno();
    }

    @Override
    public boolean irqArmed() {
        return tl.irqArmed();
    }

    @Override
    public CallbackLog log() {
        return log;
    }

    /** The implementation's flag word as the spec's flag set bits ({@link org.fencecheck.props.model.SpecState}). */
    public static int specFlags(int implFlags) {
        int w = 0;
        if (FenceFlags.test(implFlags, FenceFlags.SIGNALED_BIT)) {
            w |= org.fencecheck.props.model.SpecState.SIGNALED;
        }
        if (FenceFlags.test(implFlags, FenceFlags.TIMESTAMP_BIT)) {
            w |= org.fencecheck.props.model.SpecState.TIMESTAMP;
        }
        if (FenceFlags.test(implFlags, FenceFlags.ENABLE_SIGNAL_BIT)) {
            w |= org.fencecheck.props.model.SpecState.ENABLE_SIGNAL;
        }
        return w;
    }
}
