package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** dma_fence_wait_timeout() with the default wait: the waiter parks and is woken by the signal. */
class WaitTest {

    /** Waits until {@code t} is parked and its waiter callback is at the head of the fence's list. */
    private static void awaitParkedWaiter(AtomicReference<Thread> t, DmaFence f) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            Thread th = t.get();
            List<String> cbs = f.state().callbackNames();
            if (th != null && !cbs.isEmpty() && cbs.get(0).equals("waiter")
                    && (th.getState() == Thread.State.WAITING || th.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            assertTrue(System.nanoTime() < end, "waiter never parked: " + (th == null ? null : th.getState()));
            Thread.sleep(1);
        }
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitingParksAndIsWokenBySignal(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, false);
        DmaFence f = tl.emit();
        try (CpuExecutor waiter = new CpuExecutor(m.cpu(1))) {
            AtomicReference<Thread> t = new AtomicReference<>();
            Future<Long> forever = waiter.submit(() -> {
                t.set(Thread.currentThread());
                return f.waitTimeout(false, Sched.MAX_SCHEDULE_TIMEOUT);
            });
            m.cpu(0).run(() -> f.addCallback(FenceCallback.named("cb1", x -> { })));
            awaitParkedWaiter(t, f);
            assertEquals(List.of("waiter", "cb1"), f.state().callbackNames(), "the waiter is added at the head");
            assertFalse(forever.isDone());
            m.cpu(0).run(f::signal);
            assertEquals(Sched.MAX_SCHEDULE_TIMEOUT, forever.get(10, TimeUnit.SECONDS));

            DmaFence g = tl.emit();
            Future<Long> bounded = waiter.submit(() -> g.waitTimeout(true, 10 * Sched.HZ));
            awaitParkedWaiter(t, g);
            m.cpu(0).run(tl::hwComplete);
            m.cpu(0).run(tl::hwComplete);
            long left = bounded.get(10, TimeUnit.SECONDS);
            assertTrue(left > 0 && left <= 10 * Sched.HZ, "left " + left);
            assertTrue(g.testSignaledFlag(), "the interrupt signaled it");
            assertEquals(List.of(), g.state().callbacks());
        }
        assertEquals(List.of(), m.warnings());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aSignalInterruptsAnInterruptibleWaitOnly(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.NONE, false);
        DmaFence f = tl.emit();
        try (CpuExecutor waiter = new CpuExecutor(m.cpu(1))) {
            AtomicReference<Thread> t = new AtomicReference<>();
            Future<Long> intr = waiter.submit(() -> {
                t.set(Thread.currentThread());
                long r = f.waitTimeout(true, Sched.MAX_SCHEDULE_TIMEOUT);
                Thread.interrupted();
                return r;
            });
            awaitParkedWaiter(t, f);
            t.get().interrupt();
            assertEquals(-Errno.ERESTARTSYS, intr.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(), f.state().callbacks(), "the waiter removed its callback");

            Future<Boolean> unintr = waiter.submit(() -> {
                long r = f.waitTimeout(false, Sched.MAX_SCHEDULE_TIMEOUT);
                return r > 0 && Thread.interrupted();
            });
            awaitParkedWaiter(t, f);
            t.get().interrupt();
            Thread.sleep(20);
            awaitParkedWaiter(t, f);
            assertFalse(unintr.isDone(), "an uninterruptible wait ignores the signal");
            m.cpu(0).run(f::signal);
            assertTrue(unintr.get(10, TimeUnit.SECONDS), "woken by the fence, the signal still pending");
        }
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void timeoutsAndThePollingConvention(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, false);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            assertEquals(0, f.waitTimeout(false, 0), "poll of an unsignaled fence");
            assertEquals(0, f.waitTimeout(true, 3), "timed out");
            assertEquals(List.of(), f.state().callbacks());
            assertEquals(-Errno.EINVAL, f.waitTimeout(false, -1));
            f.signal();
            assertEquals(1, f.waitTimeout(false, 0), "poll of a signaled fence");
            assertEquals(7, f.waitTimeout(false, 7));
            assertEquals(0, f.await(true));
        });
        assertEquals(1, m.warnings().size(), "the negative timeout WARNs");
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitingInsideACallbackIsABug(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.NONE, false);
        assertThrows(IllegalStateException.class, () -> m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            DmaFence g = tl.emit();
            f.addCallback(x -> g.waitTimeout(false, 1));
            f.signal();
        }));
    }
}
