package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The Lincheck test object over a real driver's Java port: the kernel calls that reach its op, the hardware and
 * its work item, each one line through {@link AtlasRig#call}. The configuration is {@link AtlasConfig#current()}.
 */
public class AtlasOps {

    final AtlasRig rig = new AtlasRig(AtlasConfig.current());

    @Operation
    public String enable(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.enable(f);
    }

    @Operation
    public String add(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.add(f);
    }

    @Operation
    public String isSignaled(@Param(gen = IntGen.class, conf = "1:2") int f) {
        return rig.isSignaled(f);
    }

    @Operation
    public String hw() {
        return rig.hw();
    }

    @Operation
    public String work() {
        return rig.work();
    }

    /** The driver's properties (spec/DmaFenceDriversProps.tla) and no CPU dead of a lockup. */
    @Validate
    public void invariants() {
        rig.checkInvariants();
    }
}
