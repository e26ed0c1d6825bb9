package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.KernelWarningException;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Script;
import org.fencecheck.sim.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kernel guarantees of sections 4-5 of the fact sheet, under both designs. */
class FenceSemanticsTest {

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void callbacksRunOnceInAddOrderAndTheListIsEmptyAfter(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = MockFence.create(m, policy);
            for (String n : List.of("cb1", "cb2", "cb3")) {
                assertEquals(0, f.addCallback(FenceCallback.named(n, x -> ran.add(n))));
            }
            assertEquals(List.of("cb1", "cb2", "cb3"), f.state().callbackNames());
            assertEquals(0, f.signal());
            assertEquals(-Errno.EINVAL, f.signal());
            assertEquals(-Errno.EINVAL, f.signalTimestamp(5));
            FenceState s = f.state();
            assertTrue(s.signaled() && s.timestampSet() && s.enableSignal());
            assertEquals(List.of(), s.callbacks());
        });
        assertEquals(List.of("cb1", "cb2", "cb3"), ran);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signalTimestampRecordsTheGivenTimeOnce(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = MockFence.create(m, policy);
            assertEquals(0, f.signalTimestamp(1234));
            assertEquals(1234, f.timestamp());
            f.signalTimestamp(99);
            assertEquals(1234, f.timestamp());
            assertEquals(1234, f.state().timestamp());
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void releaseWithPendingCallbacksWarnsAndSignalsWithEdeadlk(LockingPolicy policy) {
        Machine m = new Machine();
        AtomicInteger err = new AtomicInteger();
        m.cpu(0).run(() -> {
            DmaFence f = MockFence.create(m, policy);
            f.addCallback(x -> err.set(x.error()));
            f.put();
            assertTrue(f.testSignaledFlag());
            assertEquals(0, f.refcount());
            assertNull(f.getRcu(), "a dying fence cannot be revived");
        });
        assertEquals(-Errno.EDEADLK, err.get());
        assertEquals(1, m.warnings().size(), m.warnings().toString());
        assertTrue(m.warnings().get(0).message().contains("released with pending signals"));
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void setErrorAfterSignalWarnsAndStillWritesLikeTheKernel(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = MockFence.create(m, policy);
            f.signal();
            f.setError(-Errno.EIO);
            assertEquals(-Errno.EIO, f.getStatus());
            f.setError(5);
        });
        assertEquals(3, m.warnings().size(), m.warnings().toString());
        Machine strict = new Machine();
        strict.setPanicOnWarn(true);
        strict.cpu(0).run(() -> {
            DmaFence f = MockFence.create(strict, policy);
            f.signal();
            assertThrows(KernelWarningException.class, () -> f.setError(-Errno.EIO));
            assertEquals(0, f.error(), "panic_on_warn stops before the write");
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void lockedVariantsAssertTheLockIsHeld(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = MockFence.create(m, policy);
            assertThrows(IllegalStateException.class, f::signalLocked);
            assertThrows(IllegalStateException.class, f::isSignaledLocked);
            boolean flags = f.lock().spinLockIrqsave("test", f.seqno());
            assertFalse(f.isSignaledLocked());
            assertEquals(0, f.signalLocked());
            assertEquals(1, f.getStatusLocked());
            f.lock().spinUnlockIrqrestore(flags, "test", f.seqno());
        });
    }

    /** ->enable_signaling: at most once per fence, never once SIGNALED was seen, only when someone asks. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void enableSignalingIsCalledAtMostOnceAndNotOnASignaledFence(LockingPolicy policy) {
        Machine m = new Machine();
        AtomicInteger calls = new AtomicInteger();
        DmaFenceOps ops = new DmaFenceOps() {
            @Override
            public String getDriverName(DmaFence f) {
                return "count";
            }

            @Override
            public String getTimelineName(DmaFence f) {
                return "count";
            }

            @Override
            public boolean enableSignaling(DmaFence f) {
                calls.incrementAndGet();
                return true;
            }
        };
        m.cpu(0).run(() -> {
            FenceContext ctx = FenceContext.alloc(policy);
            DmaFence f = DmaFence.init(ops, m.newSpinLock("fence", "fence->lock"), ctx, 1);
            assertFalse(f.isSignaled());
            assertEquals(0, calls.get(), "is_signaled does not enable signaling");
            f.addCallback(x -> { });
            f.enableSwSignaling();
            f.addCallback(x -> { });
            assertEquals(0, f.waitTimeout(false, 0) > 0 ? 1 : 0);
            assertEquals(1, calls.get());
            DmaFence g = DmaFence.init(ops, f.lock(), ctx, 2);
            g.signal();
            g.enableSwSignaling();
            assertEquals(-Errno.ENOENT, g.addCallback(x -> { }));
            assertEquals(1, calls.get());
        });
    }

    /** A driver that answers "already passed" makes the enabling path signal the fence itself. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void driverReturningFalseSignalsTheFenceAndAddCallbackReturnsEnoent(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, false);
        Script s = new Script();
        m.setStepListener(s);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            tl.hwComplete();
            assertFalse(f.testSignaledFlag(), "no interrupt was armed");
            assertEquals(-Errno.ENOENT, f.addCallback(x -> { }));
            assertTrue(f.testSignaledFlag());
        });
        if (policy.voidEnableSignaling()) {
            // RFC 7/7, 09/10: the void op signals the fence itself before it returns; the core does not.
            List<String> acts = s.trace().stream().map(Step::act).toList();
            int signalled = acts.indexOf("test_and_set_bit(SIGNALED); list_replace(cb_list); set TIMESTAMP");
            int returned = acts.indexOf("return (void op)");
            assertTrue(signalled >= 0 && signalled < returned, acts.toString());
            assertFalse(acts.contains("driver returned false: signal"), acts.toString());
        } else {
            assertTrue(s.trace().stream().anyMatch(x -> x.act().equals("driver returned false: signal")));
        }
        assertTrue(s.trace().stream().anyMatch(x -> x.act().equals("-ENOENT [cb]")));
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitAnyReturnsTheIndexOfASignaledFence(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence a = MockFence.create(m, policy);
            DmaFence b = MockFence.create(m, policy);
            int[] idx = {-1};
            assertEquals(0, DmaFence.waitAnyTimeout(new DmaFence[] {a, b}, false, 0, idx));
            assertEquals(0, DmaFence.waitAnyTimeout(new DmaFence[] {a, b}, false, 2, idx));
            b.signal();
            assertEquals(1, DmaFence.waitAnyTimeout(new DmaFence[] {a, b}, false, 0, idx));
            assertEquals(1, idx[0]);
            idx[0] = -1;
            assertEquals(50, DmaFence.waitAnyTimeout(new DmaFence[] {a, b}, true, 50, idx));
            assertEquals(1, idx[0]);
            assertEquals(List.of(), a.state().callbacks(), "wait_any removes its callbacks");
            assertEquals(-Errno.EINVAL, DmaFence.waitAnyTimeout(new DmaFence[0], false, 1, null));
        });
    }

    @Test
    void isLaterComparesWithThirtyTwoBitWrapAround() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            FenceContext ctx = FenceContext.alloc(LockingPolicy.LEGACY);
            DmaFence a = DmaFence.init(new MockFence.MockOps(), m.newSpinLock("f", "f"), ctx, 0xffff_fffeL);
            DmaFence b = DmaFence.init(new MockFence.MockOps(), m.newSpinLock("f", "f"), ctx, 0x1_0000_0001L);
            assertTrue(DmaFence.isLater(b, a));
            assertFalse(DmaFence.isLater(a, b));
        });
    }

    @Test
    void contextsAreFreshAndTheStubIsOneSignaledFence() {
        long c1 = DmaFence.contextAlloc(1);
        long c2 = DmaFence.contextAlloc(3);
        assertTrue(c1 >= 1 && c2 == c1 + 1);
        assertEquals(c2 + 3, DmaFence.contextAlloc(1));
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence s1 = DmaFence.getStub();
            DmaFence s2 = DmaFence.getStub();
            assertSame(s1, s2);
            assertEquals(0, s1.context().id());
            assertTrue(s1.state().enableSignal());
            s1.put();
            s2.put();
            DmaFence p = DmaFence.allocatePrivateStub(77);
            assertEquals(77, p.timestamp());
        });
    }

    /**
     * The steps of add_callback name the spec's actions with the spec's fn/act strings, per design. impl's
     * ENABLE_AFTER step ("return true") has no spec action: the spec folds it into the driver's last step.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void addCallbackStepsMatchTheSpec(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, false);
        Script s = new Script();
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            m.setStepListener(s);
            f.addCallback(FenceCallback.named("cb1", x -> { }));
        });
        List<String> legacy = List.of(
                "Call dma_fence_add_callback: call [cb1]",
                "AddCallbackFastPath dma_fence_add_callback: test_bit(SIGNALED)",
                "SpinLock dma_fence_add_callback: spin_lock_irqsave(fence->lock)",
                "EnableTestAndSet __dma_fence_enable_signaling: test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)",
                "DriverEnter __dma_fence_enable_signaling: ops->enable_signaling()",
                "SpinLock drv->enable_signaling: spin_lock_irqsave(drv->lock)",
                "DriverArm drv->enable_signaling: arm irq; read hw seqno",
                "SpinUnlock drv->enable_signaling: spin_unlock_irqrestore(drv->lock)",
                "- __dma_fence_enable_signaling: return true",
                "AddCallbackInsert dma_fence_add_callback: list_add_tail(cb_list) [cb1]",
                "SpinUnlock dma_fence_add_callback: spin_unlock_irqrestore(fence->lock)");
        List<String> expected = new ArrayList<>(legacy);
        if (policy.enablesUnlocked()) {
            String lock = expected.remove(2);
            expected.add(8, lock);
        }
        if (policy.voidEnableSignaling()) {
            expected.set(7, "- __dma_fence_enable_signaling: return (void op)");
        }
        List<String> got = new ArrayList<>();
        for (Step st : s.trace()) {
            String action = st.action().specAction();
            got.add((action == null ? "-" : action) + " " + st.fn() + ": " + st.act());
            assertEquals(1L, st.fence());
        }
        assertEquals(expected, got);
        assertTrue(s.trace().stream().allMatch(st -> st.action() != Action.LOCK_CONTENDED));
    }

    /** dma_fence_signal(): the spec's SignalTestAndSet covers test-and-set, splice and timestamp in one step. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signalStepsMatchTheSpec(LockingPolicy policy) {
        Machine m = new Machine();
        Script s = new Script();
        m.cpu(0).run(() -> {
            DmaFence f = MockFence.create(m, policy);
            f.addCallback(FenceCallback.named("cb1", x -> { }));
            m.setStepListener(s);
            f.signal();
            f.signal();
        });
        List<String> got = s.trace().stream().map(st -> st.action().specAction() + " " + st.fn() + ": " + st.act())
                .toList();
        assertEquals(List.of(
                "SpinLock dma_fence_signal: spin_lock_irqsave(f->lock)",
                "SignalTestAndSet dma_fence_signal_timestamp_locked: "
                        + "test_and_set_bit(SIGNALED); list_replace(cb_list); set TIMESTAMP",
                "SignalRunCallback dma_fence_signal_timestamp_locked: cb->func() [cb1]",
                "SpinUnlock dma_fence_signal: spin_unlock_irqrestore(f->lock)",
                "SpinLock dma_fence_signal: spin_lock_irqsave(f->lock)",
                "SignalTestAndSet dma_fence_signal_timestamp_locked: test_and_set_bit(SIGNALED): already set",
                "SpinUnlock dma_fence_signal: spin_unlock_irqrestore(f->lock)"), got);
    }
}
