package org.fencecheck.drivers;

import java.util.List;
import java.util.Map;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * amdkfd's eviction fence with an svm_range_bo behind it, drivers/gpu/drm/amd/amdgpu/amdgpu_amdkfd_fence.c
 * (amdkfd_fence_enable_signaling) and drivers/gpu/drm/amd/amdkfd/kfd_svm.c (svm_range_schedule_evict_svm_bo,
 * svm_range_bo_unref, svm_range_bo_release, svm_range_evict_svm_bo_worker; upstream 47bf0f83fc86 for the locking
 * comment the op relies on), ported step by step from spec/DmaFenceDrivers.tla's profile {@code amdkfd}
 * ({@code amdkfd_fixed}: the op takes the fence lock and re-tests SIGNALED under it). Base tree
 * intel-lab-lkp/linux@05a0a11b with the pre-image of the 10/10 hunk; RFC 7/7
 * {@code <20240911085903.1496-8-christian.koenig@amd.com>}; 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>}.
 *
 * <p>One fence, {@code svm_bo->eviction_fence}, whose lock is its own {@code fence->lock}. The op dereferences
 * {@code fence->svm_bo}, which nothing clears: it takes an svm_bo reference unless the count is zero and schedules
 * {@code svm_bo->eviction_work}. The worker evicts, signals the fence and drops the op's reference; the range drops
 * its own reference once (event {@code "unref"}). The last svm_range_bo_unref() runs svm_range_bo_release(), which
 * signals the fence if nobody did, puts it and frees the svm_bo: an op that reaches the svm_bo after that uses freed
 * memory (NoUseAfterFree).
 */
public final class AmdkfdFence extends AtlasDriver {

    static final String FN_OP = "amdkfd_fence_enable_signaling";
    static final String FN_SCHEDULE = "svm_range_schedule_evict_svm_bo";
    static final String FN_UNREF = "svm_range_bo_unref";
    static final String FN_RELEASE = "svm_range_bo_release";
    static final String FN_WORKER = "svm_range_evict_svm_bo_worker";
    static final String FN_IRQ = "none";

    /** The only event: the range drops its svm_bo reference (spec DriverStart, what = "unref"). */
    static final String EVENT_UNREF = "unref";

    /** kfree(svm_bo) ran (spec {@code svm = "freed"}). */
    private boolean svmFreed;
    /** {@code svm_bo->kref} (spec {@code kref}); a kref_t, each get and put one atomic step. */
    private final java.util.concurrent.atomic.AtomicInteger kref = new java.util.concurrent.atomic.AtomicInteger(1);
    /** The range still holds its svm_bo reference (spec {@code owned}). */
    private boolean owned = true;
    /** History, as the spec's invariant sees every state: the first negative value kref took, or 0. */
    private int krefUnderflow;

