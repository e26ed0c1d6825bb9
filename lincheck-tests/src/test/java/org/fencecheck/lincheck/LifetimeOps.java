package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The Lincheck test object of the lifetime checks: the kernel calls on one fence of a driver module, and the
 * module's unload. One line each; the configuration is {@link LifetimeConfig#current()}, the sequential
 * specification {@link LifetimeSpec}.
 */
public class LifetimeOps {

    final LifetimeRig rig = new LifetimeRig(LifetimeConfig.current());

    @Operation
    public String unload() {
        return rig.unload();
    }

    @Operation
    public String signal() {
        return rig.call(() -> Rig.errno(rig.fence.signal()));
    }

    @Operation
    public String isSignaled() {
        return rig.call(() -> Boolean.toString(rig.fence.isSignaled()));
    }

    @Operation
    public String addCallback(@Param(gen = IntGen.class, conf = "1:2") int cb) {
        return rig.add(cb);
    }

    @Operation
    public String enableSwSignaling() {
        return rig.call(() -> { rig.fence.enableSwSignaling(); return "ok"; });
    }

    @Operation
    public String getStatus() {
        return rig.call(() -> Rig.errno(rig.fence.getStatus()));
    }

    @Operation
    public String driverName() {
        return rig.call(() -> rig.fence.driverName());
    }

    @Operation
    public String timelineName() {
        return rig.call(() -> rig.fence.timelineName());
    }

    /** NoCodeAfterUnload, NoNullOpsCall, callbacks exactly once, no dead CPU. */
    @Validate
    public void invariants() {
        rig.checkInvariants();
    }
}
