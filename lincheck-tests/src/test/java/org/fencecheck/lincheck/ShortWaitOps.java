package org.fencecheck.lincheck;

import org.fencecheck.sim.Sched;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * {@link OneFenceOps} plus a wait with a short non-zero timeout (2 jiffies = 2 ms), whose result is normalized to
 * {@code signaled} (it returned the jiffies left) or {@code timeout} (0).
 *
 * <p>Model checking only runs it in custom scenarios where another thread signals: under Lincheck's model
 * checker {@code System.nanoTime()} is a constant, so impl's {@code schedule_timeout()} never sees time pass and a
 * wait nobody signals never returns. The stress strategy runs it in random scenarios, in real time.
 */
public class ShortWaitOps extends OneFenceOps {

    static final long SHORT = Sched.msecsToJiffies(2);

    @Operation
    public String waitShort() {
        return rig.call(() -> rig.fence(1).waitTimeout(false, SHORT) > 0 ? "signaled" : "timeout");
    }
}
