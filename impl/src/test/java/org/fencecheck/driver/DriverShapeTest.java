package org.fencecheck.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Script;
import org.fencecheck.sim.SelfDeadlockException;
import org.fencecheck.sim.Step;
import org.junit.jupiter.api.Test;

/** The issue-18 driver shapes and callers, each on one deterministic schedule, with the step or report it makes. */
class DriverShapeTest {

    private static final LockingPolicy S26 = LockingPolicy.SERIES2026;
    private static final LockingPolicy RFC = LockingPolicy.RFC2024;

    /**
     * series2026, CheckUnderLock: the op tests with ->check_signaled under the fence lock it took; on a passed
     * fence that calls dma_fence_signal(), which takes the lock again: the CPU spins on itself, and lockdep names
     * the recursion (spec NoSelfDeadlock).
     */
    @Test
    void checkSignaledUnderTheFenceLockSelfDeadlocks() {
        Machine m = new Machine();
        DriverShape shape = DriverShape.of(S26, DriverLocking.FENCE, true).withCheckUnderLock(true);
        DriverTimeline tl = new DriverTimeline(m, S26, shape, Mutation.NONE);
        SelfDeadlockException e = assertThrows(SelfDeadlockException.class, () -> m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            tl.hwComplete();
            f.enableSwSignaling();
        }));
        assertTrue(e.getMessage().contains("dma_fence_signal"), e.getMessage());
        List<LockdepReport> r = m.lockdep().reports(ReportKind.RECURSIVE_LOCK);
        assertEquals(1, r.size(), m.lockdep().reports().toString());
        assertEquals(List.of("fence"), r.get(0).lockClasses());
    }

    /** The same driver without the check under the lock signals with dma_fence_signal_locked(): no report. */
    @Test
    void lockedOpSignalsUnderItsLock() {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, S26, DriverShape.of(S26, DriverLocking.FENCE, true),
                Mutation.NONE);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            tl.hwComplete();
            f.enableSwSignaling();
            assertTrue(f.testSignaledFlag());
        });
        assertEquals(List.of(), m.lockdep().reports());
    }

    /**
     * Handler "dropped": under its lock it takes back the entries of the passed fences (IrqBook), drops the lock
     * and signals with no lock; the op's entry is gone. handler_keeps_entry forgets it: a leak on a signaled fence.
     */
    @Test
    void droppedHandlerTakesBackEntriesAndTheBrokenOneLeaks() {
        for (Mutation mut : new Mutation[] {Mutation.NONE, Mutation.HANDLER_KEEPS_ENTRY}) {
            Machine m = new Machine();
            DriverShape shape = DriverShape.of(RFC, DriverLocking.IRQSAVE, false).withHandler(IrqHandler.DROPPED)
                    .withOpSideEffect(true);
            DriverTimeline tl = new DriverTimeline(m, RFC, shape, mut);
            Script s = new Script();
            m.setStepListener(s);
            m.cpu(0).run(() -> {
                DmaFence f = tl.emit();
                f.enableSwSignaling();
                assertEquals(1, tl.entries(1));
                tl.hwComplete();
                assertTrue(f.testSignaledFlag());
            });
            assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.IRQ_BOOK), s.trace().toString());
            if (mut == Mutation.NONE) {
                assertEquals(0, tl.entries(1));
                assertEquals(List.of(), tl.sideEffectLeaks());
            } else {
                assertEquals(1, tl.entries(1));
                assertEquals(1, tl.sideEffectLeaks().size(), tl.sideEffectLeaks().toString());
                assertTrue(tl.sideEffectLeaks().get(0).contains("fence 1: signaled"), tl.sideEffectLeaks().get(0));
            }
        }
    }

    /** The error path takes the op's entry back when it signals (host1x_fence_cancel, vmwgfx fifo down). */
    @Test
    void errorPathTakesTheEntryBack() {
        Machine m = new Machine();
        DriverShape shape = DriverShape.of(RFC, DriverLocking.FENCE, false).withOpSideEffect(true);
        DriverTimeline tl = new DriverTimeline(m, RFC, shape, Mutation.NONE);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            f.enableSwSignaling();
            assertEquals(1, tl.entries(1));
            tl.errorPath(f, -Errno.EIO);
            assertEquals(-Errno.EIO, f.getStatus());
        });
        assertEquals(0, tl.entries(1));
        assertEquals(List.of(), tl.sideEffectLeaks());
    }

    /**
     * add_lock_irq: dma_fence_add_callback()'s spin_unlock_irq() turns IRQs on; from an irq_work that is the
     * atomic caller's IRQs (reported, IRQs off again after CallerExit restored them), from process context not.
     */
    @Test
    void addLockIrqEnablesIrqsInsideAnIrqWork() {
        for (Caller caller : new Caller[] {Caller.PROCESS, Caller.IRQ_WORK}) {
            Machine m = new Machine();
            DriverTimeline tl = new DriverTimeline(m, LockingPolicy.REWORKED,
                    DriverShape.of(LockingPolicy.REWORKED, DriverLocking.NONE, false), Mutation.ADD_LOCK_IRQ);
            Script s = new Script();
            m.setStepListener(s);
            m.cpu(0).run(() -> {
                DmaFence f = tl.emit();
                tl.callFrom(caller, () -> f.addCallback(FenceCallback.named("cb1", x -> { })));
                assertTrue(m.cpu(0).irqsEnabled(), "CallerExit: IRQs on again");
            });
            List<LockdepReport> r = m.lockdep().reports(ReportKind.IRQS_ENABLED_IN_ATOMIC_CALLER);
            if (caller == Caller.PROCESS) {
                assertEquals(List.of(), r);
            } else {
                assertEquals(1, r.size(), m.lockdep().reports().toString());
                assertEquals("irq_work", r.get(0).detail());
                assertEquals("irq_work returns", s.trace().get(s.trace().size() - 1).act());
            }
        }
    }

    /**
     * Caller "callback": the call runs holding the timeline's fence->lock (taken in the Call step itself), so
     * dma_fence_add_callback() spins on the lock its own CPU holds; lockdep has seen the driver op entered under
     * it and the recursion.
     */
    @Test
    void aCallFromAnotherFencesCallbackSelfDeadlocks() {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, LockingPolicy.REWORKED,
                DriverShape.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false), Mutation.NONE);
        Script s = new Script();
        m.setStepListener(s);
        assertThrows(SelfDeadlockException.class, () -> m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            tl.callFrom(Caller.CALLBACK, () -> f.addCallback(FenceCallback.named("cb1", x -> { })));
        }));
        Step first = s.trace().get(0);
        assertEquals(Action.CALL, first.action());
        assertEquals(1, m.lockdep().reports(ReportKind.RECURSIVE_LOCK).size(), m.lockdep().reports().toString());
        assertEquals(1, m.lockdep().reports(ReportKind.DRIVER_OP_UNDER_FENCE_LOCK).size());
    }

    /** The spec's ASSUMEs on shapes: each refused combination names what it breaks. */
    @Test
    void shapesOutsideTheAssumesAreRefused() {
        Machine m = new Machine();
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> new DriverTimeline(m,
                LockingPolicy.REWORKED, DriverShape.of(RFC, DriverLocking.IRQ, false), Mutation.NONE));
        assertTrue(a.getMessage().contains("OpSignal signal under Design reworked"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> new DriverTimeline(m, S26,
                DriverShape.of(S26, DriverLocking.IRQ, false).withOpSignal(OpSignal.LOCKED), Mutation.NONE));
        assertTrue(b.getMessage().contains("needs DriverLock fence"), b.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> new DriverTimeline(m, S26,
                DriverShape.of(S26, DriverLocking.FENCE, false).withCheckUnderLock(true), Mutation.NONE));
        assertTrue(c.getMessage().contains("CheckUnderLock needs"), c.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Caller.ofSpecName("softirq")).getMessage()
                .contains("softirq"));
    }
}
