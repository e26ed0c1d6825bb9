package org.fencecheck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fencecheck.lockdep.ModuleReport;
import org.junit.jupiter.api.Test;

/**
 * The spinlock API as include/linux/spinlock.h defines it: spin_lock_irqsave() returns the caller's IRQ state and
 * spin_unlock_irqrestore() puts it back (so the pair nests), spin_lock()/spin_unlock() leave the IRQ state alone,
 * only the owner may unlock, a contended lock is granted once released; plus what the simulation tells about a
 * held lock (owner CPU, context, site) and the folded variants, which behave alike but announce no step.
 */
class SpinLockTest {

    @Test
    void irqsaveReturnsTheCallersStateAndIrqrestorePutsItBack() {
        Machine m = new Machine();
        SpinLock a = m.newSpinLock("a", "a_lock");
        SpinLock b = m.newSpinLock("b", "b_lock");
        m.cpu(0).run(() -> {
            Cpu cpu = Cpu.current();
            assertTrue(cpu.irqsEnabled());
            boolean outer = a.spinLockIrqsave("outer", Step.NO_FENCE);
            assertTrue(outer, "IRQs were on");
            assertFalse(cpu.irqsEnabled());
            boolean inner = b.spinLockIrqsave("inner", Step.NO_FENCE);
            assertFalse(inner, "IRQs were already off");
            b.spinUnlockIrqrestore(inner, "inner", Step.NO_FENCE);
            assertFalse(cpu.irqsEnabled(), "the inner restore keeps them off");
            assertTrue(a.heldByCurrentCpu());
            a.spinUnlockIrqrestore(outer, "outer", Step.NO_FENCE);
            assertTrue(cpu.irqsEnabled(), "the outer restore turns them on again");
            assertEquals(List.of(), cpu.heldLocks());
        });
    }

    @Test
    void plainLockLeavesTheIrqStateAlone() {
        Machine m = new Machine();
        SpinLock a = m.newSpinLock("a", "a_lock");
        SpinLock b = m.newSpinLock("b", "b_lock");
        m.cpu(0).run(() -> {
            Cpu cpu = Cpu.current();
            a.spinLock("site", Step.NO_FENCE);
            assertTrue(cpu.irqsEnabled());
            a.spinUnlock("site", Step.NO_FENCE);
            boolean f = b.spinLockIrqsave("irqs off", Step.NO_FENCE);
            a.spinLock("nested", Step.NO_FENCE);
            a.spinUnlock("nested", Step.NO_FENCE);
            assertFalse(cpu.irqsEnabled(), "spin_unlock does not enable IRQs");
            b.spinUnlockIrqrestore(f, "irqs off", Step.NO_FENCE);
            a.spinLockIrq("irq", Step.NO_FENCE);
            assertFalse(cpu.irqsEnabled());
            a.spinUnlockIrq("irq", Step.NO_FENCE);
            assertTrue(cpu.irqsEnabled());
        });
    }

