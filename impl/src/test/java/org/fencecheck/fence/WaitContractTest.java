package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The return-value contract of dma_fence_wait_timeout(), dma_fence_default_wait() and
 * dma_fence_wait_any_timeout() as their kernel-doc states it: the remaining jiffies (1 for a successful poll) on
 * success, 0 on timeout, -ERESTARTSYS when an interruptible wait sees a signal, -EINVAL for bad arguments, and the
 * driver's ->wait when it has one. Timeouts are a few jiffies (milliseconds); nothing asserts on elapsed time.
 */
class WaitContractTest {

    /** A driver with ->wait that records its arguments and answers {@code answer}. */
    static final class WaitOps extends ApiContractTest.PlainOps {
        volatile long answer;
        volatile int calls;
        volatile boolean intrSeen;
        volatile long timeoutSeen = -1;
        volatile boolean enabledWhenCalled;

        @Override
        public long waitOp(DmaFence fence, boolean intr, long timeout) {
            calls++;
            intrSeen = intr;
            timeoutSeen = timeout;
            enabledWhenCalled = fence.state().enableSignal();
            return answer;
        }
    }

    private static DmaFence fence(Machine m, DmaFenceOps ops, LockingPolicy policy) {
        return DmaFence.init(ops, m.newSpinLock("fence", "fence->lock"), FenceContext.alloc(policy), 1);
    }

    private static DmaFence plain(Machine m, LockingPolicy policy) {
        return fence(m, new ApiContractTest.PlainOps(), policy);
    }

    /** Runs {@code body} with a signal pending for the calling task (its interrupt status), then clears it. */
    private static <T> T withSignalPending(Supplier<T> body) {
        Thread.currentThread().interrupt();
        try {
            return body.get();
        } finally {
            Thread.interrupted();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_wait_timeout()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * With ->wait, dma_fence_wait_timeout enables signaling, then returns whatever the driver's wait returns
     * (other error values may come from custom implementations), passing intr and the timeout through.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aDriversWaitOpIsCalledAfterEnablingAndItsAnswerReturned(LockingPolicy policy) {
        Machine m = new Machine();
        WaitOps ops = new WaitOps();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            ops.answer = 42;
            assertEquals(42, f.waitTimeout(true, 100));
            assertEquals(1, ops.calls);
            assertTrue(ops.intrSeen);
            assertEquals(100, ops.timeoutSeen);
            assertTrue(ops.enabledWhenCalled, "signaling is enabled before ->wait");

            ops.answer = -Errno.ETIME;
            assertEquals(-Errno.ETIME, f.waitTimeout(false, 7));
            assertFalse(ops.intrSeen);
            assertEquals(7, ops.timeoutSeen);

            ops.answer = -Errno.ERESTARTSYS;
            assertEquals(-Errno.ERESTARTSYS, f.await(true), "dma_fence_wait passes errors on");
            assertEquals(Sched.MAX_SCHEDULE_TIMEOUT, ops.timeoutSeen, "dma_fence_wait waits without a limit");
            ops.answer = 5;
            assertEquals(0, f.await(false), "dma_fence_wait returns 0 on success");
            assertEquals(4, ops.calls);

            assertEquals(-Errno.EINVAL, f.waitTimeout(false, -1));
            assertEquals(4, ops.calls, "a negative timeout is refused before the driver is called");
        });
        assertEquals(1, m.warnings().size());
        assertEquals("dma_fence_wait_timeout", m.warnings().get(0).fn());
    }

