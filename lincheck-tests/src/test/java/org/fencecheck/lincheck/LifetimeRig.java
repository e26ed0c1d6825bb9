package org.fencecheck.lincheck;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.fencecheck.driver.DriverModule;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.lockdep.ModuleReport;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;

/**
 * The world of one lifetime invocation: a fresh {@link Machine}, a loaded {@link DriverModule} that emitted one
 * fence (the module holds its reference, the scenario another one, so the fence outlives the module), and two
 * user callbacks. Like {@link Rig}: each Lincheck thread runs as its own simulated CPU, and an operation's result
 * is its value followed by {@code ran[...]}, the callbacks it ran.
 */
final class LifetimeRig {

    static final int MAX_CBS = 3;
    private static final int MAX_CPUS = 8;

    final LifetimeConfig config;
    final Machine machine;
    final DriverModule module;
    final DmaFence fence;
    private final FenceCallback[] callbacks = new FenceCallback[MAX_CBS];
    private final AtomicIntegerArray claimed = new AtomicIntegerArray(MAX_CBS);
    private final AtomicIntegerArray added = new AtomicIntegerArray(MAX_CBS);
    private final AtomicIntegerArray runs = new AtomicIntegerArray(MAX_CBS);
    private final StringBuilder[] ranBy = new StringBuilder[MAX_CPUS];
    private final AtomicInteger nextCpu = new AtomicInteger();
    private final AtomicBoolean unloadClaimed = new AtomicBoolean();
    private final ThreadLocal<Cpu> cpu;

    LifetimeRig(LifetimeConfig config) {
        this.config = config;
        this.machine = new Machine("lincheck-lifetime");
        machine.lockdep().setEnabled(false);
        this.cpu = ThreadLocal.withInitial(() -> machine.cpu(nextCpu.getAndIncrement()));
        for (int i = 0; i < MAX_CPUS; i++) {
            ranBy[i] = new StringBuilder();
        }
        for (int i = 1; i < MAX_CBS; i++) {
            int id = i;
            callbacks[i] = FenceCallback.named("cb" + i, f -> ran(id));
        }
        this.module = new DriverModule(machine, "lifetime-drv", config.policy(), config.lifetime(), config.ops(),
                config.mutation());
        this.fence = machine.cpu(MAX_CPUS).call(() -> module.emit().get());
    }

    /** Runs one operation on the calling thread's CPU; the value, then the callbacks it ran. */
    String call(Supplier<String> body) {
        Cpu c = cpu.get();
        return c.call(() -> {
            StringBuilder ran = ranBy[c.id()];
            ran.setLength(0);
            String value = body.get();
            return ran.length() == 0 ? value : value + " ran[" + ran + "]";
        });
    }

    /** dma_fence_add_callback() of callback {@code id}, each at most once (else {@code reused}). */
    String add(int id) {
        return call(() -> {
            if (!claimed.compareAndSet(id, 0, 1)) {
                return "reused";
            }
            int ret = fence.addCallback(callbacks[id]);
            if (ret == 0) {
                added.set(id, 1);
            }
            return Rig.errno(ret);
        });
    }

    /**
     * The module's exit path. The first call unloads; a later one, like a second {@code rmmod} of a module being
     * removed, waits until the module is gone, so both return {@code unloaded} once it is.
     */
    String unload() {
        return call(() -> {
            if (unloadClaimed.compareAndSet(false, true)) {
                module.unload();
            } else {
                while (module.state() != DriverModule.State.UNLOADED) {
                    Thread.onSpinWait();
                }
            }
            return "unloaded";
        });
    }

    private void ran(int id) {
        runs.incrementAndGet(id);
        StringBuilder ran = ranBy[Cpu.current().id()];
        if (ran.length() > 0) {
            ran.append(',');
        }
        ran.append("cb").append(id);
    }

    /**
     * NoCodeAfterUnload and NoNullOpsCall (the module validator's reports), every added callback ran exactly once
     * once the fence is signaled and none ran otherwise, the fence lock free, no CPU dead.
     */
    void checkInvariants() {
        List<ModuleReport> reports = machine.moduleValidator().reports();
        for (ModuleReport r : reports) {
            throw new IllegalStateException((r.kind() == ModuleReport.Kind.NULL_OPS_CALL ? "NoNullOpsCall: "
                    : "NoCodeAfterUnload: ") + r);
        }
        boolean signaled = fence.testSignaledFlag();
        for (int i = 1; i < MAX_CBS; i++) {
            int expect = added.get(i) == 1 && signaled ? 1 : 0;
            if (runs.get(i) != expect) {
                throw new IllegalStateException("CallbackAtMostOnce/CallbacksEventuallyRun: cb" + i + " ran "
                        + runs.get(i) + " times, added=" + (added.get(i) == 1) + " signaled=" + signaled);
            }
        }
        for (int i = 0; i < nextCpu.get(); i++) {
            if (machine.cpu(i).deadOf() != null) {
                throw new IllegalStateException("cpu" + i + " died: " + machine.cpu(i).deadOf().getMessage());
            }
        }
    }
}
