package org.fencecheck.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model driver behaves as the drivers it stands for (radeon, xe, host1x, i915's breadcrumbs): one context and
 * one fence lock per timeline, seqnos in emission order, a completion interrupt armed by ->enable_signaling that
 * signals every fence the hardware passed, in order; ->signaled reads the hardware seqno; the error path sets the
 * error and signals under the fence lock, or leaves a signaled fence alone. Every design with every lock the
 * driver may take (DriverShape.of), handler held and dropped.
 */
class DriverTimelineTest {

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (LockingPolicy p : LockingPolicy.values()) {
            for (DriverLocking l : DriverLocking.values()) {
                for (IrqHandler h : IrqHandler.values()) {
                    out.add(Arguments.of(p, DriverShape.of(p, l, false).withHandler(h)));
                }
            }
        }
        return out.stream();
    }

    @Test
    void aTimelineEmitsSeqnosInOrderOnOneContextAndOneLock() {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, LockingPolicy.REWORKED, DriverLocking.IRQSAVE, true);
        assertSame(m, tl.machine());
        assertEquals(LockingPolicy.REWORKED, tl.policy());
        assertEquals(DriverLocking.IRQSAVE, tl.locking());
        assertTrue(tl.hasSignaledOp());
        assertEquals(Mutation.NONE, tl.mutation());
        assertEquals(DriverShape.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, true), tl.shape());
        assertTrue(tl.fenceLock() != tl.driverLock());
        assertEquals(DriverTimeline.IRQ_HANDLER, tl.irq().name());
        m.cpu(0).run(() -> {
            DmaFence a = tl.emit();
            DmaFence b = tl.emit();
            DmaFence c = tl.emit();
            assertEquals(List.of(1L, 2L, 3L), List.of(a.seqno(), b.seqno(), c.seqno()));
            assertEquals(List.of(a, b, c), tl.fences());
            for (DmaFence f : tl.fences()) {
                assertEquals(tl.context().id(), f.context().id());
                assertSame(tl.fenceLock(), f.lock());
                assertEquals("fencecheck-drv", f.driverName());
                assertEquals("timeline-" + tl.context().id(), f.timelineName());
            }
            assertTrue(DmaFence.isLater(c, a));
        });
        assertEquals(0, tl.hwSeqno());
        assertFalse(tl.irqArmed());
        assertTrue(tl.toString().contains(tl.shape().label()), tl.toString());
        assertTrue(tl.toString().contains("reworked"), tl.toString());
    }

    /**
     * Once signaling is enabled the interrupt is armed; each hardware completion raises it, and the handler
     * signals every fence the hardware passed, in seqno order, and no other.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void theInterruptSignalsThePassedFencesInOrder(LockingPolicy policy, DriverShape shape) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, shape, Mutation.NONE);
        List<Long> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            for (int i = 0; i < 3; i++) {
                DmaFence f = tl.emit();
                assertEquals(0, f.addCallback(FenceCallback.named("cb" + f.seqno(), x -> ran.add(x.seqno()))));
            }
            assertTrue(tl.irqArmed());
            tl.hwComplete();
            tl.hwComplete();
            assertEquals(2, tl.hwSeqno());
            assertEquals(List.of(1L, 2L), ran);
            assertFalse(tl.fences().get(2).testSignaledFlag());
            tl.hwComplete();
            assertEquals(List.of(1L, 2L, 3L), ran);
            tl.hwComplete();
            assertEquals(4, tl.hwSeqno());
            assertEquals(List.of(1L, 2L, 3L), ran, "nothing signals twice");
            for (DmaFence f : tl.fences()) {
                assertEquals(1, f.getStatus());
            }
        });
        assertEquals(List.of(), tl.sideEffectLeaks());
        assertEquals(List.of(), m.warnings());
        // Lockdep may report lock-order cycles here (the ABBA deadlocks DeadlockTableTest tabulates); but a driver
        // that takes its lock irqsave, or none, never turns IRQs on under the fence lock the handler takes.
        if (shape.locking() != DriverLocking.IRQ && shape.locking() != DriverLocking.PLAIN) {
            assertEquals(List.of(), m.lockdep().reports(ReportKind.INCONSISTENT_IRQ_USE));
        }
    }

    /**
     * Completions the CPU has not taken the interrupt for yet are not queued: the line stays raised, and the one
     * handler run signals every fence passed so far, in order.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void oneInterruptSignalsEveryFencePassedSinceTheLast(LockingPolicy policy, DriverShape shape) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, shape, Mutation.NONE);
        List<Long> ran = new ArrayList<>();
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(0).run(() -> {
            for (int i = 0; i < 3; i++) {
                tl.emit().addCallback(x -> ran.add(x.seqno()));
            }
        });
        tl.setIrqCpu(m.cpu(1));
        m.cpu(0).run(() -> {
            tl.hwComplete();
            tl.hwComplete();
        });
        assertEquals(List.of(), ran, "cpu1 has not taken the interrupt");
        m.cpu(1).run(Cpu::irqPoint);
        assertEquals(List.of(1L, 2L), ran);
        assertFalse(m.cpu(1).irqPending());
        assertEquals(2, s.trace().stream().filter(st -> st.action() == Action.HW_COMPLETE
                && st.act().equals("seqno passes")).count());
        assertEquals(1, s.trace().stream().filter(st -> st.action() == Action.IRQ_ENTER).count(), "one handler run");
    }

    /**
     * Nobody asked for a signal, so no interrupt is armed and the completion signals nothing; ->signaled (when the
     * driver has it) reads the hardware seqno, so is_signaled finds the fence passed and signals it.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void withoutEnablingOnlySignaledFindsThePassedFence(LockingPolicy policy) {
        for (boolean signaledOp : new boolean[] {false, true}) {
            Machine m = new Machine();
            DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, signaledOp);
            m.cpu(0).run(() -> {
                DmaFence f = tl.emit();
                DmaFence g = tl.emit();
                tl.hwComplete();
                assertFalse(tl.irqArmed());
                assertFalse(f.testSignaledFlag(), "no interrupt armed");
                assertEquals(signaledOp, f.isSignaled());
                assertEquals(signaledOp, f.testSignaledFlag());
                assertFalse(g.isSignaled(), "the hardware has not passed 2");
            });
        }
    }

    /**
     * Enabling signaling on a fence the hardware already passed signals it at once (the core after a bool op's
     * false, the driver itself in the void designs); the interrupt is armed either way.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void enablingAPassedFenceSignalsIt(LockingPolicy policy, DriverShape shape) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, shape, Mutation.NONE);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            DmaFence g = tl.emit();
            tl.hwComplete();
            f.enableSwSignaling();
            assertTrue(f.testSignaledFlag());
            assertTrue(tl.irqArmed());
            assertEquals(1, f.getStatus());
            g.enableSwSignaling();
            assertFalse(g.testSignaledFlag());
            tl.hwComplete();
            assertTrue(g.testSignaledFlag(), "armed by g's enabling");
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * The error path (job timeout, reset): an unsignaled fence gets the error and is signaled, under the fence
     * lock, so its callbacks see the error; a fence already signaled keeps its status and nothing WARNs.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void theErrorPathSignalsWithTheErrorOrLeavesASignaledFence(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, false);
        List<Integer> seen = new ArrayList<>();
        Script s = new Script();
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            DmaFence g = tl.emit();
            f.addCallback(x -> seen.add(x.getStatusLocked()));
            tl.errorPath(f, -Errno.ETIMEDOUT);
            assertEquals(-Errno.ETIMEDOUT, f.getStatus());
            assertFalse(tl.fenceLock().heldByCurrentCpu());
            assertTrue(Cpu.current().irqsEnabled());
            g.signal();
            m.setStepListener(s);
            tl.errorPath(g, -Errno.EIO);
            assertEquals("drv_error_path", s.trace().get(0).fn());
            assertEquals(Action.CALL, s.trace().get(0).action());
            assertEquals(1, g.getStatus(), "the signaled fence keeps its success");
            assertEquals(0, g.error());
        });
        assertEquals(List.of(-Errno.ETIMEDOUT), seen);
        assertEquals(List.of(), m.warnings(), "no set_error after signal");
        assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.SET_ERROR
                && st.act().equals("already signaled: leave error")), s.trace().toString());
    }

    /**
     * A driver whose op leaves an entry (a list entry, a reference) leaves exactly one per enabled fence and takes
     * it back when the fence signals, from the interrupt or the error path: balanced, no leak.
     */
    @ParameterizedTest
    @EnumSource(value = DriverLocking.class, names = {"NONE", "IRQSAVE", "FENCE"})
    void theOpsEntriesAreTakenBackWhenTheFenceSignals(DriverLocking locking) {
        Machine m = new Machine();
        LockingPolicy p = LockingPolicy.REWORKED;
        DriverTimeline tl = new DriverTimeline(m, p, DriverShape.of(p, locking, false).withOpSideEffect(true),
                Mutation.NONE);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            DmaFence g = tl.emit();
            f.enableSwSignaling();
            f.addCallback(x -> { });
            g.enableSwSignaling();
            assertEquals(1, tl.entries(1), "one entry: the op runs once per fence");
            assertEquals(1, tl.entries(2));
            assertEquals(0, tl.entries(3));
            tl.hwComplete();
            assertEquals(0, tl.entries(1));
            assertEquals(1, tl.entries(2));
            tl.errorPath(g, -Errno.EIO);
            assertEquals(0, tl.entries(2));
        });
        assertEquals(List.of(), tl.sideEffectLeaks());
    }

    /**
     * A fence signaled elsewhere (is_signaled found it passed through ->signaled) while the op's entry is still
     * there: the next interrupt, holding the driver lock, takes the entry back without signaling again.
     */
    @ParameterizedTest
    @EnumSource(value = DriverLocking.class, names = {"IRQSAVE", "FENCE"})
    void theInterruptTakesBackTheEntryOfAFenceSignaledElsewhere(DriverLocking locking) {
        Machine m = new Machine();
        LockingPolicy p = LockingPolicy.REWORKED;
        DriverTimeline tl = new DriverTimeline(m, p, DriverShape.of(p, locking, true).withOpSideEffect(true),
                Mutation.NONE);
        List<String> ran = new ArrayList<>();
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            f.addCallback(x -> ran.add("cb"));
            assertEquals(1, tl.entries(1));
        });
        tl.setIrqCpu(m.cpu(1));
        m.cpu(0).run(() -> {
            tl.hwComplete();
            assertTrue(tl.fences().get(0).isSignaled(), "->signaled reads the passed seqno; the core signals");
        });
        assertEquals(List.of("cb"), ran);
        assertEquals(1, tl.entries(1), "the core does not know the driver's entry");
        assertEquals(1, tl.sideEffectLeaks().size(), tl.sideEffectLeaks().toString());
        m.cpu(1).run(Cpu::irqPoint);
        assertEquals(0, tl.entries(1));
        assertEquals(List.of(), tl.sideEffectLeaks());
        assertEquals(List.of("cb"), ran, "not signaled twice");
        assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.IRQ_NEXT_FENCE && st.fence() == 1
                && st.act().equals("list_del() entry of a signaled fence")), s.trace().toString());
        assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.IRQ_NEXT_FENCE
                && st.act().equals("no passed fence left")));
        assertEquals(List.of(), m.warnings());
    }

    /**
     * A driver that may fail to arm (amdkfd) signals the fence it could not arm with -EIO, in the op; the other
     * fences are armed as usual.
     */
    @Test
    void aFailedArmSignalsWithEio() {
        Machine m = new Machine();
        LockingPolicy p = LockingPolicy.LEGACY;
        DriverTimeline tl = new DriverTimeline(m, p, DriverShape.of(p, DriverLocking.IRQSAVE, false)
                .withOpSetsError(true), Mutation.NONE);
        tl.setArmFailure(s -> s == 2);
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            DmaFence g = tl.emit();
            assertEquals(0, f.addCallback(x -> { }));
            assertEquals(-Errno.ENOENT, g.addCallback(x -> { }), "signaled by the failed arm");
            assertEquals(-Errno.EIO, g.getStatus());
            assertEquals(0, f.getStatus());
            tl.hwComplete();
            assertEquals(1, f.getStatus());
        });
        assertTrue(s.trace().stream().anyMatch(st -> st.act().equals("arm fails; dma_fence_set_error(-EIO)")));
        assertEquals(List.of(), m.warnings());
        DriverTimeline ok = new DriverTimeline(m, p, DriverShape.of(p, DriverLocking.IRQSAVE, false)
                .withOpSetsError(true), Mutation.NONE);
        m.cpu(0).run(() -> {
            DmaFence f = ok.emit();
            assertEquals(0, f.addCallback(x -> { }), "unless told otherwise, arming succeeds");
            assertEquals(0, f.getStatus());
        });
    }

    /**
     * The interrupt is taken where IRQs are on: routed to another CPU it waits for that CPU; raised on a CPU that
     * has IRQs off (holding the fence lock irqsave) it is taken at the irqrestore.
     */
    @Test
    void theInterruptIsTakenWhereIrqsAreOn() {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, LockingPolicy.LEGACY, DriverLocking.IRQSAVE, false);
        DmaFence f = m.cpu(0).call(tl::emit);
        DmaFence g = m.cpu(0).call(tl::emit);
        m.cpu(0).run(() -> {
            f.enableSwSignaling();
            g.enableSwSignaling();
        });
        tl.setIrqCpu(m.cpu(1));
        m.cpu(0).run(tl::hwComplete);
        assertFalse(f.testSignaledFlag(), "cpu1 has not taken it yet");
        assertTrue(m.cpu(1).irqPending());
        m.cpu(1).run(Cpu::irqPoint);
        assertTrue(f.testSignaledFlag());
        tl.setIrqCpu(null);
        m.cpu(0).run(() -> {
            boolean flags = tl.fenceLock().spinLockIrqsave("caller", 0);
            tl.hwComplete();
            assertFalse(g.testSignaledFlag(), "IRQs are off");
            tl.fenceLock().spinUnlockIrqrestore(flags, "caller", 0);
            assertTrue(g.testSignaledFlag(), "taken at the irqrestore");
        });
        assertEquals(List.of(), m.warnings());
    }
}
