package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

public class CounterExpTest {
    final java.util.concurrent.atomic.AtomicInteger c = new java.util.concurrent.atomic.AtomicInteger();
    @Operation public int inc() { return c.incrementAndGet(); }
    @Operation public int get() { return c.get(); }
    @Test void mc() {
      for (int rep = 0; rep < 2; rep++) {
        long t0 = System.nanoTime();
        long c0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        new ModelCheckingOptions().iterations(1).invocationsPerIteration(200).threads(2).actorsPerThread(2).check(getClass());
        System.out.println("MC ms " + (System.nanoTime() - t0) / 1_000_000 + " cpu ms " + (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - c0) / 1_000_000);
      }
    }
}