    /**
     * A signaled fence: a zero timeout answers 1, any other timeout is returned whole (MAX_SCHEDULE_TIMEOUT
     * included), whether or not the wait is interruptible and even with a signal pending.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitingOnASignaledFenceReturnsTheWholeTimeout(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = plain(m, policy);
            f.signal();
            for (boolean intr : new boolean[] {false, true}) {
                assertEquals(1, f.waitTimeout(intr, 0));
                assertEquals(1, f.waitTimeout(intr, 1));
                assertEquals(250, f.waitTimeout(intr, 250));
                assertEquals(Sched.MAX_SCHEDULE_TIMEOUT, f.waitTimeout(intr, Sched.MAX_SCHEDULE_TIMEOUT));
                assertEquals(1, (long) withSignalPending(() -> f.waitTimeout(intr, 0)));
                assertEquals(9, (long) withSignalPending(() -> f.waitTimeout(intr, 9)));
                assertEquals(0, (long) withSignalPending(() -> f.await(intr)));
            }
            assertEquals(List.of(), f.state().callbacks());
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * An interruptible wait with a signal already pending returns -ERESTARTSYS at once (no time limit needed to
     * end it), leaving no waiter behind; an uninterruptible one ignores the signal and times out with 0.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aPendingSignalEndsOnlyAnInterruptibleWait(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = plain(m, policy);
            assertEquals(-Errno.ERESTARTSYS,
                    (long) withSignalPending(() -> f.waitTimeout(true, Sched.MAX_SCHEDULE_TIMEOUT)));
            assertEquals(-Errno.ERESTARTSYS, (long) withSignalPending(() -> f.waitTimeout(true, 5)));
            assertEquals(-Errno.ERESTARTSYS, (long) withSignalPending(() -> f.await(true)));
            assertEquals(-Errno.ERESTARTSYS, (long) withSignalPending(() -> f.defaultWait(true, 0)),
                    "the signal is tested before the zero timeout");
            assertEquals(List.of(), f.state().callbacks());
            assertTrue(withSignalPending(() -> f.waitTimeout(false, 2) == 0 && Sched.signalPending()),
                    "timed out, the signal still pending");
            assertEquals(List.of(), f.state().callbacks());
            assertFalse(f.testSignaledFlag());
        });
        assertEquals(List.of(), m.warnings());
    }

    /** A wait whose enabling finds the fence passed (the driver answers false) returns at once with the timeout. */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void aWaitWhoseEnablingSignalsReturnsTheTimeout(LockingPolicy policy) {
        Machine m = new Machine();
        ApiContractTest.EnableOps ops = new ApiContractTest.EnableOps();
        ops.answer = false;
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            assertEquals(Sched.MAX_SCHEDULE_TIMEOUT, f.waitTimeout(false, Sched.MAX_SCHEDULE_TIMEOUT));
            assertTrue(f.testSignaledFlag());
            DmaFence g = fence(m, ops, policy);
            assertEquals(1, g.waitTimeout(true, 0), "a poll that enabled and so signaled the fence");
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_default_wait()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * dma_fence_default_wait does not enable signaling itself (dma_fence_wait_timeout does): waiting on a fence
     * nobody enabled just times out, and its driver is never asked.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void defaultWaitDoesNotEnableSignaling(LockingPolicy policy) {
        Machine m = new Machine();
        ApiContractTest.EnableOps ops = new ApiContractTest.EnableOps();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            assertEquals(0, f.defaultWait(false, 0));
            assertEquals(0, f.defaultWait(true, 2));
            assertFalse(f.state().enableSignal());
            assertEquals(0, ops.calls.get());
            assertEquals(0, f.waitTimeout(false, 0));
            assertTrue(f.state().enableSignal(), "wait_timeout enables, even to poll");
            assertEquals(1, ops.calls.get());
        });
    }

    /**
     * A default wait that times out returns 0 and takes its waiter off the list, leaving the other callbacks as
     * they were; they still run on the signal.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aTimedOutDefaultWaitLeavesTheOtherCallbacks(LockingPolicy policy) {
        Machine m = new Machine();
        AtomicReference<String> ran = new AtomicReference<>();
        m.cpu(0).run(() -> {
            DmaFence f = plain(m, policy);
            f.addCallback(FenceCallback.named("cb1", x -> ran.set("cb1")));
            assertEquals(0, f.defaultWait(false, 0), "a poll adds no waiter");
            assertEquals(List.of("cb1"), f.state().callbackNames());
            assertEquals(0, f.defaultWait(false, 2));
            assertEquals(0, f.waitTimeout(true, 3));
            assertEquals(List.of("cb1"), f.state().callbackNames());
            f.signal();
        });
        assertEquals("cb1", ran.get());
        assertEquals(List.of(), m.warnings());
    }

    /** A default wait with a time limit, woken by the signal from another CPU, returns the jiffies left (>= 1). */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "SERIES2026"})
    void aBoundedWaitWokenBySignalReturnsWhatIsLeft(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        DmaFence f = m.cpu(0).call(() -> plain(m, policy));
        long limit = 60 * Sched.HZ;
        try (CpuExecutor waiter = new CpuExecutor(m.cpu(1))) {
            Future<Long> w = waiter.submit(() -> f.waitTimeout(false, limit));
            awaitCallbacks(f, List.of("waiter"));
            m.cpu(0).run(f::signal);
            long left = w.get(20, TimeUnit.SECONDS);
            assertTrue(left >= 1 && left <= limit, "left " + left);
        }
        assertEquals(List.of(), f.state().callbacks());
        assertEquals(List.of(), m.warnings());
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_wait_any_timeout()
    // ---------------------------------------------------------------------------------------------------------

    /** No fences, an empty array or a negative timeout: WARN and -EINVAL. */
    @Test
    void waitAnyRefusesBadArguments() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = plain(m, LockingPolicy.LEGACY);
            int[] idx = {-1};
            assertEquals(-Errno.EINVAL, DmaFence.waitAnyTimeout(null, false, 1, idx));
            assertEquals(-Errno.EINVAL, DmaFence.waitAnyTimeout(new DmaFence[0], true, 0, idx));
            assertEquals(-Errno.EINVAL, DmaFence.waitAnyTimeout(new DmaFence[] {f}, false, -1, idx));
            assertEquals(-1, idx[0], "idx is meaningful only on a positive return");
            assertEquals(List.of(), f.state().callbacks());
        });
        assertEquals(3, m.warnings().size());
        assertTrue(m.warnings().stream().allMatch(w -> w.fn().equals("dma_fence_wait_any_timeout")));
    }

    /**
     * A zero timeout polls with dma_fence_is_signaled, in array order: 1 and the index of the first signaled
     * fence, or 0; a driver's ->signaled counts (and the poll signals that fence). A poll adds no callbacks.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitAnyPollReportsTheFirstSignaledFence(LockingPolicy policy) {
        Machine m = new Machine();
        ApiContractTest.SignaledOps hw = new ApiContractTest.SignaledOps();
        m.cpu(0).run(() -> {
            DmaFence a = plain(m, policy);
            DmaFence b = fence(m, hw, policy);
            DmaFence c = plain(m, policy);
            DmaFence[] all = {a, b, c};
            int[] idx = {-1};
            assertEquals(0, DmaFence.waitAnyTimeout(all, false, 0, idx));
            for (DmaFence f : all) {
                assertEquals(List.of(), f.state().callbacks());
                assertFalse(f.state().enableSignal(), "a poll does not enable signaling");
            }
            c.signal();
            assertEquals(1, DmaFence.waitAnyTimeout(all, true, 0, idx));
            assertEquals(2, idx[0]);
            hw.passed.set(true);
            assertEquals(1, DmaFence.waitAnyTimeout(all, false, 0, idx));
            assertEquals(1, idx[0], "b's driver says it passed; it comes before c");
            assertTrue(b.testSignaledFlag(), "the poll signaled it");
            a.signal();
            assertEquals(1, DmaFence.waitAnyTimeout(all, false, 0, null), "idx may be NULL");
            assertEquals(1, DmaFence.waitAnyTimeout(all, false, 0, idx));
            assertEquals(0, idx[0]);
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * A positive timeout with a fence already signaled returns the whole timeout and its index: callbacks are
     * added in array order until one fails with -ENOENT, the later fences are left alone, and every callback
     * added is removed again.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitAnyOnAnAlreadySignaledFenceStopsThereAndCleansUp(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence a = plain(m, policy);
            DmaFence b = plain(m, policy);
            DmaFence c = plain(m, policy);
            b.signal();
            int[] idx = {-1};
            assertEquals(30, DmaFence.waitAnyTimeout(new DmaFence[] {a, b, c}, true, 30, idx));
            assertEquals(1, idx[0]);
            assertTrue(a.state().enableSignal(), "a's callback was added");
            assertEquals(List.of(), a.state().callbacks(), "and removed");
            assertFalse(c.state().enableSignal(), "c was never reached");
            assertEquals(List.of(), c.state().callbacks());
            assertEquals(Sched.MAX_SCHEDULE_TIMEOUT,
                    DmaFence.waitAnyTimeout(new DmaFence[] {b}, false, Sched.MAX_SCHEDULE_TIMEOUT, null));
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * With nothing signaled: 0 once the time is up, -ERESTARTSYS for an interruptible wait with a signal pending
     * (an uninterruptible one ignores it); every fence was enabled and every callback removed.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitAnyTimesOutOrIsInterruptedAndCleansUp(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence a = plain(m, policy);
            DmaFence b = plain(m, policy);
            DmaFence[] all = {a, b};
            int[] idx = {-1};
            assertEquals(0, DmaFence.waitAnyTimeout(all, false, 2, idx));
            assertEquals(-Errno.ERESTARTSYS, (long) withSignalPending(
                    () -> DmaFence.waitAnyTimeout(all, true, Sched.MAX_SCHEDULE_TIMEOUT, idx)));
            assertEquals(0, (long) withSignalPending(() -> DmaFence.waitAnyTimeout(all, false, 2, idx)));
            assertEquals(-1, idx[0]);
            for (DmaFence f : all) {
                assertTrue(f.state().enableSignal());
                assertEquals(List.of(), f.state().callbacks());
                assertFalse(f.testSignaledFlag());
            }
        });
        assertEquals(List.of(), m.warnings());
    }

    /** A wait on several fences wakes when one of them is signaled by another CPU, and reports that one. */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void waitAnyWakesOnTheFenceThatSignals(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        DmaFence[] all = m.cpu(0).call(() -> new DmaFence[] {plain(m, policy), plain(m, policy), plain(m, policy)});
        int[] idx = {-1};
        try (CpuExecutor waiter = new CpuExecutor(m.cpu(1))) {
            Future<Long> w = waiter.submit(() -> DmaFence.waitAnyTimeout(all, true, Sched.MAX_SCHEDULE_TIMEOUT, idx));
            for (DmaFence f : all) {
                awaitCallbacks(f, List.of("waiter"));
            }
            m.cpu(0).run(all[2]::signal);
            assertEquals(Sched.MAX_SCHEDULE_TIMEOUT, w.get(20, TimeUnit.SECONDS));
        }
        assertEquals(2, idx[0]);
        for (DmaFence f : all) {
            assertEquals(List.of(), f.state().callbacks());
        }
        assertEquals(List.of(), m.warnings());
    }

    private static void awaitCallbacks(DmaFence f, List<String> names) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!f.state().callbackNames().equals(names)) {
            assertTrue(System.nanoTime() < end, "callbacks " + f.state().callbackNames());
            Thread.sleep(1);
        }
    }
}
