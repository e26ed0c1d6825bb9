package org.fencecheck.driver;

import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;

/** The simulated driver's {@code dma_fence_ops}: {@code ->enable_signaling} and the names. */
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
    static final class WithSignaled extends DriverOps {

        WithSignaled(DriverTimeline timeline) {
            super(timeline);
        }

        @Override
        public boolean signaled(DmaFence fence) {
            return timeline.signaled(fence);
        }
    }
}
