package org.fencecheck.fence;

import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;

/**
 * The selftest's mock fence (st-dma-fence.c, 6.x): its own lock, context 0, seqno 0, ops with names, a custom
 * {@code ->wait} (mock_wait) and {@code ->release}.
 */
final class MockFence {

    private MockFence() {
    }

    /** mock_ops: no ->enable_signaling, no ->signaled; mock_wait and a counting release. */
    static final class MockOps implements DmaFenceOps {
        final AtomicInteger released = new AtomicInteger();

        @Override
        public String getDriverName(DmaFence fence) {
            return "mock";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "mock";
        }

        /**
         * mock_wait(): add a wake-up callback, sleep while unsignaled, then -ETIME if the callback was still
         * pending (timed out), -ERESTARTSYS if a signal is pending, else the time left.
         */
        @Override
        public long waitOp(DmaFence f, boolean intr, long timeout) {
            Thread task = Thread.currentThread();
            FenceCallback cb = FenceCallback.named("mock_wakeup", fence -> Sched.wakeUp(task));
            if (f.addCallback(cb) != 0) {
                return timeout;
            }
            while (timeout > 0) {
                if (f.testSignaledFlag()) {
                    break;
                }
                if (intr && Sched.signalPending()) {
                    break;
                }
                timeout = Sched.scheduleTimeout(timeout, intr);
            }
            if (!f.removeCallback(cb)) {
                return timeout;
            }
            if (intr && Sched.signalPending()) {
                return -Errno.ERESTARTSYS;
            }
            return -Errno.ETIME;
        }

        @Override
        public void release(DmaFence fence) {
            released.incrementAndGet();
        }
    }

    /** mock_fence(): a fresh fence with its own lock (class "mock"). */
    static DmaFence create(Machine m, LockingPolicy policy) {
        return DmaFence.init(new MockOps(), m.newSpinLock("mock", "f->lock"), new FenceContext(0, policy), 0);
    }
}
