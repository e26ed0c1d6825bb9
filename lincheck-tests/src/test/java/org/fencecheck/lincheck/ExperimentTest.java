package org.fencecheck.lincheck;

import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

public class ExperimentTest {
    static volatile long timeout = 0;
    final Machine m = new Machine();
    final DriverTimeline tl = new DriverTimeline(m, LockingPolicy.LEGACY, DriverLocking.NONE, true);
    final DmaFence f = tl.emit();
    final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    final ThreadLocal<Cpu> cpu = ThreadLocal.withInitial(() -> m.cpu(next.getAndIncrement()));
    { if (Boolean.getBoolean("exp.nolockdep")) m.lockdep().setEnabled(false); }
    final FenceCallback cb = FenceCallback.named("cb", x -> { });

    @Operation public int signal() { return cpu.get().call(f::signal); }
    final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
    @Operation public int add() { if (claimed.getAndSet(true)) return 7; return cpu.get().call(() -> f.addCallback(cb)); }
    @Operation public boolean isSig() { return cpu.get().call(f::testSignaledFlag); }
    @Operation public long waitT() { return cpu.get().call(() -> f.waitTimeout(false, timeout) > 0 ? 1L : 0L); }

    public static class Spec {
        boolean sig; boolean added;
        public int signal() { if (sig) return -22; sig = true; return 0; }
        public int add() { if (added) return 7; added = true; if (sig) return -2; added = true; return 0; }
        public boolean isSig() { return sig; }
        public long waitT() { return sig ? 1 : 0; }
    }

    @Test void mc() {
        timeout = Long.getLong("exp.timeout", 0);
      for (int rep = 0; rep < 2; rep++) {
        long t0 = System.nanoTime();
        long c0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        ModelCheckingOptions o = new ModelCheckingOptions();
        if (Boolean.getBoolean("exp.nostd")) o.analyzeStdLib$lincheck(false);
        if (Boolean.getBoolean("exp.small")) o.actorsBefore(1).actorsAfter(1);
        if (Boolean.getBoolean("exp.guar")) {
            o.addGuarantee(org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses("org.fencecheck.lockdep.Lockdep").allMethods().ignore());
            o.addGuarantee(org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses("org.fencecheck.sim.Machine").methods("step", "lockdep").ignore());
            o.addGuarantee(org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses("org.fencecheck.sim.Cpu").methods("current", "pushHeld", "popHeld", "localIrqSave", "localIrqDisable", "context", "irqDepth", "irqsEnabled").ignore());
        }
        o.iterations(Integer.getInteger("exp.it", 1)).invocationsPerIteration(Integer.getInteger("exp.inv", 1)).threads(2).actorsPerThread(2)
            .sequentialSpecification(Spec.class).check(getClass());
        System.out.println("MC ms " + (System.nanoTime() - t0) / 1_000_000 + " cpu ms " + (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - c0) / 1_000_000);
      }
    }
}
