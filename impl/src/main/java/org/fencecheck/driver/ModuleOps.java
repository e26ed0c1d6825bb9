package org.fencecheck.driver;

import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.OpsOwner;

/**
 * The {@code dma_fence_ops} table of a {@link DriverModule}: it lives in the module ({@link #owner()}), so the
 * core's module check sees every dereference. {@code ->enable_signaling} and {@code ->signaled} answer from the
 * module's hardware seqno; the subclasses add {@code ->release} or {@code ->wait} (an op is present exactly when
 * the class overrides it), which is what keeps a table from being detached on signal.
 */
class ModuleOps implements DmaFenceOps {

    final DriverModule module;

    ModuleOps(DriverModule module) {
        this.module = module;
    }

    @Override
    public OpsOwner owner() {
        return module;
    }

    @Override
    public String getDriverName(DmaFence fence) {
        return module.name();
    }

    @Override
    public String getTimelineName(DmaFence fence) {
        return module.name() + "-timeline";
    }

    /** Answers false (the core signals) once the hardware passed the fence, true otherwise. */
    @Override
    public boolean enableSignaling(DmaFence fence) {
        return !module.hwPassed(fence);
    }

    @Override
    public boolean signaled(DmaFence fence) {
        return module.hwPassed(fence);
    }

    /** With {@code ->release} (spec {@code DriverOps = {"release"}}): counts the releases it did. */
    static final class WithRelease extends ModuleOps {

        WithRelease(DriverModule module) {
            super(module);
        }

        @Override
        public void release(DmaFence fence) {
            module.releasedByDriver();
        }
    }

    /** With {@code ->wait} (spec {@code DriverOps = {"wait"}}): the default wait, from the driver's code. */
    static final class WithWait extends ModuleOps {

        WithWait(DriverModule module) {
            super(module);
        }

        @Override
        public long waitOp(DmaFence fence, boolean intr, long timeout) {
            return fence.defaultWait(intr, timeout);
        }
    }
}
