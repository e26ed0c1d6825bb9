package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Script;
import org.fencecheck.sim.Sched;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The context the dma_fence core runs its callers' code in and leaves behind: callbacks run with the fence lock
 * held and IRQs off, after SIGNALED and the timestamp are set; every call returns with the fence lock released,
 * the caller's IRQ state restored and its RCU read-side sections closed; which designs call driver ops under the
 * fence lock; and the lock-free windows the kernel-doc warns about (a signal between add_callback's fast path and
 * its lock, a reader of the timestamp between SIGNALED and TIMESTAMP).
 */
class LockingContractTest {

    /** A driver with ->enable_signaling, ->signaled and ->release, so every optional path is taken. */
    static final class FullOps extends ApiContractTest.PlainOps {
        final AtomicInteger released = new AtomicInteger();
        volatile boolean passed;

        @Override
        public boolean enableSignaling(DmaFence fence) {
            return true;
        }

        @Override
        public boolean signaled(DmaFence fence) {
            return passed;
        }

        @Override
        public void release(DmaFence fence) {
            released.incrementAndGet();
        }
    }

    private static DmaFence fence(Machine m, DmaFenceOps ops, LockingPolicy policy, OpsLifetime lifetime) {
        return DmaFence.init(ops, m.newSpinLock("fence", "fence->lock"), FenceContext.alloc(policy, lifetime), 1);
    }

    /** After a call: the fence lock is free, IRQs are on again, no RCU read-side section is left open. */
    private static void assertCallerContextRestored(Machine m, DmaFence f, String call) {
        assertFalse(f.lock().heldByCurrentCpu(), call + " left fence->lock held");
        assertTrue(Cpu.current().irqsEnabled(), call + " left IRQs off");
        assertFalse(m.rcu().readLockHeld(), call + " left an RCU read-side section open");
    }

