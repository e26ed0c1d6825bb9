package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The Lincheck test object over one fence: one operation per kernel call, each one line that runs the call on the
 * thread's CPU through {@link Rig#call}. The configuration (design, driver, mutation) is
 * {@link FenceConfig#current()}; the sequential specification is {@link FenceSpec}.
 */
public class OneFenceOps {

    final Rig rig = new Rig(FenceConfig.current());

    @Operation
    public String signal() {
        return rig.call(() -> Rig.errno(rig.fence(1).signal()));
    }

    @Operation
    public String signalTimestamp(@Param(gen = IntGen.class, conf = "1:2") int t) {
        return rig.call(() -> Rig.errno(rig.fence(1).signalTimestamp(100L * t)));
    }

    @Operation
    public String timestamp() {
        return rig.call(() -> rig.fence(1).testSignaledFlag() ? Rig.timestampValue(rig.fence(1).timestamp()) : "unsignaled");
    }

    @Operation
    public String isSignaled() {
        return rig.call(() -> Boolean.toString(rig.isSignaled(1)));
    }

    @Operation
    public String addCallback(@Param(gen = IntGen.class, conf = "1:3") int cb) {
        return rig.add(1, cb);
    }

    @Operation
    public String removeCallback(@Param(gen = IntGen.class, conf = "1:3") int cb) {
        return rig.remove(1, cb);
    }

    @Operation
    public String enableSwSignaling() {
        return rig.call(() -> { rig.fence(1).enableSwSignaling(); return "ok"; });
    }

    @Operation
    public String getStatus() {
        return rig.call(() -> Rig.errno(rig.getStatus(1)));
    }

    @Operation
    public String setError() {
        return rig.call(() -> { rig.errorPath(1); return "ok"; });
    }

    @Operation
    public String waitTimeout0() {
        return rig.call(() -> Long.toString(rig.fence(1).waitTimeout(false, 0)));
    }

    /** CallbackAtMostOnce, CallbackOnlyAfterSignaled, EnableSignalingAtMostOnce, locks free, no dead CPU. */
    @Validate
    public void invariants() {
        rig.checkInvariants();
    }
}
