package org.fencecheck.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A simulated CPU's binding to the thread that runs as it, its atomic-caller context, the entry and exit of its
 * interrupts as steps, and might_sleep()'s verdict in each context.
 */
class CpuTest {

    private static final long NF = Step.NO_FENCE;

    /** A thread bound with bind() runs as that CPU until unbind(); binding it to a second CPU meanwhile is refused. */
    @Test
    void bindRunsTheThreadAsTheCpuUntilUnbind() {
        Machine m = new Machine();
        Cpu cpu0 = m.cpu(0);
        Cpu cpu1 = m.cpu(1);
        cpu0.bind();
        try {
            assertSame(cpu0, Cpu.current());
            assertSame(cpu0, Cpu.currentOrNull());
            cpu0.bind();
            assertSame(cpu0, Cpu.current(), "binding the CPU the thread already runs as is a no-op");
            IllegalStateException twice = assertThrows(IllegalStateException.class, cpu1::bind);
            assertEquals("thread already runs as cpu0", twice.getMessage());
            IllegalStateException run = assertThrows(IllegalStateException.class, () -> cpu1.run(() -> { }));
            assertEquals("thread already runs as cpu0", run.getMessage());
        } finally {
            Cpu.unbind();
        }
        assertNull(Cpu.currentOrNull(), "unbind() leaves the thread bound to no CPU");
        cpu1.run(() -> assertSame(cpu1, Cpu.current()));
    }