    /**
     * Creates the eviction fence and its svm_bo.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#AMDKFD} or {@link Profile#AMDKFD_FIXED}
     * @param mutation  a broken variant ({@code fixed_no_flag_test}) or NONE
     * @param numFences 1: the svm_bo's eviction fence
     */
    public AmdkfdFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "fence->lock", FN_IRQ);
        if (profile.base() != Profile.AMDKFD) {
            throw new IllegalArgumentException("AmdkfdFence ports amdkfd, not " + profile.specName());
        }
        if (numFences != 1) {
            throw new IllegalArgumentException("amdkfd has one eviction fence per svm_bo, not " + numFences);
        }
        // The fence's initial reference is amdgpu_amdkfd_fence_create()'s, kept in svm_bo->eviction_fence and
        // put by svm_range_bo_release(); amdgpu_bo_fence() adds the BO's reservation object's, which outlives it.
        fence(1).get();
    }

    /**
     * Whether the op takes the fence lock itself (spec OpTakesLock): series2026 (10/10's
     * dma_fence_lock_irqsave()) and the corrected op under rfc2024; RFC 7/7 gives amdkfd's op no lock.
     */
    private boolean opTakesLock() {
        return design == LockingPolicy.SERIES2026 || design == LockingPolicy.RFC2024 && profile.fixed();
    }

    /** amdkfd_fence_enable_signaling() (void in rfc2024 and series2026; it answers true in every path here). */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        if (!opTakesLock()) {
            // KfdOpEnter, legacy (under the core's fence->lock) and rfc2024 (unlocked): amdkfd has no ->signaled,
            // so dma_fence_is_signaled() is the SIGNALED test.
            step(FN_OP, "KfdOpEnter: dma_fence_is_signaled()", s);
            if (f.testSignaledFlag()) {
                return true;
            }
            scheduleEvictSvmBo(f);
            return true;
        }
        // KfdOpEnter, series2026 and the corrected op: 10/10 drops the dma_fence_is_signaled() test and takes
        // dma_fence_lock_irqsave(); the corrected op keeps the test under the lock (OpFlagTest).
        boolean flags = fenceLock.spinLockIrqsave(FN_OP, s);
        try {
            if (profile.fixed() && mutation != Mutation.FIXED_NO_FLAG_TEST) {
                // OpFlagTest: svm_range_bo_release() signals before it frees, so a fence not yet signalled under
                // its lock has a live svm_bo.
                step(FN_OP, "OpFlagTest: dma_fence_test_signaled_flag()", s);
                if (f.testSignaledFlag()) {
                    return true;
                }
            }
            scheduleEvictSvmBo(f);
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
        }
        return true;
    }

    /**
     * KfdOpSvm: svm_range_schedule_evict_svm_bo() dereferences {@code fence->svm_bo}; if svm_bo_ref_unless_zero()
     * succeeds, WRITE_ONCE(svm_bo->evicting, 1) and schedule_work(&svm_bo->eviction_work). It returns 0, so the op
     * returns true. A freed svm_bo is a use after free.
     */
    private void scheduleEvictSvmBo(DmaFence f) {
        long s = f.seqno();
        step(FN_SCHEDULE, "KfdOpSvm: svm_bo_ref_unless_zero(fence->svm_bo); WRITE_ONCE(evicting, 1);"
                + " schedule_work()", s);
        if (svmFreed) {
            ledger.record(Ledger.Err.UAF, s);
            return;
        }
        if (krefGetUnlessZero()) {
            queueWork(); // a work already pending is not queued twice; the reference is taken all the same
        }
    }

    /**
     * svm_range_evict_svm_bo_worker() (KfdWorker): evicts the ranges, dma_fence_signal() of the eviction fence,
     * then svm_range_bo_unref() of the op's reference.
     */
    @Override
    protected void work() {
        step(FN_WORKER, "DriverStart: work runs", 0);
        step(FN_WORKER, "KfdWorker: evict ranges; dma_fence_signal()", 1);
        fence(1).signal();
        svmRangeBoUnref();
    }

    /** The range dropping its svm_bo reference, once. */
    @Override
    public List<String> events() {
        return List.of(EVENT_UNREF);
    }

    @Override
    public boolean runEvent(String name) {
        if (!name.equals(EVENT_UNREF)) {
            return super.runEvent(name);
        }
        if (!owned) {
            return false;
        }
        step(FN_UNREF, "DriverStart: the range drops its svm_bo reference", 0);
        owned = false;
        svmRangeBoUnref();
        return true;
    }

    /**
     * svm_range_bo_unref() (KfdUnref): kref_put(); the last one runs svm_range_bo_release(), which signals the
     * eviction fence unless dma_fence_is_signaled() (a SIGNALED test: no ->signaled) says it is, then KfdFree.
     */
    private void svmRangeBoUnref() {
        step(FN_UNREF, "KfdUnref: kref_put(); at 0 svm_range_bo_release(): dma_fence_is_signaled()", 1);
        int n = kref.decrementAndGet(); // kref_put(): refcount_t, one atomic step
        if (n < 0 && krefUnderflow == 0) {
            krefUnderflow = n;
        }
        if (n != 0) {
            return;
        }
        DmaFence f = fence(1);
        if (!f.testSignaledFlag()) {
            f.signal(); // "We're not in the eviction worker. Signal the fence."
        }
        // KfdFree: dma_fence_put(&svm_bo->eviction_fence->base); amdgpu_bo_unref(); kfree(svm_bo).
        step(FN_RELEASE, "KfdFree: dma_fence_put(); kfree(svm_bo)", 1);
        f.put();
        svmFreed = true;
    }

    /** svm_bo_ref_unless_zero(): kref_get_unless_zero(), one atomic compare-and-swap loop on the refcount_t. */
    private boolean krefGetUnlessZero() {
        for (int k = kref.get(); k > 0; k = kref.get()) {
            if (kref.compareAndSet(k, k + 1)) {
                return true;
            }
        }
        return false;
    }

    /** amdkfd's eviction fence has no interrupt: irqArmed is never set, so this is never raised. */
    @Override
    protected void interrupt() {
    }

    /** DriverTypeOK (svm_bo->kref below 0) beside the common NoLostCompletion. */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        if (krefUnderflow < 0 || kref.get() < 0) {
            out.putIfAbsent("DriverTypeOK", "svm_bo->kref = " + Math.min(krefUnderflow, kref.get()));
        }
    }
}