    /** Every lock operation is one step, spelled as the C call with the lock's name, at the caller's site. */
    @Test
    void eachOperationIsAStepSpelledAsInC() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(2).run(() -> {
            l.spinLock("a", 1);
            l.spinUnlock("b", 1);
            l.spinLockIrq("c", 2);
            l.spinUnlockIrq("d", 2);
            boolean f = l.spinLockIrqsave("e", 3);
            l.spinUnlockIrqrestore(f, "f", 3);
        });
        assertEquals(List.of(
                new Step(Action.LOCK_ACQUIRE, 2, CpuContext.PROC, "a", "spin_lock(drv->lock)", 1),
                new Step(Action.LOCK_RELEASE, 2, CpuContext.PROC, "b", "spin_unlock(drv->lock)", 1),
                new Step(Action.LOCK_ACQUIRE, 2, CpuContext.PROC, "c", "spin_lock_irq(drv->lock)", 2),
                new Step(Action.LOCK_RELEASE, 2, CpuContext.PROC, "d", "spin_unlock_irq(drv->lock)", 2),
                new Step(Action.LOCK_ACQUIRE, 2, CpuContext.PROC, "e", "spin_lock_irqsave(drv->lock)", 3),
                new Step(Action.LOCK_RELEASE, 2, CpuContext.PROC, "f", "spin_unlock_irqrestore(drv->lock)", 3)),
                s.trace());
    }

    /** A CPU that deadlocks on itself is dead for that reason: spinners on its locks learn why. */
    @Test
    void aSelfDeadlockedCpuIsDeadOfTheSelfDeadlock() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("fence", "fence->lock");
        SelfDeadlockException e = assertThrows(SelfDeadlockException.class, () -> m.cpu(0).run(() -> {
            l.spinLock("first", Step.NO_FENCE);
            l.spinLock("second", Step.NO_FENCE);
        }));
        assertSame(e, m.cpu(0).deadOf());
        assertEquals(0, l.ownerCpu(), "the dead CPU keeps its lock");
        assertThrows(SoftLockupException.class, () -> m.cpu(1).run(() -> l.spinLock("victim", Step.NO_FENCE)));
    }

    /** spin_lock() is not interruptible: a signal that arrives while the CPU spins is still pending after. */
    @Test
    void aSignalWhileSpinningStaysPending() throws Exception {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("a", "a_lock");
        CountDownLatch spinning = new CountDownLatch(1);
        Script s = new Script();
        s.on(st -> st.action() == Action.LOCK_CONTENDED, st -> spinning.countDown());
        m.setStepListener(s);
        m.cpu(0).run(() -> l.spinLock("holder", 0));
        try (CpuExecutor other = new CpuExecutor(m.cpu(1))) {
            Thread[] t = new Thread[1];
            Future<Boolean> got = other.submit(() -> {
                t[0] = Thread.currentThread();
                l.spinLock("spinner", 0);
                l.spinUnlock("spinner", 0);
                return Thread.interrupted();
            });
            assertTrue(spinning.await(10, TimeUnit.SECONDS));
            t[0].interrupt();
            Thread.sleep(5);
            assertFalse(got.isDone(), "the signal does not end the spin");
            m.cpu(0).run(() -> l.spinUnlock("holder", 0));
            assertTrue(got.get(10, TimeUnit.SECONDS), "the signal is still pending");
        }
    }

    /** What a held lock tells: its owner CPU, the context it was taken in and the site; nothing once released. */
    @Test
    void aHeldLockNamesItsOwner() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("fence", "fence->lock");
        assertSame(m, l.machine());
        assertEquals("fence", l.lockClass());
        assertEquals("fence->lock", l.name());
        assertFalse(l.isLocked());
        assertEquals(-1, l.ownerCpu());
        assertNull(l.ownerContext());
        assertNull(l.ownerSite());
        assertEquals("fence->lock(fence) unlocked", l.toString());
        m.cpu(1).run(() -> {
            l.spinLock("dma_fence_signal", 3);
            assertTrue(l.isLocked());
            assertTrue(l.heldByCurrentCpu());
        });
        assertEquals(1, l.ownerCpu());
        assertEquals(CpuContext.PROC, l.ownerContext());
        assertEquals("dma_fence_signal", l.ownerSite());
        assertEquals("fence->lock(fence) held by cpu1/proc at dma_fence_signal", l.toString());
        m.cpu(0).run(() -> assertFalse(l.heldByCurrentCpu(), "another CPU does not hold it"));
        m.cpu(1).run(() -> l.spinUnlock("dma_fence_signal", 3));
        assertFalse(l.isLocked());
    }

    /** Only the owner releases a spinlock; unlocking a free lock or another CPU's lock is a bug. */
    @Test
    void onlyTheOwnerUnlocks() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("a", "a_lock");
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> l.spinUnlock("nobody", 0)));
        m.cpu(1).run(() -> l.spinLock("cpu1", 0));
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> l.spinUnlock("cpu0", 0)));
        assertTrue(l.isLocked());
        assertEquals(1, l.ownerCpu());
        m.cpu(1).run(() -> l.spinUnlock("cpu1", 0));
        assertFalse(l.isLocked());
    }

    /** The folded variants lock and unlock like the others (IRQ state included) inside a step already announced. */
    @Test
    void foldedVariantsLockLikeTheOthersWithoutSteps() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("a", "a_lock");
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(0).run(() -> {
            boolean f = l.spinLockIrqsaveFolded("folded", 1);
            assertTrue(f);
            assertTrue(l.heldByCurrentCpu());
            assertFalse(Cpu.current().irqsEnabled());
            l.spinUnlockIrqrestoreFolded(f, "folded", 1);
            assertFalse(l.isLocked());
            assertTrue(Cpu.current().irqsEnabled());
            Cpu.current().localIrqDisable();
            boolean off = l.spinLockIrqsaveFolded("folded", 1);
            assertFalse(off, "IRQs were already off");
            l.spinUnlockIrqrestoreFolded(off, "folded", 1);
            assertFalse(Cpu.current().irqsEnabled(), "and stay off");
            Cpu.current().localIrqEnable("folded");
        });
        assertEquals(List.of(), s.trace());
    }

    /**
     * A contended lock: the second CPU announces it spins, gets the lock once the owner releases it, and
     * announces that; the owner context and site are then the spinner's.
     */
    @Test
    void aContendedLockIsGrantedAtTheRelease() throws Exception {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("a", "a_lock");
        Script s = new Script();
        CountDownLatch spinning = new CountDownLatch(1);
        s.on(st -> st.action() == Action.LOCK_CONTENDED, st -> spinning.countDown());
        m.setStepListener(s);
        m.cpu(0).run(() -> l.spinLock("holder", 0));
        try (CpuExecutor other = new CpuExecutor(m.cpu(1))) {
            Future<String> got = other.submit(() -> {
                l.spinLock("spinner", 0);
                String site = l.ownerSite() + "@" + l.ownerCpu();
                l.spinUnlock("spinner", 0);
                return site;
            });
            assertTrue(spinning.await(10, TimeUnit.SECONDS));
            assertFalse(got.isDone());
            m.cpu(0).run(() -> l.spinUnlock("holder", 0));
            assertEquals("spinner@1", got.get(10, TimeUnit.SECONDS));
        }
        assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.LOCK_ACQUIRED && st.cpu() == 1
                && st.act().equals("got a_lock after spinning")), s.trace().toString());
        assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.LOCK_CONTENDED
                && st.act().equals("spinning on a_lock") && st.fn().equals("spinner")));
    }

    /** A lock living in a module's memory (drv->lock) taken after the module was freed is reported. */
    @Test
    void aLockInFreedMemoryIsReported() {
        Machine m = new Machine();
        boolean[] freed = {false};
        LockHome home = new LockHome() {
            @Override
            public String name() {
                return "drv";
            }

            @Override
            public boolean isFreed() {
                return freed[0];
            }
        };
        SpinLock l = m.newSpinLock("driver", "drv->lock", home);
        m.cpu(0).run(() -> {
            l.spinLock("before", 0);
            l.spinUnlock("before", 0);
            assertEquals(List.of(), m.moduleValidator().reports());
            freed[0] = true;
            l.spinLock("after", 5);
            l.spinUnlock("after", 5);
        });
        List<ModuleReport> r = m.moduleValidator().reports(ModuleReport.Kind.LOCK_IN_UNLOADED_MODULE);
        assertEquals(1, r.size(), r.toString());
        assertEquals("drv", r.get(0).module());
        assertEquals("after", r.get(0).site());
    }
}