    /**
     * A CPU that locked up (here: spin_lock() on a lock it holds) stays the CPU of its thread until its run ends,
     * and is dead after it: it cannot run again.
     */
    @Test
    void aCpuThatLockedUpStaysTheThreadsCpuAndCannotRunAgain() {
        Machine m = new Machine();
        Cpu cpu0 = m.cpu(0);
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        cpu0.run(() -> {
            l.spinLock("first", NF);
            assertThrows(SelfDeadlockException.class, () -> l.spinLock("second", NF));
            assertSame(cpu0, Cpu.current(), "the dead CPU is still the thread's");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu0.run(() -> { }));
        assertTrue(e.getMessage().startsWith("cpu0 is dead: "), e.getMessage());
    }

    /**
     * A thread that never bound a CPU runs on an automatic CPU of the shared machine; when that CPU locked up, the
     * thread's next Cpu.current() gets a fresh one.
     */
    @Test
    void aThreadWhoseAutomaticCpuLockedUpGetsAFreshOne() throws Exception {
        SpinLock l = Machine.shared().newSpinLock("driver", "auto->lock");
        List<Object> seen = new ArrayList<>();
        Thread t = new Thread(() -> {
            Cpu first = Cpu.current();
            l.spinLock("first", NF);
            try {
                l.spinLock("second", NF);
            } catch (SelfDeadlockException e) {
                seen.add(first.deadOf() != null);
            }
            Cpu second = Cpu.current();
            seen.add(second != first);
            seen.add(second.deadOf() == null);
        }, "auto");
        t.start();
        t.join(10_000);
        assertEquals(List.of(true, true, true), seen, "dead, replaced, the replacement alive");
    }

    /**
     * A CPU bound to a live thread cannot run on a second one at the same time (one CPU, one task). The second
     * thread is a fresh one: the test runner's own thread may run as an automatic CPU an earlier test left it.
     */
    @Test
    void aCpuBoundToALiveThreadRefusesASecondThread() throws Exception {
        Machine m = new Machine();
        Cpu cpu0 = m.cpu(0);
        CountDownLatch bound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            cpu0.bind();
            bound.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Cpu.unbind();
            }
        }, "owner");
        owner.start();
        List<Object> seen = new ArrayList<>();
        try {
            assertTrue(bound.await(10, TimeUnit.SECONDS));
            Thread second = new Thread(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu0.run(() -> { }));
                seen.add(e.getMessage());
                seen.add(String.valueOf(Cpu.currentOrNull()));
            }, "second");
            second.start();
            second.join(10_000);
        } finally {
            release.countDown();
            owner.join(10_000);
        }
        assertEquals(List.of("cpu0 already runs on thread owner", "null"), seen,
                "refused, and the refused thread stays unbound");
        Thread third = new Thread(() -> cpu0.run(() -> seen.add(Cpu.current() == cpu0)), "third");
        third.start();
        third.join(10_000);
        assertEquals(true, seen.get(seen.size() - 1), "once the owner unbound, cpu0 runs on another thread");
    }

    /** A thread that bound a CPU and ended without unbinding does not keep the CPU from running elsewhere. */
    @Test
    void aCpuWhoseThreadEndedCanBeBoundAgain() throws Exception {
        Machine m = new Machine();
        Cpu cpu0 = m.cpu(0);
        Thread gone = new Thread(cpu0::bind, "gone");
        gone.start();
        gone.join(10_000);
        assertEquals(7, (int) cpu0.call(() -> 7));
    }

    /** call() on the CPU the thread already runs as nests and returns the body's result. */
    @Test
    void aNestedCallOnTheSameCpuReturnsTheBodysResult() {
        Machine m = new Machine();
        Cpu cpu0 = m.cpu(0);
        assertEquals("inner", cpu0.call(() -> cpu0.call(() -> "inner")));
    }

    /** The spec's outer[c]: set by enterAtomicCaller, cleared by exitAtomicCaller, never entered twice. */
    @Test
    void theAtomicCallerIsTheContextEnteredUntilItsExit() {
        Machine m = new Machine();
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            assertNull(cpu.atomicCaller());
            cpu.enterAtomicCaller("irq_work");
            assertEquals("irq_work", cpu.atomicCaller());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cpu.enterAtomicCaller("callback"));
            assertEquals("cpu0 is already in atomic caller irq_work", e.getMessage());
            cpu.exitAtomicCaller();
            assertNull(cpu.atomicCaller());
        });
    }

    /**
     * lockdep_hardirqs_on_prepare() refuses local_irq_enable() inside an interrupt handler
     * ({@code DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context())}): reported as IRQs enabled in the atomic caller
     * "hardirq", at the site that enabled them. The same enable in process context outside any atomic caller is
     * ordinary and not reported.
     */
    @Test
    void enablingIrqsInHardIrqContextIsReported() {
        Machine m = new Machine();
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            cpu.localIrqSave();
            cpu.localIrqEnable("process_site");
            cpu.raiseIrq(new Irq("handler", () -> cpu.localIrqEnable("handler_site")));
            Cpu.irqPoint();
        });
        List<org.fencecheck.lockdep.LockdepReport> r =
                m.lockdep().reports(org.fencecheck.lockdep.ReportKind.IRQS_ENABLED_IN_ATOMIC_CALLER);
        assertEquals(1, r.size(), r.toString());
        assertEquals("hardirq", r.get(0).detail());
        assertEquals("handler_site", r.get(0).usages().get(0).site());
    }

    /**
     * An interrupt is two steps of its CPU: the entry ("<Interrupt>") and the return, both in hard-IRQ context;
     * its handler runs nested one level deep.
     */
    @Test
    void anInterruptIsAnnouncedAsIrqEnterAndIrqExitSteps() {
        Machine m = new Machine();
        Cpu cpu = m.cpu(0);
        List<Step> steps = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        m.setStepListener(steps::add);
        cpu.run(() -> {
            cpu.raiseIrq(new Irq("drv_irq_handler", () -> depth.add(cpu.irqDepth())));
            Cpu.irqPoint();
            depth.add(cpu.irqDepth());
        });
        m.setStepListener(StepListener.NONE);
        assertEquals(List.of(1, 0), depth, "the handler runs at interrupt depth 1, the interrupted code at 0");
        assertEquals(List.of(
                new Step(Action.IRQ_ENTER, 0, CpuContext.IRQ, "drv_irq_handler", "<Interrupt>", NF),
                new Step(Action.IRQ_EXIT, 0, CpuContext.IRQ, "drv_irq_handler", "return from interrupt", NF)), steps);
    }

    /** might_sleep() in process context with IRQs on and no lock held is fine. */
    @Test
    void mightSleepInProcessContextIsAllowed() {
        Machine m = new Machine();
        m.cpu(0).run(() -> assertDoesNotThrow(() -> Sched.mightSleep("msleep")));
    }

    /** might_sleep() with IRQs off is "BUG: sleeping function called from invalid context". */
    @Test
    void mightSleepWithIrqsOffIsABug() {
        Machine m = new Machine();
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            boolean flags = cpu.localIrqSave();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sched.mightSleep("msleep"));
            cpu.localIrqRestore(flags, "test");
            assertEquals("BUG: sleeping function called from invalid context at msleep: cpu0 in_irq=false"
                    + " irqs_disabled=true locks held=0", e.getMessage());
        });
    }

    /** might_sleep() under a spinlock (spin_lock() leaves IRQs on) is the same bug. */
    @Test
    void mightSleepUnderASpinlockIsABug() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        m.cpu(0).run(() -> {
            l.spinLock("site", NF);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sched.mightSleep("msleep"));
            l.spinUnlock("site", NF);
            assertEquals("BUG: sleeping function called from invalid context at msleep: cpu0 in_irq=false"
                    + " irqs_disabled=false locks held=1", e.getMessage());
        });
    }

    /** might_sleep() in an interrupt handler is the same bug. */
    @Test
    void mightSleepInHardIrqIsABug() {
        Machine m = new Machine();
        Cpu cpu = m.cpu(0);
        List<String> seen = new ArrayList<>();
        cpu.run(() -> {
            cpu.raiseIrq(new Irq("drv_irq_handler", () -> {
                try {
                    Sched.mightSleep("msleep");
                    seen.add("slept");
                } catch (IllegalStateException e) {
                    seen.add(e.getMessage());
                }
            }));
            Cpu.irqPoint();
        });
        assertEquals(List.of("BUG: sleeping function called from invalid context at msleep: cpu0 in_irq=true"
                + " irqs_disabled=true locks held=0"), seen);
    }
}
