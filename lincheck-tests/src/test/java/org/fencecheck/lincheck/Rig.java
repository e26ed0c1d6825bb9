package org.fencecheck.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * The world of one Lincheck invocation: a fresh {@link Machine}, the fences of one context, the user callbacks,
 * and the bookkeeping that turns callback effects into operation results and checks the invariants.
 *
 * <p>CPUs: each Lincheck thread runs its operations as its own simulated CPU of this machine (bound per call with
 * {@link Cpu#call}, so a thread never keeps a CPU of an earlier invocation). A thread gets CPU 0, 1, 2, ... in the
 * order the threads first call in.
 *
 * <p>Callbacks: callback {@code i} of fence {@code f} is one {@link FenceCallback} object for the whole invocation
 * (so that remove finds what add linked). When it runs it counts its run, notes whether SIGNALED was set, and
 * appends its name to the running CPU's buffer; {@link #call} returns the operation's value followed by
 * {@code ran[...]} with the callbacks that ran during that operation, in order. A lost callback, a doubled one,
 * or one run by the wrong call therefore changes some operation's result, which the sequential specification
 * ({@link FenceSpec}) predicts exactly.
 *
 * <p>The spec's {@code Call} action lets each callback be added at most once ({@code cbFence[cb] = 0}); the rig
 * enforces that precondition itself: the first {@code addCallback(i)} claims callback {@code i}, any later one
 * returns {@code "reused"} without calling the fence, and the specification does the same.
 */
final class Rig {

    static final int MAX_CBS = 4;
    private static final int MAX_CPUS = 8;
    private static final int SETUP_CPU = MAX_CPUS + 1;
    /** The CPU the completion interrupt is routed to; {@link #irq()} runs it. */
    static final int IRQ_CPU = MAX_CPUS;

    final FenceConfig config;
    final Machine machine;
    final DmaFence[] fences;
    private final DriverTimeline timeline;
    private final List<SpinLock> locks = new ArrayList<>();
    private final FenceCallback[][] callbacks;
    private final AtomicIntegerArray claimed;
    private final AtomicIntegerArray runs;
    private final AtomicIntegerArray driverEntries;
    /** Per fence, the signallers that won SIGNALED and wrote the timestamp (the spec's tsWrites). */
    private final AtomicIntegerArray winners;
    private final AtomicIntegerArray addedOk;
    private final AtomicIntegerArray removedOk;
    /** Per callback, the remove calls started on it (a second remover may rightly be told false). */
    private final AtomicIntegerArray removers;
    private final Cpu irqCpu;
    private final StringBuilder irqRan = new StringBuilder();
    private final List<Integer> irqOrder = new ArrayList<>();
    private final AtomicInteger hwBudget = new AtomicInteger();
    private final Object hardware = new Object();
    private volatile String violation;

    private final StringBuilder[] ranBy = new StringBuilder[MAX_CPUS];
    private final AtomicInteger nextCpu = new AtomicInteger();
    private final ThreadLocal<Cpu> cpu;

    Rig(FenceConfig config) {
        this.config = config;
        this.machine = new Machine("lincheck");
        // The validator is not what Lincheck checks; off, it costs one volatile read per lock operation.
        machine.lockdep().setEnabled(false);
        this.cpu = ThreadLocal.withInitial(() -> machine.cpu(nextCpu.getAndIncrement()));
        for (int i = 0; i < MAX_CPUS; i++) {
            ranBy[i] = new StringBuilder();
        }
        int n = config.fences();
        this.fences = new DmaFence[n];
        this.claimed = new AtomicIntegerArray(n * MAX_CBS);
        this.runs = new AtomicIntegerArray(n * MAX_CBS);
        this.driverEntries = new AtomicIntegerArray(n);
        this.winners = new AtomicIntegerArray(n);
        this.addedOk = new AtomicIntegerArray(n * MAX_CBS);
        this.removedOk = new AtomicIntegerArray(n * MAX_CBS);
        this.removers = new AtomicIntegerArray(n * MAX_CBS);
        this.irqCpu = machine.cpu(IRQ_CPU);
        this.callbacks = new FenceCallback[n][MAX_CBS];
        for (int f = 0; f < n; f++) {
            for (int i = 1; i < MAX_CBS; i++) {
                int fence = f;
                int id = i;
                callbacks[f][i] = FenceCallback.named(cbName(f + 1, i, n), x -> ran(fence, id));
            }
        }
        timeline = new DriverTimeline(machine, config.policy(), config.driverLock(), config.signaledOp(),
                config.mutation());
        timeline.setIrqCpu(irqCpu);
        for (int f = 0; f < n; f++) {
            fences[f] = timeline.emit();
        }
        locks.add(timeline.fenceLock());
        locks.add(timeline.driverLock());
        machine.setStepListener(step -> {
            if (step.action() == Action.DRIVER_ENTER) {
                driverEntries.incrementAndGet((int) step.fence() - 1);
            } else if (step.action() == Action.SIGNAL_PLAIN_SET || step.action() == Action.SIGNAL_TEST_AND_SET
                    && !step.act().endsWith("already set")) {
                winners.incrementAndGet((int) step.fence() - 1);
            }
        });
        if (config.hw() == FenceConfig.Hw.PASSED) {
            // Before anything is armed: no interrupt is raised.
            machine.cpu(SETUP_CPU).run(() -> {
                for (int f = 0; f < n; f++) {
                    timeline.hwComplete();
                }
            });
        }
        hwBudget.set(config.hw() == FenceConfig.Hw.OP ? n : 0);
    }

    static String cbName(int fence, int id, int fences) {
        return (fences > 1 ? "f" + fence + "." : "") + "cb" + id;
    }

    /** Fence {@code f} (1-based, as the spec numbers fences by seqno). */
    DmaFence fence(int f) {
        return fences[f - 1];
    }

    /** The driver's error path on fence {@code f} (the spec's {@code SetError}): -EIO and signal, under the lock. */
    void errorPath(int f) {
        timeline.errorPath(fence(f), -Errno.EIO);
    }

    FenceCallback callback(int f, int id) {
        return callbacks[f - 1][id];
    }

    /** The spec's precondition: callback {@code id} of fence {@code f} is added at most once. */
    boolean claim(int f, int id) {
        return claimed.compareAndSet((f - 1) * MAX_CBS + id, 0, 1);
    }

    /**
     * dma_fence_is_signaled() of fence {@code f}, its answer checked where the caller gets it: true with SIGNALED
     * clear breaks IsSignaledTrueMeansSignaled (the caller would treat a fence nobody signalled as done).
     */
    boolean isSignaled(int f) {
        boolean r = fence(f).isSignaled();
        if (r && !fence(f).testSignaledFlag() && violation == null) {
            violation = "IsSignaledTrueMeansSignaled (dma_fence_is_signaled() returned true, yet SIGNALED is clear)";
        }
        return r;
    }

    /**
     * dma_fence_get_status() of fence {@code f}, its answer checked where the caller gets it: a non-zero status
     * is final (SIGNALED set, the error can no longer change), so it must be the fence's error, or 1 for none
     * (GetStatusMatchesFence).
     */
    int getStatus(int f) {
        int s = fence(f).getStatus();
        int err = fence(f).error();
        if (s != 0 && (!fence(f).testSignaledFlag() || s != (err != 0 ? err : 1)) && violation == null) {
            violation = "GetStatusMatchesFence (dma_fence_get_status() returned " + s + " for a fence with error "
                    + err + ")";
        }
        return s;
    }

    /** dma_fence_add_callback() of callback {@code id} (claimed first), noting whether it was linked. */
    String add(int f, int id) {
        return call(() -> {
            if (!claim(f, id)) {
                return "reused";
            }
            int ret = fence(f).addCallback(callback(f, id));
            if (ret == 0) {
                addedOk.set((f - 1) * MAX_CBS + id, 1);
            }
            return errno(ret);
        });
    }

    /**
     * dma_fence_remove_callback() of callback {@code id}, noting whether it unlinked it. A false answer for a
     * callback whose add had returned 0 before the remove began, that has not run and that no other remover
     * unlinked breaks RemoveFalseMeansRan: the caller may now free a callback the signaller is about to run. An add
     * that completes while the remove runs may link the callback after the remove looked: false is then "never
     * added" as far as the remove could see, which the contract allows.
     */
    String remove(int f, int id) {
        return call(() -> {
            int k = (f - 1) * MAX_CBS + id;
            removers.incrementAndGet(k);
            boolean addedBefore = addedOk.get(k) == 1;
            boolean linked = fence(f).removeCallback(callback(f, id));
            if (linked) {
                removedOk.set(k, 1);
            } else if (addedBefore && runs.get(k) == 0 && removers.get(k) == 1 && violation == null) {
                violation = "RemoveFalseMeansRan (dma_fence_remove_callback() returned false, yet the callback had"
                        + " not run): " + cbName(f, id, fences.length);
            }
            return Boolean.toString(linked);
        });
    }

    /**
     * Runs one operation on the calling thread's CPU and returns its value with the callbacks that ran in it.
     *
     * @param body the fence call, returning its value as a string
     * @return {@code value} or {@code value ran[cb1,cb2]}
     */
    String call(Supplier<String> body) {
        Cpu c = cpu.get();
        return c.call(() -> {
            StringBuilder ran = ranBy[c.id()];
            ran.setLength(0);
            String value = body.get();
            return ran.length() == 0 ? value : value + " ran[" + ran + "]";
        });
    }

    /** A callback's func: count, check SIGNALED, and record it for the running operation's result. */
    private void ran(int fence, int id) {
        runs.incrementAndGet(fence * MAX_CBS + id);
        if (!fences[fence].testSignaledFlag() && violation == null) {
            violation = "CallbackOnlyAfterSignaled: " + cbName(fence + 1, id, fences.length)
                    + " ran while SIGNALED was clear";
        }
        Cpu c = Cpu.current();
        StringBuilder ran = c.id() == IRQ_CPU ? irqRan : ranBy[c.id()];
        if (c.id() == IRQ_CPU) {
            irqOrder.add(fence + 1);
        }
        if (ran.length() > 0) {
            ran.append(',');
        }
        ran.append(cbName(fence + 1, id, fences.length));
    }

    /**
     * HwComplete: the hardware passes the next seqno ({@code DriverTimeline.hwComplete()}); if the driver armed
     * its interrupt, the interrupt is raised on the interrupt CPU and stays pending there until {@link #irq()}.
     * One device: the hardware and the interrupt are serialized, and it stops after the last fence (the spec's
     * {@code HwComplete} is enabled only while {@code hwSeqno < NumFences}).
     */
    String hwComplete() {
        return call(() -> {
            synchronized (hardware) {
                if (hwBudget.getAndDecrement() <= 0) {
                    return "idle";
                }
                timeline.hwComplete();
                return "hw=" + timeline.hwSeqno();
            }
        });
    }

    /**
     * IrqEnter .. IrqExit: the pending completion interrupt, if any, is taken by the interrupt CPU (process context,
     * IRQs on, running nothing else), whose handler signals every passed, unsignaled fence in seqno order.
     * Returns {@code ok} with the callbacks the handler ran. Whether an interrupt was pending is deliberately not
     * part of the result: the driver arms and then re-reads the hardware while the hardware advances and then
     * checks "armed", so both may see each other; the interrupt is then raised for a fence its enabler already
     * signaled, and the handler finds nothing to do. That spurious interrupt is correct and not an abstract state.
     */
    String irq() {
        synchronized (hardware) {
            if (!irqCpu.irqPending()) {
                return "ok";
            }
            return irqCpu.call(() -> {
                irqRan.setLength(0);
                Cpu.irqPoint();
                return irqRan.length() == 0 ? "ok" : "ok ran[" + irqRan + "]";
            });
        }
    }

    /**
     * The invariants after a scenario, each named after the spec property it states: CallbackOnlyAfterSignaled
     * (checked inside each callback), CallbackAtMostOnce, EnableSignalingAtMostOnce, TimestampOnlyAtSignal (one
     * SIGNALED winner per fence), CbListEmptyAfterSignal, NoRunAfterRemove (the kernel's promise of a true
     * dma_fence_remove_callback()), RemoveFalseMeansRan (of a false one, checked at its return), the safety part of CallbacksEventuallyRun (a signaled fence ran every callback
     * added and not removed, and no other), CallbacksInEmissionOrder (the handler), every
     * spinlock free, no CPU dead of a lockup.
     *
     * @throws IllegalStateException listing every violated property, "Name: detail; ..."
     */
    void checkInvariants() {
        List<String> v = new ArrayList<>();
        if (violation != null) {
            v.add(violation);
        }
        for (int f = 0; f < fences.length; f++) {
            boolean signaled = fences[f].testSignaledFlag();
            for (int i = 1; i < MAX_CBS; i++) {
                int k = f * MAX_CBS + i;
                String cb = cbName(f + 1, i, fences.length);
                if (runs.get(k) > 1) {
                    v.add("CallbackAtMostOnce: " + cb + " ran " + runs.get(k) + " times");
                }
                String state = cb + " ran " + runs.get(k) + " times, added=" + (addedOk.get(k) == 1) + " removed="
                        + (removedOk.get(k) == 1) + " signaled=" + signaled;
                if (removedOk.get(k) == 1 && runs.get(k) > 0) {
                    v.add("NoRunAfterRemove (dma_fence_remove_callback() returned true, yet the callback ran): "
                            + state);
                } else if (runs.get(k) != (addedOk.get(k) == 1 && removedOk.get(k) == 0 && signaled ? 1 : 0)) {
                    v.add("CallbacksEventuallyRun (at the end: a signaled fence has run every callback added and not"
                            + " removed, and no other): " + state);
                }
            }
            if (driverEntries.get(f) > 1) {
                v.add("EnableSignalingAtMostOnce: ->enable_signaling of fence " + (f + 1) + " entered "
                        + driverEntries.get(f) + " times");
            }
            if (winners.get(f) > 1) {
                v.add("TimestampOnlyAtSignal: fence " + (f + 1) + " won SIGNALED and wrote its timestamp "
                        + winners.get(f) + " times");
            }
            List<String> linked = fences[f].state().callbackNames();
            if (signaled && !linked.isEmpty()) {
                v.add("CbListEmptyAfterSignal: fence " + (f + 1) + " is signaled with " + linked + " linked");
            }
        }
        List<Integer> sorted = new ArrayList<>(irqOrder);
        sorted.sort(null);
        if (!sorted.equals(irqOrder)) {
            v.add("CallbacksInEmissionOrder (interrupt handler): it ran callbacks of fences " + irqOrder);
        }
        for (SpinLock l : locks) {
            if (l.isLocked()) {
                v.add("lock free after the scenario: " + l);
            }
        }
        for (int i = 0; i < nextCpu.get(); i++) {
            if (machine.cpu(i).deadOf() != null) {
                v.add("cpu" + i + " died: " + machine.cpu(i).deadOf().getMessage());
            }
        }
        if (irqCpu.deadOf() != null) {
            v.add("the interrupt cpu died: " + irqCpu.deadOf().getMessage());
        }
        if (!v.isEmpty()) {
            throw new IllegalStateException(String.join("; ", v));
        }
    }

    /** Spells an errno return, e.g. {@code -EINVAL}; 0 and other values as numbers. */
    static String errno(int ret) {
        return Errno.name(ret);
    }

    /** The timestamp as a result: the value a signalTimestamp() call gave, or "clock" for ktime_get(). */
    static String timestampValue(long ts) {
        return ts == 100 || ts == 200 ? Long.toString(ts) : "clock";
    }
}
