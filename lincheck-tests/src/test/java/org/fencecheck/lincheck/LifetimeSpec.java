package org.fencecheck.lincheck;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;

/**
 * The sequential specification of {@link LifetimeOps}, written from spec/DmaFenceLifetime.tla and the kernel's
 * documented behaviour, not from the implementation: one fence (SIGNALED, the callback list, the callbacks'
 * claims) and the module's state. Each method is one call run alone. The hardware never passes the fence, so
 * {@code ->signaled} answers false and {@code ->enable_signaling} true: the fence is signaled only by
 * {@code signal()} or by the module's exit path, which retires (signals) it before the module goes.
 *
 * <p>The name queries: under an RCU lifetime a signaled fence answers the fixed strings; the legacy design always
 * asks the driver.
 */
public class LifetimeSpec {

    private static final String DRIVER = "lifetime-drv";

    private final boolean rcu;
    private boolean signaled;
    private boolean unloaded;
    private final List<Integer> cbList = new ArrayList<>();
    private final boolean[] claimed = new boolean[LifetimeRig.MAX_CBS];
    private final StringBuilder ran = new StringBuilder();

    public LifetimeSpec() {
        this.rcu = LifetimeConfig.current().lifetime().usesRcu();
    }

    /** dma_fence_signal(): the winner runs the list. */
    private int doSignal() {
        if (signaled) {
            return -Errno.EINVAL;
        }
        signaled = true;
        for (int cb : cbList) {
            ran.append(ran.length() == 0 ? "" : ",").append("cb").append(cb);
        }
        cbList.clear();
        return 0;
    }

    private String result(String value) {
        String r = ran.length() == 0 ? value : value + " ran[" + ran + "]";
        ran.setLength(0);
        return r;
    }

    /** ModuleExit, DriverRetire (signal, put), ModuleDrained, GraceEnd; a second unload finds it gone. */
    public String unload() {
        if (!unloaded) {
            doSignal();
            unloaded = true;
        }
        return result("unloaded");
    }

    public String signal() {
        return result(Errno.name(doSignal()));
    }

    public String isSignaled() {
        return result(Boolean.toString(signaled));
    }

    public String addCallback(int cb) {
        if (claimed[cb]) {
            return result("reused");
        }
        claimed[cb] = true;
        if (signaled) {
            return result(Errno.name(-Errno.ENOENT));
        }
        cbList.add(cb);
        return result("0");
    }

    public String enableSwSignaling() {
        return result("ok");
    }

    public String getStatus() {
        return result(signaled ? "1" : "0");
    }

    public String driverName() {
        return result(rcu && signaled ? DmaFence.DETACHED_DRIVER : DRIVER);
    }

    public String timelineName() {
        return result(rcu && signaled ? DmaFence.SIGNALED_TIMELINE : DRIVER + "-timeline");
    }
}
