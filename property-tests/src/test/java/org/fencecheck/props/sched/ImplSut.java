package org.fencecheck.props.sched;

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
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;

/**
 * The system under test: impl's {@link DriverTimeline} of the configured policy, driver behaviour (and
 * mutation), its fences 1..numFences, and one logging {@link FenceCallback} per spec callback.
 *
 * <p>The completion interrupt is routed to a CPU that never runs ({@link #PARKING_CPU}); the scheduler plays
 * the interrupt controller and raises the line on the CPU it chooses, as the spec's {@code IrqEnter(c)} lets any
 * CPU with IRQs on take it. Waiters ({@code DefaultWaiter}, package-private in impl) are recognised by reading
 * their {@code task} and {@code woken} fields reflectively (README: requested accessor).
 */
public final class ImplSut {

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

    final SpecConfig cfg;
    final Machine machine;
    final DriverTimeline tl;
    private final List<DmaFence> fences = new ArrayList<>();
    private final Map<String, FenceCallback> cbs = new HashMap<>();
    final CallbackLog log = new CallbackLog();
    /** The last waiter object seen per CPU (scheduler thread only). */
    private final Map<Integer, Object> waiters = new HashMap<>();

    public ImplSut(SpecConfig cfg) {
        this.cfg = cfg;
        this.machine = new Machine("impl " + cfg.label());
        this.tl = timeline(machine, cfg);
        tl.setIrqCpu(machine.cpu(PARKING_CPU));
        for (int i = 1; i <= cfg.numFences(); i++) {
            fences.add(tl.emit());
        }
        for (String name : cfg.cbs()) {
            cbs.put(name, FenceCallback.named(name, f -> log.ran(name, f.seqno(), f.testSignaledFlag())));
        }
    }

    /** impl's timeline for the configuration; a mutation is impl's own broken variant of that name. */
    static DriverTimeline timeline(Machine machine, SpecConfig cfg) {
        DriverTimeline tl = new DriverTimeline(machine, cfg.policy(), cfg.shape(), Mutation.ofSpecName(cfg.mutation()));
        if (cfg.shape().opSetsError()) {
            // The spec's DriverArm may fail or not (a free choice); the scheduler cannot choose, so an OpSetsError
            // driver's arming always fails here: every such run is still a behaviour of the spec, and the failing
            // branch is the one whose late dma_fence_set_error() ErrorOnlyBeforeSignal is about (amdkfd).
            tl.setArmFailure(seqno -> true);
        }
        return tl;
    }

    DmaFence fence(int f) {
        return fences.get(f - 1);
    }

    /** Runs kernel call {@code op} on the calling CPU; returns its result as text. */
    String invoke(Op op, boolean intr) {
        if (op.op().equals("reinit") && !cfg.mutation().equals("reinit")) {
            throw new Session.SkipOp(); // the spec's Call guard: only that variant makes the call
        }
        // The call runs from the configured caller context (spec Call), which ends after it (CallerExit).
        String[] result = new String[1];
        tl.callFrom(cfg.callerContext(), () -> result[0] = call(op, intr));
        return result[0];
    }

    /** Runs kernel call {@code op} on the calling CPU as it is, nested in an irq_work (no caller context). */
    String invokeNested(Op op) {
        return call(op, false);
    }

    private String call(Op op, boolean intr) {
        DmaFence f = fence(op.f());
        return switch (op.op()) {
            case "add" -> Integer.toString(f.addCallback(cbs.get(op.cb())));
            case "remove" -> Boolean.toString(f.removeCallback(cbs.get(op.cb())));
            case "enable" -> {
                f.enableSwSignaling();
                yield "void";
            }
            case "issig" -> Boolean.toString(f.isSignaled());
            case "status" -> Integer.toString(f.getStatus());
            case "seterr" -> {
                tl.errorPath(f, -Errno.EIO);
                yield "void";
            }
            case "reinit" -> {
                f.reinit();
                yield "void";
            }
            // with intr, a signal (a Java interrupt) ends the sleep: the tests' stand-in for a timeout (README)
            case "wait" -> Long.toString(f.waitTimeout(intr, Sched.MAX_SCHEDULE_TIMEOUT));
            default -> throw new IllegalArgumentException("no kernel call " + op.op());
        };
    }

    /** fence f's flag bits as the spec's set text. */
    String flagsTla(int f) {
        int w = fence(f).flags();
        List<String> out = new ArrayList<>();
        if (FenceFlags.test(w, FenceFlags.SIGNALED_BIT)) {
            out.add("\"SIGNALED\"");
        }
        if (FenceFlags.test(w, FenceFlags.ENABLE_SIGNAL_BIT)) {
            out.add("\"ENABLE_SIGNAL\"");
        }
        if (FenceFlags.test(w, FenceFlags.TIMESTAMP_BIT)) {
            out.add("\"TIMESTAMP\"");
        }
        return "{" + String.join(", ", out) + "}";
    }

    boolean signaled(int f) {
        return fence(f).testSignaledFlag();
    }

    boolean timestamped(int f) {
        return FenceFlags.test(fence(f).flags(), FenceFlags.TIMESTAMP_BIT);
    }

    /** fence f's {@code cb_list} as spec callback ids: user callbacks by name, a waiter by its CPU's name. */
    List<String> cbIds(int f, Function<Thread, Integer> cpuOfThread) {
        List<String> out = new ArrayList<>();
        for (FenceCallback cb : fence(f).state().callbacks()) {
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

    /** Whether CPU {@code cpu}'s current waiter callback has run (its task was woken); false if none. */
    boolean waiterWoken(int cpu) {
        Object w = waiters.get(cpu);
        try {
            return w != null && WAITER_WOKEN.getBoolean(w);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets CPU {@code cpu}'s waiter (its wait returned). */
    void forgetWaiter(int cpu) {
        waiters.remove(cpu);
    }

    long timestamp(int f) {
        return fence(f).state().timestamp();
    }
}
