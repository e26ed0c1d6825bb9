package org.fencecheck.lincheck;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.LockingPolicy;

/**
 * The sequential specification Lincheck checks the fence against, written from spec/DmaFence.tla and not from
 * the implementation: its state is the model's per-fence {@code flags} (SIGNALED, TIMESTAMP, ENABLE_SIGNAL),
 * {@code cbList}, {@code error} and the timestamp (the model counts its writes, {@code tsWrites}; here the value
 * written is kept, so a second write is visible), the callbacks' claims ({@code cbFence}), and the device's
 * {@code hwSeqno} and {@code irqArmed}. Each public method is one kernel call run to completion with no other
 * CPU interleaved: the composition of the model's actions that one CPU takes for that call (named in the comments)
 * when it runs alone. The two designs give the same sequential effects (the model's {@code Design} branches only
 * differ in where the lock is held); both branches are still spelled out where the model spells them.
 *
 * <p>Results are the strings the test operations return (see {@link Rig#call}): the call's value, then
 * {@code ran[...]} with the callbacks the call ran, in list order.
 *
 * <p>Lincheck creates one instance per scenario through the no-argument constructor; the configuration
 * ({@code Design}, {@code SignaledOp}, {@code NumFences}, the hardware) comes from {@link FenceConfig#current()}.
 */
public class FenceSpec {

    private static final String CLOCK = "clock";
    private static final int EIO = -Errno.EIO;

    private final boolean legacy;
    /** series2026: dma_fence_get_status() is a pure flag test. */
    private final boolean statusFlagOnly;
    private final boolean signaledOp;
    private final int numFences;

    // flags
    private final boolean[] signaled;
    private final boolean[] timestampBit;
    private final boolean[] enableSignal;
    // cbList, error, the timestamp written at signal time, cbFence (claimed)
    private final List<List<Integer>> cbList = new ArrayList<>();
    private final int[] error;
    private final String[] timestamp;
    private final boolean[][] claimed;
    // the device
    private int hwSeqno;
    private boolean irqArmed;
    private boolean irqLine;
    private int hwLeft;

    private final StringBuilder ran = new StringBuilder();

    /** Init: every fence unsignaled, no flags, empty lists, no error; the hardware as configured. */
    public FenceSpec() {
        FenceConfig c = FenceConfig.current();
        this.legacy = c.policy() == LockingPolicy.LEGACY;
        this.statusFlagOnly = c.policy().statusTestsFlagOnly();
        this.signaledOp = c.signaledOp();
        this.numFences = c.fences();
        int n = numFences + 1;
        signaled = new boolean[n];
        timestampBit = new boolean[n];
        enableSignal = new boolean[n];
        error = new int[n];
        timestamp = new String[n];
        claimed = new boolean[n][Rig.MAX_CBS];
        for (int f = 0; f < n; f++) {
            cbList.add(new ArrayList<>());
        }
        hwSeqno = c.hw() == FenceConfig.Hw.PASSED ? numFences : 0;
        hwLeft = c.hw() == FenceConfig.Hw.OP ? numFences : 0;
    }

    // ---- the model's actions, composed -------------------------------------------------------------------------

    /**
     * dma_fence_signal_timestamp_locked(): SignalTestAndSet (test_and_set SIGNALED; list_replace the cb_list; the
     * timestamp write and TIMESTAMP) then one SignalRunCallback per spliced callback, in list order.
     */
    private int signalLocked(int f, String ts) {
        if (signaled[f]) {
            return -Errno.EINVAL;
        }
        signaled[f] = true;
        timestampBit[f] = true;
        timestamp[f] = ts;
        List<Integer> local = cbList.get(f);
        cbList.set(f, new ArrayList<>());
        for (int id : local) {
            if (ran.length() > 0) {
                ran.append(',');
            }
            ran.append(Rig.cbName(f, id, numFences));
        }
        return 0;
    }

    /**
     * __dma_fence_enable_signaling(): EnableTestAndSet (test_and_set ENABLE_SIGNAL; test SIGNALED), for the first
     * enabler DriverEnter and DriverArm (arm the interrupt; re-read the hardware seqno), EnableAfter (a passed
     * fence is signaled: signal_locked under LEGACY, dma_fence_signal() under REWORKED, the same effect here).
     */
    private boolean enable(int f) {
        boolean was = enableSignal[f];
        enableSignal[f] = true;
        if (signaled[f]) {
            return false;
        }
        if (was) {
            return true;
        }
        irqArmed = true;
        if (hwSeqno < f) {
            return true;
        }
        signalLocked(f, CLOCK);
        return false;
    }

    /** What a call returns: its value and the callbacks it ran. */
    private String result(String value) {
        String r = ran.length() == 0 ? value : value + " ran[" + ran + "]";
        ran.setLength(0);
        return r;
    }

    // ---- the calls: fence 1 ----------------------------------------------------------------------------------

