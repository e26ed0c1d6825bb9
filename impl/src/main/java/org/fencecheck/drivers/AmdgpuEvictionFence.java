package org.fencecheck.drivers;

import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * amdgpu's eviction fence, drivers/gpu/drm/amd/amdgpu/amdgpu_eviction_fence.c
 * ({@code amdgpu_eviction_fence_enable_signaling}, {@code amdgpu_eviction_fence_suspend_worker}), ported step by
 * step from spec/DmaFenceDrivers.tla's profile {@code amdgpu_evf}. Base tree intel-lab-lkp/linux@05a0a11b; the
 * fence came after RFC 7/7 {@code <20240911085903.1496-8-christian.koenig@amd.com>} (no rfc2024 model), and 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>} leaves the op unchanged, without a lock.
 *
 * <p>The fence lock is the fence's own: the profile has one fence. The op only schedules
 * {@code evf_mgr->suspend_work}; the worker evicts the user queues (under {@code userq_mutex}, which nests with no
 * fence lock: not modelled) and signals the fence with {@code dma_fence_signal()}.
 */
public final class AmdgpuEvictionFence extends AtlasDriver {

    static final String FN_OP = "amdgpu_eviction_fence_enable_signaling";
    static final String FN_WORK = "amdgpu_eviction_fence_suspend_worker";

    /**
     * Creates the eviction fence.
     *
     * @param machine   the machine
     * @param design    the core's design (legacy or series2026)
     * @param profile   {@link Profile#AMDGPU_EVF}
     * @param mutation  NONE (no broken variant touches this profile)
     * @param numFences 1: the fence lock is the fence's own
     */
    public AmdgpuEvictionFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation,
                               int numFences) {
        super(machine, design, profile, mutation, numFences, "ev_fence->lock", "(no interrupt)");
        if (profile != Profile.AMDGPU_EVF) {
            throw new IllegalArgumentException("AmdgpuEvictionFence ports amdgpu_evf, not " + profile.specName());
        }
        if (numFences != 1) {
            throw new IllegalArgumentException("amdgpu_evf has one fence (its lock is its own), not " + numFences);
        }
    }

    /**
     * amdgpu_eviction_fence_enable_signaling(), AgOpEnter: one step, under the core's lock in legacy and without
     * any in series2026 (10/10 leaves the op alone).
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        return DeferredSignal.queue(this, FN_OP, "AgOpEnter", "schedule_work(&evf_mgr->suspend_work)", f.seqno());
    }

    /** amdgpu_eviction_fence_suspend_worker(), process context: evict the user queues, then dma_fence_signal(). */
    @Override
    protected void work() {
        DeferredSignal.start(this, FN_WORK);
        DeferredSignal.signal(this, FN_WORK, "amdgpu_userq_evict(); dma_fence_signal()");
    }

    /** The spec raises no interrupt for amdgpu_evf: irqArmed stays false, so this never runs. */
    @Override
    protected void interrupt() {
        throw new IllegalStateException("amdgpu_evf has no interrupt");
    }
}
