package org.fencecheck.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceFlags;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * A small dma_fence written in test code, to carry the deliberately broken variants: {@link
 * org.fencecheck.fence.DmaFence} is final and its steps are private, so a broken variant cannot be a subclass.
 *
 * <p>It reuses impl's pieces: the simulated {@link SpinLock} (so contention, CPUs and IRQ state behave as in the
 * real fence) and the {@link FenceFlags} bit numbers. Its protocol follows the spec's actions and
 * drivers/dma-buf/dma-fence.c in the shape of the real fence: the SIGNALED test-and-set, the splice of the
 * callback list onto a local list and the callbacks all happen in one fence-lock critical section;
 * {@code __dma_fence_enable_signaling()} under the lock (LEGACY) or lock-free (REWORKED). Its driver is the spec's
 * with {@code DriverLock = "none"}: {@code ->enable_signaling} counts its entries, arms, and answers from the
 * hardware state fixed by {@link FenceConfig.Hw}; there is no interrupt. {@code cb_list} is a mutable list guarded
 * by the lock, like the kernel's {@code list_head}, so that the broken variants that touch it unlocked really race.
 *
 * <p>With {@link FenceConfig.Impl#TWIN} it is correct and must pass the same checks as the real fence (the control
 * run); each other {@link FenceConfig.Impl} changes exactly one step, marked {@code BROKEN(n)} below.
 */
final class TwinFence implements FenceUnderTest {

    private static final int SIGNALED = 1 << FenceFlags.SIGNALED_BIT;
    private static final int TIMESTAMP = 1 << FenceFlags.TIMESTAMP_BIT;
    private static final int ENABLE_SIGNAL = 1 << FenceFlags.ENABLE_SIGNAL_BIT;
    private static final long SEQNO = 1;

    private final FenceConfig.Impl variant;
    private final boolean legacy;
    private final boolean hasSignaledOp;
    private final boolean hwPassed;
    private final Runnable onDriverEnter;
    private final SpinLock lock;

    private final AtomicInteger flags = new AtomicInteger();
    /** Guarded by {@link #lock} (except where a broken variant says otherwise). */
    private List<FenceCallback> cbList = new ArrayList<>();
    /** Written under the lock before TIMESTAMP is set; volatile so the stress runs see it without the bit's help. */
    private volatile long timestamp;
    private volatile int error;

    TwinFence(Machine machine, FenceConfig config, Runnable onDriverEnter) {
        this.variant = config.impl();
        this.legacy = config.policy() == LockingPolicy.LEGACY;
        this.hasSignaledOp = config.signaledOp();
        this.hwPassed = config.hw() == FenceConfig.Hw.PASSED;
        this.onDriverEnter = onDriverEnter;
        this.lock = machine.newSpinLock("fence", "fence->lock");
    }

    SpinLock lock() {
        return lock;
    }

    // ---- signalling ------------------------------------------------------------------------------------------

    @Override
    public int signal() {
        return lockAndSignal(System.nanoTime());
    }

    @Override
    public int signalTimestamp(long ts) {
        return lockAndSignal(ts);
    }

