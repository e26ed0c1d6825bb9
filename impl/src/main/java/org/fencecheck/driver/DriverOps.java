package org.fencecheck.driver;

import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;

/**
 * The simulated driver's {@code dma_fence_ops}: {@code ->enable_signaling}, the names and, for a driver with a lock
 * of its own, {@code ->release} (spec {@code ReleaseOpPc}); {@code ->signaled} and {@code ->wait} where the
 * configuration has them.
 */
class DriverOps implements DmaFenceOps {

    final DriverTimeline timeline;

    DriverOps(DriverTimeline timeline) {
        this.timeline = timeline;
    }

    @Override
    public String getDriverName(DmaFence fence) {
        return "fencecheck-drv";
    }

    @Override
    public String getTimelineName(DmaFence fence) {
        return "timeline-" + timeline.context().id();
    }

    @Override
    public boolean enableSignaling(DmaFence fence) {
        return timeline.enableSignaling(fence);
    }

    /** The same ops with {@code ->signaled} (a separate class: an op is present iff the class overrides it). */
    static class WithSignaled extends DriverOps {

        WithSignaled(DriverTimeline timeline) {
            super(timeline);
        }

        @Override
        public boolean signaled(DmaFence fence) {
            return timeline.signaled(fence);
        }
    }

    /** The ops of a driver with a lock of its own: {@code ->release} unlinks the fence under it. */
    static final class Releasing extends DriverOps {

        Releasing(DriverTimeline timeline) {
            super(timeline);
        }

        @Override
        public void release(DmaFence fence) {
            timeline.release(fence);
        }
    }

    /** The ops of a driver with its own {@code ->wait} (radeon's; spec ops opwait, opwaiti). */
    static final class Waiting extends DriverOps {

        Waiting(DriverTimeline timeline) {
            super(timeline);
        }

        @Override
        public long waitOp(DmaFence fence, boolean intr, long timeout) {
            return timeline.waitOp(fence, intr, timeout);
        }
    }

    /** {@link Waiting} with {@code ->signaled}, radeon_fence_ops' set of optional ops. */
    static final class WaitingWithSignaled extends WithSignaled {

        WaitingWithSignaled(DriverTimeline timeline) {
            super(timeline);
        }

        @Override
        public long waitOp(DmaFence fence, boolean intr, long timeout) {
            return timeline.waitOp(fence, intr, timeout);
        }
    }

    /** {@link Releasing} with {@code ->signaled}. */
    static final class ReleasingWithSignaled extends WithSignaled {

        ReleasingWithSignaled(DriverTimeline timeline) {
            super(timeline);
        }

        @Override
        public void release(DmaFence fence) {
            timeline.release(fence);
        }
    }
}
