package org.fencecheck.bench;

import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Sched;
import org.fencecheck.sim.SpinLock;

/**
 * The Java dma_fence under one {@link LockingPolicy}: one timeline (a context and its fence lock) on
 * {@link BenchMachine#MACHINE}, whose checking is off.
 */
final class DmaFenceSubject extends Subject<DmaFence, FenceCallback> {

    /**
     * A driver whose {@code ->enable_signaling} does nothing and succeeds. It is present on purpose: where it is
     * called (under the fence lock or not) is the one thing LEGACY and REWORKED differ in, and a fence without it
     * would hide that difference.
     */
    private static final class Ops implements DmaFenceOps {
        @Override
        public String getDriverName(DmaFence fence) {
            return "bench";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "bench";
        }

        @Override
        public boolean enableSignaling(DmaFence fence) {
            return true;
        }
    }

    private static final DmaFenceOps OPS = new Ops();

    private final SpinLock lock = BenchMachine.MACHINE.newSpinLock("fence", "fence->lock");
    private final FenceContext context;

    /*
     * Only names steps (no benchmark compares seqnos), so the unsynchronized increment by the two threads of the
     * round-trip benchmark, which may repeat a number, is harmless and keeps a CAS out of every creation.
     */
    private long seqno;

    DmaFenceSubject(LockingPolicy policy) {
        this.context = FenceContext.alloc(policy);
    }

    @Override
    public DmaFence create() {
        return DmaFence.init(OPS, lock, context, ++seqno);
    }

    @Override
    public boolean isSignaled(DmaFence fence) {
        return fence.isSignaled();
    }

    @Override
    public FenceCallback callback(Runnable body) {
        return fence -> body.run();
    }

    @Override
    public void addCallback(DmaFence fence, FenceCallback cb) {
        // -ENOENT: already signaled, and the callback will never be called; the caller completes itself.
        if (fence.addCallback(cb) != 0) {
            cb.func(fence);
        }
    }

    @Override
    public void signal(DmaFence fence) {
        fence.signal();
    }

    @Override
    public void await(DmaFence fence) {
        fence.await(false);
    }

    @Override
    public boolean await(DmaFence fence, long millis) {
        return fence.waitTimeout(false, Sched.msecsToJiffies(millis)) > 0;
    }
}
