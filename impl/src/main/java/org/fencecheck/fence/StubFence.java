package org.fencecheck.fence;

import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * The global stub fence and private stubs ({@code dma_fence_stub}, {@code dma_fence_stub_lock},
 * {@code dma_fence_stub_ops}). They live on {@link Machine#shared()}.
 */
final class StubFence {

    /*
     * The stub is created lazily under the stub lock, as the kernel's dma_fence_get_stub() does with
     * spin_lock(&dma_fence_stub_lock). `stub` is a plain field guarded by that simulated spinlock: its CAS on
     * acquire and volatile set on release order every access to it.
     */

    private static final SpinLock LOCK = Machine.shared().newSpinLock("dma_fence_stub_lock",
            "dma_fence_stub_lock");
    private static final FenceContext CONTEXT = new FenceContext(0, LockingPolicy.LEGACY);
    private static final DmaFenceOps OPS = new DmaFenceOps() {
        @Override
        public String getDriverName(DmaFence fence) {
            return "stub";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "stub";
        }
    };

    private static DmaFence stub;

    private StubFence() {
    }

    static DmaFence get() {
        LOCK.spinLock("dma_fence_get_stub", Step.NO_FENCE);
        DmaFence s = stub;
        if (s == null) {
            s = DmaFence.init(OPS, LOCK, CONTEXT, 0);
            s.initStubLocked(DmaFence.ktimeGet());
            stub = s;
        }
        LOCK.spinUnlock("dma_fence_get_stub", Step.NO_FENCE);
        return s.get();
    }

    static DmaFence allocatePrivate(long ts) {
        DmaFence f = DmaFence.init(OPS, LOCK, CONTEXT, 0);
        f.initPrivateStub(ts);
        return f;
    }
}