    /**
     * Callbacks run from dma_fence_signal() with the fence lock held and IRQs off, after SIGNALED and the
     * timestamp were set (a callback may read both); so a callback must use the _locked variants.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void callbacksRunUnderTheLockWithIrqsOffAfterTheFlagAndTimestamp(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> seen = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy, OpsLifetime.PINNED);
            f.addCallback(x -> {
                seen.add("locked=" + x.lock().heldByCurrentCpu());
                seen.add("irqs=" + Cpu.current().irqsEnabled());
                seen.add("signaled=" + x.testSignaledFlag());
                seen.add("timestamp=" + (x.state().timestampSet() && x.timestamp() == 555));
                seen.add("status=" + x.getStatusLocked());
            });
            assertEquals(0, f.signalTimestamp(555));
            assertCallerContextRestored(m, f, "dma_fence_signal_timestamp");
        });
        assertEquals(List.of("locked=true", "irqs=false", "signaled=true", "timestamp=true", "status=1"), seen);
        assertEquals(List.of(), m.warnings());
    }

    /**
     * Every API call returns with fence->lock released, the caller's IRQ state restored and, under an RCU
     * lifetime, every rcu_read_lock() it took matched by its rcu_read_unlock() (no "bad unlock balance" either).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void everyCallRestoresTheCallersContext(LockingPolicy policy) {
        for (OpsLifetime lifetime : OpsLifetime.values()) {
            Machine m = new Machine();
            FullOps ops = new FullOps();
            m.cpu(0).run(() -> {
                DmaFence f = fence(m, ops, policy, lifetime);
                assertEquals("contract", f.driverName());
                assertCallerContextRestored(m, f, "dma_fence_driver_name");
                assertEquals("contract-tl", f.timelineName());
                assertCallerContextRestored(m, f, "dma_fence_timeline_name");
                assertFalse(f.isSignaled());
                assertCallerContextRestored(m, f, "dma_fence_is_signaled");
                assertEquals(0, f.getStatus());
                assertCallerContextRestored(m, f, "dma_fence_get_status");
                f.enableSwSignaling();
                assertCallerContextRestored(m, f, "dma_fence_enable_sw_signaling");
                FenceCallback cb = x -> { };
                assertEquals(0, f.addCallback(cb));
                assertCallerContextRestored(m, f, "dma_fence_add_callback");
                assertTrue(f.removeCallback(cb));
                assertCallerContextRestored(m, f, "dma_fence_remove_callback");
                assertEquals(0, f.waitTimeout(true, 0));
                assertCallerContextRestored(m, f, "dma_fence_wait_timeout");
                f.setError(-Errno.EIO);
                ops.passed = true;
                assertTrue(f.isSignaled());
                assertCallerContextRestored(m, f, "dma_fence_is_signaled (signals)");
                assertEquals(-Errno.EIO, f.getStatus());
                assertEquals(1, f.waitTimeout(false, 0));
                assertCallerContextRestored(m, f, "dma_fence_wait_timeout (signaled)");
                f.timestamp();
                f.put();
                assertCallerContextRestored(m, f, "dma_fence_put (release)");
                assertEquals(1, ops.released.get(), "->release runs once, at the last put");

                DmaFence g = fence(m, ops, policy, lifetime);
                g.addCallback(x -> { });
                g.put();
                assertCallerContextRestored(m, g, "dma_fence_put (release with pending callbacks)");
                assertEquals(-Errno.EDEADLK, g.error());
            });
            assertEquals(1, m.warnings().size(), lifetime + ": only release's WARN: " + m.warnings());
        }
    }

    /**
     * The legacy design calls ->enable_signaling with the fence lock held and IRQs off; the reworked ones call it
     * unlocked. dma_fence_get_status() calls ->signaled under the lock, except in the 2026 series, where
     * get_status_locked only tests the flag. Lockdep's check (c) reports each driver op entered under the lock.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void whichDesignsCallDriverOpsUnderTheFenceLock(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new FullOps(), policy, OpsLifetime.PINNED);
            f.enableSwSignaling();
            f.isSignaled();
        });
        assertEquals(policy == LockingPolicy.LEGACY ? List.of("enable_signaling") : List.of(), ops(m));
        m.cpu(0).run(() -> fence(m, new FullOps(), policy, OpsLifetime.PINNED).getStatus());
        List<String> expected = new ArrayList<>(policy == LockingPolicy.LEGACY ? List.of("enable_signaling")
                : List.of());
        if (!policy.statusTestsFlagOnly()) {
            expected.add("signaled");
        }
        assertEquals(expected, ops(m));
    }

    private static List<String> ops(Machine m) {
        return m.lockdep().reports(ReportKind.DRIVER_OP_UNDER_FENCE_LOCK).stream().map(LockdepReport::detail)
                .toList();
    }

    /**
     * The race add_callback's lock guards against: an interrupt signals the fence after the lock-free SIGNALED
     * test and before the lock. add_callback must then answer -ENOENT and the callback must never run (it was
     * not appended to the spliced list).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aSignalBetweenTheFastPathAndTheLockMakesAddCallbackEnoent(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> ran = new ArrayList<>();
        Script s = new Script();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new FullOps(), policy, OpsLifetime.PINNED);
            s.on(st -> st.action() == Action.LOCK_ACQUIRE && st.fn().equals("dma_fence_add_callback"),
                    st -> f.signal());
            m.setStepListener(s);
            assertEquals(-Errno.ENOENT, f.addCallback(FenceCallback.named("late", x -> ran.add("late"))));
            m.setStepListener(org.fencecheck.sim.StepListener.NONE);
            assertTrue(f.testSignaledFlag());
            assertEquals(List.of(), f.state().callbacks());
            assertCallerContextRestored(m, f, "dma_fence_add_callback");
        });
        assertTrue(s.trace().stream().anyMatch(st -> st.action() == Action.SIGNAL_TEST_AND_SET),
                "the signal did run inside the window");
        assertEquals(List.of(), ran);
    }

    /**
     * A driver that signals in two halves (i915): after test_and_set of SIGNALED the fence reads as signaled
     * (is_signaled true, add_callback -ENOENT) while its callbacks are still listed; dma_fence_timestamp() on
     * another CPU waits for the notifying half's timestamp; the callbacks run in that half.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void aReaderOfTheTimestampWaitsForTheSignalersTimestamp(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        List<String> ran = new ArrayList<>();
        DmaFence f = m.cpu(0).call(() -> {
            DmaFence x = fence(m, new ApiContractTest.PlainOps(), policy, OpsLifetime.PINNED);
            x.addCallback(FenceCallback.named("cb", y -> ran.add("cb")));
            assertFalse(x.testAndSetSignaledBit(), "this CPU wins SIGNALED");
            assertTrue(x.testAndSetSignaledBit(), "a second signaler loses");
            assertTrue(x.isSignaled());
            assertEquals(-Errno.ENOENT, x.addCallback(y -> ran.add("late")));
            assertEquals(List.of("cb"), x.state().callbackNames(), "not notified yet");
            assertFalse(x.state().timestampSet());
            return x;
        });
        try (CpuExecutor reader = new CpuExecutor(m.cpu(1))) {
            Future<Long> ts = reader.submit(f::timestamp);
            Thread.sleep(5);
            assertFalse(ts.isDone(), "the reader waits for TIMESTAMP");
            m.cpu(0).run(() -> {
                assertThrows(IllegalStateException.class, () -> f.signalNotifyLocked(1), "needs the fence lock");
                boolean flags = f.lock().spinLockIrqsave("drv_signal_irq_work", f.seqno());
                f.signalNotifyLocked(31337);
                f.lock().spinUnlockIrqrestore(flags, "drv_signal_irq_work", f.seqno());
            });
            assertEquals(31337, ts.get(20, TimeUnit.SECONDS));
        }
        assertEquals(List.of("cb"), ran);
        assertEquals(List.of(), f.state().callbacks());
        assertEquals(List.of(), m.warnings());
    }

    /**
     * The winner of SIGNALED in a two-half signal detaches an RCU lifetime's ops as dma_fence_signal()'s winner
     * does; the loser and a pinned fence leave them.
     */
    @ParameterizedTest
    @EnumSource(OpsLifetime.class)
    void theWinnerOfATwoHalfSignalDetachesTheOps(OpsLifetime lifetime) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFenceOps ops = new ApiContractTest.PlainOps();
            DmaFence f = fence(m, ops, LockingPolicy.REWORKED, lifetime);
            assertFalse(f.testAndSetSignaledBit());
            assertEquals(lifetime.detaches() ? null : ops, f.ops());
            assertTrue(f.testAndSetSignaledBit());
            assertEquals(lifetime.detaches() ? null : ops, f.ops());
            boolean flags = f.lock().spinLockIrqsave("drv_signal_irq_work", f.seqno());
            f.signalNotifyLocked(7);
            f.lock().spinUnlockIrqrestore(flags, "drv_signal_irq_work", f.seqno());
            assertEquals(7, f.timestamp());
            assertEquals(lifetime.detaches() ? DmaFence.DETACHED_DRIVER : "contract", f.driverName());
        });
        assertEquals(List.of(), m.warnings());
    }

    /** Sleeping waits are for process context: wait_any from atomic context (a spinlock held) is a BUG. */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void waitAnyMightSleep(LockingPolicy policy) {
        Machine m = new Machine();
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> {
            DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy, OpsLifetime.PINNED);
            f.lock().spinLockIrqsave("caller", f.seqno());
            DmaFence.waitAnyTimeout(new DmaFence[] {f}, false, Sched.MAX_SCHEDULE_TIMEOUT, null);
        }));
    }
}
