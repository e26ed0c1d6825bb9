package org.fencecheck.lincheck;

import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Machine;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

public class CtorExpTest {
    static final int MODE = Integer.getInteger("exp.mode", 0);
    final java.util.concurrent.atomic.AtomicInteger c = new java.util.concurrent.atomic.AtomicInteger();
    Object keep;
    public CtorExpTest() {
        if (MODE >= 1) { Machine m = new Machine(); keep = m; if (MODE >= 2) { DriverTimeline tl = new DriverTimeline(m, LockingPolicy.LEGACY, DriverLocking.NONE, true); keep = tl.emit(); if (MODE >= 3) { m.cpu(0); m.cpu(1); m.cpu(2);} } }
    }
    @Operation public int inc() { return c.incrementAndGet(); }
    @Operation public int get() { return c.get(); }
    @Test void mc() {
      for (int rep = 0; rep < 2; rep++) {
        long t0 = System.nanoTime();
        new ModelCheckingOptions().iterations(1).invocationsPerIteration(200).threads(2).actorsPerThread(2).check(getClass());
        System.out.println("MODE " + MODE + " MC ms " + (System.nanoTime() - t0) / 1_000_000);
      }
    }
}
