package org.fencecheck.lincheck;

import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;

/** The real fence: one {@link DmaFence} of a {@link DriverTimeline}, every call straight to impl. */
final class RealFence implements FenceUnderTest {

    private final DriverTimeline timeline;
    private final DmaFence fence;

    RealFence(DriverTimeline timeline, DmaFence fence) {
        this.timeline = timeline;
        this.fence = fence;
    }

    @Override
    public int signal() {
        return fence.signal();
    }

    @Override
    public int signalTimestamp(long ts) {
        return fence.signalTimestamp(ts);
    }

    @Override
    public boolean isSignaled() {
        return fence.isSignaled();
    }

    @Override
    public int addCallback(FenceCallback cb) {
        return fence.addCallback(cb);
    }

    @Override
    public boolean removeCallback(FenceCallback cb) {
        return fence.removeCallback(cb);
    }

    @Override
    public void enableSwSignaling() {
        fence.enableSwSignaling();
    }

    @Override
    public int getStatus() {
        return fence.getStatus();
    }

    @Override
    public void errorPath() {
        timeline.errorPath(fence, -Errno.EIO);
    }

    @Override
    public long waitTimeout(long timeout) {
        return fence.waitTimeout(false, timeout);
    }

    @Override
    public boolean testSignaledFlag() {
        return fence.testSignaledFlag();
    }

    @Override
    public long timestamp() {
        return fence.timestamp();
    }
}