    public String signal() {
        return signal(1);
    }

    public String signalTimestamp(int t) {
        return result(Errno.name(signalLocked(1, Long.toString(100L * t))));
    }

    public String timestamp() {
        return timestamp(1);
    }

    public String isSignaled() {
        return isSignaled(1);
    }

    public String addCallback(int cb) {
        return addCallback(1, cb);
    }

    public String removeCallback(int cb) {
        return removeCallback(1, cb);
    }

    public String enableSwSignaling() {
        return enableSwSignaling(1);
    }

    public String getStatus() {
        return getStatus(1);
    }

    public String setError() {
        return setError(1);
    }

    /** dma_fence_wait_timeout(f, false, 0): enable signaling, then default_wait's WaitFastPath / WaitAddWaiter. */
    public String waitTimeout0() {
        enable(1);
        return result(signaled[1] ? "1" : "0");
    }

    /** dma_fence_wait_timeout(f, false, short): the same, the sleep ending signaled or timed out. */
    public String waitShort() {
        enable(1);
        return result(signaled[1] ? "signaled" : "timeout");
    }

    // ---- the calls: any fence --------------------------------------------------------------------------------

    /** dma_fence_signal(): SpinLock, the locked signal, SpinUnlock. */
    public String signal(int f) {
        return result(Errno.name(signalLocked(f, CLOCK)));
    }

    /** dma_fence_timestamp() of a signaled fence (the operation reports "unsignaled" rather than calling it). */
    public String timestamp(int f) {
        return result(signaled[f] ? timestamp[f] : "unsignaled");
    }

    /** IsSignaled: SIGNALED, else ->signaled() (hwSeqno >= f) and then dma_fence_signal(). */
    public String isSignaled(int f) {
        if (signaled[f]) {
            return result("true");
        }
        if (signaledOp && hwSeqno >= f) {
            signalLocked(f, CLOCK);
            return result("true");
        }
        return result("false");
    }

    /**
     * dma_fence_add_callback(): the claim (Call's {@code cbFence[cb] = 0}), AddCallbackFastPath, enabling
     * (under the lock for LEGACY, before it for REWORKED) and AddCallbackInsert (LEGACY: if enabling returned
     * true; REWORKED: if SIGNALED is still clear).
     */
    public String addCallback(int f, int cb) {
        if (claimed[f][cb]) {
            return result("reused");
        }
        claimed[f][cb] = true;
        if (signaled[f]) {
            return result(Errno.name(-Errno.ENOENT));
        }
        boolean ok;
        if (legacy) {
            ok = enable(f);
        } else {
            enable(f);
            ok = !signaled[f];
        }
        if (ok) {
            cbList.get(f).add(cb);
        }
        return result(ok ? "0" : Errno.name(-Errno.ENOENT));
    }

    /** RemoveCallbackDel: list_del_init() if still linked. */
    public String removeCallback(int f, int cb) {
        boolean linked = cbList.get(f).remove(Integer.valueOf(cb));
        return result(Boolean.toString(linked));
    }

    /** dma_fence_enable_sw_signaling(). */
    public String enableSwSignaling(int f) {
        enable(f);
        return result("ok");
    }

    /**
     * GetStatusRead: dma_fence_is_signaled_locked() (->signaled() may signal), then 0, 1 or the error. Under
     * series2026 dma_fence_get_status_locked() only tests SIGNALED (02/10): it never signals.
     */
    public String getStatus(int f) {
        if (!signaled[f] && signaledOp && hwSeqno >= f && !statusFlagOnly) {
            signalLocked(f, CLOCK);
        }
        if (!signaled[f]) {
            return result("0");
        }
        return result(error[f] != 0 ? Errno.name(error[f]) : "1");
    }

    /** SetError (drv_error_path): if not signaled, fence->error = -EIO and signal_locked. */
    public String setError(int f) {
        if (!signaled[f]) {
            error[f] = EIO;
            signalLocked(f, CLOCK);
        }
        return result("ok");
    }

    /**
     * HwComplete: hwSeqno + 1 (while a fence is left, and only when the configuration lets the hardware run);
     * an armed interrupt is raised (irqLine).
     */
    public String hwComplete() {
        if (hwLeft == 0) {
            return result("idle");
        }
        hwLeft--;
        hwSeqno++;
        irqLine = irqLine || irqArmed;
        return result("hw=" + hwSeqno);
    }

    /**
     * IrqEnter (takes the raised interrupt), IrqNextFence for every passed fence not yet signaled, in seqno order
     * (dma_fence_signal() each), IrqExit.
     */
    public String irq() {
        if (!irqLine) {
            return result("ok");
        }
        irqLine = false;
        for (int g = 1; g <= hwSeqno; g++) {
            if (!signaled[g]) {
                signalLocked(g, CLOCK);
            }
        }
        return result("ok");
    }
}