    /** dma_fence_signal_timestamp(): lock irqsave, signal_timestamp_locked, unlock. */
    private int lockAndSignal(long ts) {
        if (variant == FenceConfig.Impl.SIGNAL_SPLIT_TAS) {
            // BROKEN(1): the test of the test-and-set is taken before the lock as a fast path and the set is a
            // separate write under the lock, so two signallers can both see SIGNALED clear and both "win".
            if (testBit(SIGNALED)) {
                return -Errno.EINVAL;
            }
            boolean irq = lock.spinLockIrqsave("dma_fence_signal", SEQNO);
            setBitPlain(SIGNALED);
            List<FenceCallback> local = splice();
            writeTimestamp(ts);
            runAll(local);
            lock.spinUnlockIrqrestore(irq, "dma_fence_signal", SEQNO);
            return 0;
        }
        if (variant == FenceConfig.Impl.RUN_SHARED_LIST) {
            // BROKEN(4): SIGNALED is set under the lock, but the callbacks are then run straight off the shared
            // fence->cb_list with the lock dropped, and the list is emptied only afterwards (no list_replace onto
            // a local list first): a concurrent list_del (remove_callback) shifts the walk.
            boolean irq = lock.spinLockIrqsave("dma_fence_signal", SEQNO);
            if (testAndSetBit(SIGNALED)) {
                lock.spinUnlockIrqrestore(irq, "dma_fence_signal", SEQNO);
                return -Errno.EINVAL;
            }
            writeTimestamp(ts);
            lock.spinUnlockIrqrestore(irq, "dma_fence_signal", SEQNO);
            for (int i = 0; i < cbList.size(); i++) {
                cbList.get(i).func(null);
            }
            irq = lock.spinLockIrqsave("dma_fence_signal", SEQNO);
            cbList = new ArrayList<>();
            lock.spinUnlockIrqrestore(irq, "dma_fence_signal", SEQNO);
            return 0;
        }
        boolean irq = lock.spinLockIrqsave("dma_fence_signal", SEQNO);
        int ret = signalLocked(ts);
        lock.spinUnlockIrqrestore(irq, "dma_fence_signal", SEQNO);
        return ret;
    }

    /** dma_fence_signal_timestamp_locked(): the lock is held. */
    private int signalLocked(long ts) {
        if (testAndSetBit(SIGNALED)) {
            return -Errno.EINVAL;
        }
        List<FenceCallback> local = splice();
        writeTimestamp(ts);
        runAll(local);
        return 0;
    }

    /** list_replace(&fence->cb_list, &cb_list). */
    private List<FenceCallback> splice() {
        List<FenceCallback> local = cbList;
        cbList = new ArrayList<>();
        return local;
    }

    private void writeTimestamp(long ts) {
        timestamp = ts;
        getAndOr(TIMESTAMP);
    }

    private static void runAll(List<FenceCallback> local) {
        for (int i = 0; i < local.size(); i++) {
            local.get(i).func(null);
        }
    }

    // ---- enabling --------------------------------------------------------------------------------------------

    @Override
    public void enableSwSignaling() {
        if (legacy) {
            boolean irq = lock.spinLockIrqsave("dma_fence_enable_sw_signaling", SEQNO);
            enableSignaling();
            lock.spinUnlockIrqrestore(irq, "dma_fence_enable_sw_signaling", SEQNO);
        } else {
            enableSignaling();
        }
    }

    /** __dma_fence_enable_signaling(): under the lock (LEGACY) or lock-free (REWORKED). */
    private boolean enableSignaling() {
        boolean was;
        if (variant == FenceConfig.Impl.ENABLE_UNGUARDED) {
            // BROKEN(2): test_bit() then a separate set_bit() instead of test_and_set_bit(): two lock-free
            // enablers (REWORKED) can both see ENABLE_SIGNAL clear and both call ->enable_signaling.
            was = testBit(ENABLE_SIGNAL);
            getAndOr(ENABLE_SIGNAL);
        } else {
            was = testAndSetBit(ENABLE_SIGNAL);
        }
        if (testBit(SIGNALED)) {
            return false;
        }
        if (was) {
            return true;
        }
        onDriverEnter.run();
        if (!hwPassed) {
            return true;
        }
        if (legacy) {
            signalLocked(System.nanoTime());
        } else {
            signal();
        }
        return false;
    }

    // ---- callbacks -------------------------------------------------------------------------------------------

    @Override
    public int addCallback(FenceCallback cb) {
        if (testBit(SIGNALED)) {
            return -Errno.ENOENT;
        }
        if (!legacy) {
            enableSignaling();
        }
        boolean irq = lock.spinLockIrqsave("dma_fence_add_callback", SEQNO);
        boolean ok = legacy ? enableSignaling() : !testBit(SIGNALED);
        if (ok) {
            cbList.add(cb);
        }
        lock.spinUnlockIrqrestore(irq, "dma_fence_add_callback", SEQNO);
        return ok ? 0 : -Errno.ENOENT;
    }

