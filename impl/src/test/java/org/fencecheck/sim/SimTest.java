package org.fencecheck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.junit.jupiter.api.Test;

/** The simulated CPUs, spinlocks and interrupts. */
class SimTest {

    private static final long NF = Step.NO_FENCE;

    @Test
    void recursiveAcquisitionIsSelfDeadlockNamingBothSites() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("fence", "fence->lock");
        SelfDeadlockException e = assertThrows(SelfDeadlockException.class, () -> m.cpu(0).run(() -> {
            l.spinLockIrqsave("first_site", NF);
            l.spinLockIrqsave("second_site", NF);
        }));
        WaitEdge edge = e.edge();
        assertEquals(0, edge.cpu());
        assertEquals("fence->lock", edge.lockName());
        assertEquals("second_site", edge.site());
        assertEquals("first_site", edge.ownerSite());
        assertEquals(CpuContext.PROC, edge.context());
        assertEquals(CpuContext.PROC, edge.ownerContext());
        assertTrue(e.getMessage().contains("cpu0"), e.getMessage());
    }

    @Test
    void interruptSpinningOnLockOfInterruptedContextIsSelfDeadlock() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        Cpu cpu = m.cpu(0);
        SelfDeadlockException e = assertThrows(SelfDeadlockException.class, () -> cpu.run(() -> {
            l.spinLock("process_path", NF);
            cpu.raiseIrq(new Irq("handler", () -> l.spinLock("handler", NF)));
            l.spinUnlock("process_path", NF);
        }));
        assertEquals(CpuContext.IRQ, e.edge().context());
        assertEquals(CpuContext.PROC, e.edge().ownerContext());
        assertEquals("handler", e.edge().site());
        assertEquals("process_path", e.edge().ownerSite());
        assertTrue(l.isLocked(), "a locked-up CPU keeps its locks");
        assertInstanceOf(SelfDeadlockException.class, cpu.deadOf());
    }

    @Test
    void irqsaveDefersTheInterruptUntilRestoreAndRunsItNestedWithIrqsOff() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("fence", "fence->lock");
        Cpu cpu = m.cpu(0);
        List<String> seen = new ArrayList<>();
        cpu.run(() -> {
            boolean flags = l.spinLockIrqsave("site", NF);
            cpu.raiseIrq(new Irq("h", () -> seen.add(cpu.context() + " irqs=" + cpu.irqsEnabled())));
            Cpu.irqPoint();
            seen.add("still locked");
            l.spinUnlockIrqrestore(flags, "site", NF);
            seen.add("after restore");
        });
        assertEquals(List.of("still locked", "irq irqs=false", "after restore"), seen);
    }

    @Test
    void anUnobservedMachineRefusesListenersAndInterrupts() {
        Machine m = Machine.unobserved("bench");
        assertThrows(IllegalStateException.class, () -> m.setStepListener(step -> { }));
        assertThrows(IllegalStateException.class, () -> m.cpu(0).raiseIrq(new Irq("h", () -> { })));
        m.cpu(0).run(() -> m.step(Action.CALL, "dma_fence_is_signaled", "call", 1)); // a no-op, no CPU lookup
    }

    @Test
    void spinUnlockIrqEnablesIrqsUnconditionally() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            cpu.localIrqDisable();
            l.spinLockIrq("site", NF);
            assertFalse(cpu.irqsEnabled());
            l.spinUnlockIrq("site", NF);
            assertTrue(cpu.irqsEnabled());
        });
    }

    @Test
    void irqsaveDroppedWithPlainUnlockIsReportedWhenTheCallReturns() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("fence", "fence->lock");
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            l.spinLockIrqsave("dma_fence_signal", NF);
            l.spinUnlockIrqrestore(true, "dma_fence_signal", NF);
        });
        assertEquals(List.of(), m.lockdep().reports(ReportKind.IRQ_STATE_NOT_RESTORED), "a paired irqsave");
        cpu.run(() -> {
            l.spinLockIrqsave("dma_fence_signal", NF);
            l.spinUnlock("dma_fence_signal", NF);
        });
        List<LockdepReport> r = m.lockdep().reports(ReportKind.IRQ_STATE_NOT_RESTORED);
        assertEquals(1, r.size(), r.toString());
        assertTrue(r.get(0).detail().contains("returned to process context with IRQs disabled"), r.toString());
    }

    @Test
    void abbaBetweenTwoCpusThrowsOnBothNamingCpusLocksAndSites() throws Exception {
        Machine m = new Machine();
        SpinLock a = m.newSpinLock("A", "a");
        SpinLock b = m.newSpinLock("B", "b");
        CountDownLatch bothHold = new CountDownLatch(2);
        try (CpuExecutor c0 = new CpuExecutor(m.cpu(0)); CpuExecutor c1 = new CpuExecutor(m.cpu(1))) {
            Future<?> f0 = c0.run(() -> {
                a.spinLock("cpu0_takes_a", NF);
                bothHold.countDown();
                await(bothHold);
                b.spinLock("cpu0_takes_b", NF);
            });
            Future<?> f1 = c1.run(() -> {
                b.spinLock("cpu1_takes_b", NF);
                bothHold.countDown();
                await(bothHold);
                a.spinLock("cpu1_takes_a", NF);
            });
            for (Future<?> f : List.of(f0, f1)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                DeadlockException d = assertInstanceOf(DeadlockException.class, e.getCause());
                assertEquals(2, d.edges().size());
                String msg = d.getMessage();
                for (String s : List.of("cpu0", "cpu1", "cpu0_takes_b", "cpu1_takes_a", "cpu0_takes_a",
                        "cpu1_takes_b")) {
                    assertTrue(msg.contains(s), s + " in " + msg);
                }
            }
        }
    }

    @Test
    void spinnerOnALockOfADeadCpuGetsASoftLockupNotAHang() throws Exception {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("L", "l");
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> {
            l.spinLock("oops_site", NF);
            throw new IllegalStateException("oops");
        }));
        SoftLockupException e = assertThrows(SoftLockupException.class,
                () -> m.cpu(1).run(() -> l.spinLock("spinner", NF)));
        assertEquals("oops_site", e.edges().get(0).ownerSite());
    }

    @Test
    void watchdogEndsAnEndlessSpin() throws Exception {
        Machine m = new Machine();
        m.setSpinWatchdog(Duration.ofMillis(100));
        SpinLock l = m.newSpinLock("L", "l");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        try (CpuExecutor c0 = new CpuExecutor(m.cpu(0))) {
            Future<?> holder = c0.run(() -> {
                l.spinLock("holder", NF);
                held.countDown();
                await(release);
                l.spinUnlock("holder", NF);
            });
            held.await();
            SoftLockupException e = assertThrows(SoftLockupException.class,
                    () -> m.cpu(1).run(() -> l.spinLock("spinner", NF)));
            assertTrue(e.getMessage().contains("watchdog"));
            release.countDown();
            holder.get();
        }
    }

    @Test
    void contendedSpinParksAndTakesInterruptsWhileSpinningWithIrqsOn() throws Exception {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("L", "l");
        Cpu cpu1 = m.cpu(1);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean handled = new AtomicBoolean();
        try (CpuExecutor c0 = new CpuExecutor(m.cpu(0)); CpuExecutor c1 = new CpuExecutor(cpu1)) {
            Future<?> holder = c0.run(() -> {
                l.spinLock("holder", NF);
                held.countDown();
                await(release);
                l.spinUnlock("holder", NF);
            });
            held.await();
            Thread[] spinner = new Thread[1];
            Future<?> spin = c1.run(() -> {
                spinner[0] = Thread.currentThread();
                l.spinLock("spinner", NF);
                l.spinUnlock("spinner", NF);
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (spinner[0] == null || spinner[0].getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < end, "spinner never parked");
                Thread.sleep(1);
            }
            cpu1.raiseIrq(new Irq("h", () -> handled.set(true)));
            while (!handled.get()) {
                assertTrue(System.nanoTime() < end, "interrupt not taken while spinning");
                Thread.sleep(1);
            }
            assertFalse(spin.isDone());
            release.countDown();
            holder.get();
            spin.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void stepListenerSeesEveryLockStepWithTheCSpelling() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("fence", "fence->lock");
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(3).run(() -> {
            boolean f = l.spinLockIrqsave("dma_fence_signal", 7);
            l.spinUnlockIrqrestore(f, "dma_fence_signal", 7);
        });
        assertEquals(List.of(
                new Step(Action.LOCK_ACQUIRE, 3, CpuContext.PROC, "dma_fence_signal", "spin_lock_irqsave(fence->lock)", 7),
                new Step(Action.LOCK_RELEASE, 3, CpuContext.PROC, "dma_fence_signal",
                        "spin_unlock_irqrestore(fence->lock)", 7)), s.trace());
    }

    @Test
    void sleepingInAtomicContextIsABug() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("L", "l");
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> {
            l.spinLock("site", NF);
            Sched.scheduleTimeout(1, false);
        }));
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
