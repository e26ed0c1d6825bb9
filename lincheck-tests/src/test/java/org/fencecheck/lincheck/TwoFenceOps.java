package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The Lincheck test object over two fences of one context (seqno 1 and 2, one shared fence->lock, one driver
 * and interrupt): the interrupt handler signals every passed fence in seqno order, and arming the interrupt for
 * one fence makes it signal the other too.
 */
public class TwoFenceOps {

    final Rig rig = new Rig(FenceConfig.current());

    @Operation
    public String signal(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.call(() -> Rig.errno(rig.fence(f).signal()));
    }

    @Operation
    public String isSignaled(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.call(() -> Boolean.toString(rig.fence(f).isSignaled()));
    }

    @Operation
    public String addCallback(@Param(gen = IntGen.class, conf = "1:2") int f,
                              @Param(gen = IntGen.class, conf = "1:2") int cb) {
        return rig.add(f, cb);
    }

    @Operation
    public String removeCallback(@Param(gen = IntGen.class, conf = "1:2") int f,
                                 @Param(gen = IntGen.class, conf = "1:2") int cb) {
        return rig.remove(f, cb);
    }

    @Operation
    public String enableSwSignaling(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.call(() -> { rig.fence(f).enableSwSignaling(); return "ok"; });
    }

    @Operation
    public String getStatus(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.call(() -> Rig.errno(rig.fence(f).getStatus()));
    }

    @Operation
    public String setError(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.call(() -> { rig.errorPath(f); return "ok"; });
    }

    @Operation
    public String hwComplete() {
        return rig.hwComplete();
    }

    @Operation
    public String irq() {
        return rig.irq();
    }

    /** CallbackAtMostOnce, CallbackOnlyAfterSignaled, EnableSignalingAtMostOnce, locks free, no dead CPU. */
    @Validate
    public void invariants() {
        rig.checkInvariants();
    }
}