    @Override
    public boolean removeCallback(FenceCallback cb) {
        if (variant == FenceConfig.Impl.REMOVE_UNLOCKED) {
            // BROKEN(3): list_del_init() without spin_lock_irqsave(fence->lock): it races with the signaller's
            // splice and walk of the same list.
            return cbList.remove(cb);
        }
        boolean irq = lock.spinLockIrqsave("dma_fence_remove_callback", SEQNO);
        boolean linked = cbList.remove(cb);
        lock.spinUnlockIrqrestore(irq, "dma_fence_remove_callback", SEQNO);
        return linked;
    }

    // ---- queries ---------------------------------------------------------------------------------------------

    @Override
    public boolean isSignaled() {
        if (testBit(SIGNALED)) {
            return true;
        }
        if (!(hasSignaledOp && hwPassed)) {
            return false;
        }
        if (variant == FenceConfig.Impl.ISSIGNALED_NO_TAS) {
            // BROKEN(5): ->signaled() said passed and the fence is marked signaled with a plain write, without
            // dma_fence_signal()'s test_and_set_bit(): whoever signalled meanwhile is not noticed, so the
            // signal-time work (timestamp, callbacks) is done a second time.
            boolean irq = lock.spinLockIrqsave("dma_fence_is_signaled", SEQNO);
            setBitPlain(SIGNALED);
            List<FenceCallback> local = splice();
            writeTimestamp(System.nanoTime());
            runAll(local);
            lock.spinUnlockIrqrestore(irq, "dma_fence_is_signaled", SEQNO);
            return true;
        }
        signal();
        return true;
    }

    @Override
    public int getStatus() {
        boolean irq = lock.spinLockIrqsave("dma_fence_get_status", SEQNO);
        boolean signaled = testBit(SIGNALED);
        if (!signaled && hasSignaledOp && hwPassed) {
            signalLocked(System.nanoTime());
            signaled = true;
        }
        int err = error;
        lock.spinUnlockIrqrestore(irq, "dma_fence_get_status", SEQNO);
        return !signaled ? 0 : err != 0 ? err : 1;
    }

    @Override
    public void errorPath() {
        boolean irq = lock.spinLockIrqsave("drv_error_path", SEQNO);
        if (!testBit(SIGNALED)) {
            error = -Errno.EIO;
            signalLocked(System.nanoTime());
        }
        lock.spinUnlockIrqrestore(irq, "drv_error_path", SEQNO);
    }

    /** dma_fence_wait_timeout(f, false, 0) only: enable signaling, then the default wait's poll. */
    @Override
    public long waitTimeout(long timeout) {
        if (timeout != 0) {
            throw new UnsupportedOperationException("the twin polls only (timeout 0)");
        }
        enableSwSignaling();
        if (testBit(SIGNALED)) {
            return 1;
        }
        boolean irq = lock.spinLockIrqsave("dma_fence_default_wait", SEQNO);
        boolean signaled = testBit(SIGNALED);
        lock.spinUnlockIrqrestore(irq, "dma_fence_default_wait", SEQNO);
        return signaled ? 1 : 0;
    }

    @Override
    public boolean testSignaledFlag() {
        return testBit(SIGNALED);
    }

    @Override
    public long timestamp() {
        while (!testBit(TIMESTAMP)) {
            Thread.onSpinWait();
        }
        return timestamp;
    }

    // ---- bits ------------------------------------------------------------------------------------------------

    private boolean testAndSetBit(int mask) {
        return (getAndOr(mask) & mask) != 0;
    }

    /**
     * An atomic OR as a compare-and-set loop: the model checker treats each CAS as a shared access (it does not
     * see inside {@code AtomicInteger.getAndUpdate()}, which would hide the window of broken variant 2).
     */
    private int getAndOr(int mask) {
        for (;;) {
            int f = flags.get();
            if (flags.compareAndSet(f, f | mask)) {
                return f;
            }
        }
    }

    private boolean testBit(int mask) {
        return (flags.get() & mask) != 0;
    }

    /** A non-atomic read-modify-write of the flag word (what the broken variants do instead of an atomic op). */
    private void setBitPlain(int mask) {
        int f = flags.get();
        flags.set(f | mask);
    }

    @Override
    public String toString() {
        return "twin(" + variant + ", flags=0x" + Integer.toHexString(flags.get()) + ")";
    }
}
