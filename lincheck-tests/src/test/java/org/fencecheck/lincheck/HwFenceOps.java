package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;

/**
 * {@link OneFenceOps} plus the device: {@code hwComplete()} (the hardware passes the fence and raises the
 * interrupt if armed) and {@code irq()} (the interrupt CPU takes it and the handler signals), the spec's
 * {@code HwComplete} and {@code IrqEnter}..{@code IrqExit} as separate operations, as they are separate actions.
 */
public class HwFenceOps extends OneFenceOps {

    @Operation
    public String hwComplete() {
        return rig.hwComplete();
    }

    @Operation
    public String irq() {
        return rig.irq();
    }
}
