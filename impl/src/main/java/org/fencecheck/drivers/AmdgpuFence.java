package org.fencecheck.drivers;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * amdgpu's ring fence, drivers/gpu/drm/amd/amdgpu/amdgpu_fence.c ({@code amdgpu_fence_enable_signaling},
 * {@code amdgpu_fence_process}, {@code amdgpu_fence_fallback}), ported step by step from
 * spec/DmaFenceDrivers.tla's profile {@code amdgpu_fence}. Base tree intel-lab-lkp/linux@05a0a11b; RFC 6/7
 * {@code <20240911085903.1496-7-christian.koenig@amd.com>} removes the op and arms the fallback timer in
 * {@code amdgpu_fence_emit()} (rfc2024: the fences have no {@code ->enable_signaling}, the timer is pending from
 * the start), and 10/10 {@code <20260624122917.2483-11-christian.koenig@amd.com>} leaves the op unchanged, without
 * a lock.
 *
 * <p>The fence lock is {@code ring->fence_drv.lock}, shared by the ring's fences. Every fence sits in its
 * {@code drv->fences[]} slot from {@code amdgpu_fence_emit()} on, with the slot's reference. The op only makes
 * sure the fallback timer is pending. The fence interrupt (armed for the driver's life) and the timer both run
 * {@code amdgpu_fence_process()}, whose {@code atomic_cmpxchg()} of {@code drv->last_seq} hands each caller a
 * disjoint run of slots; each slot is cleared, its fence signalled with {@code dma_fence_signal()} and the slot's
 * reference put.
 */
public final class AmdgpuFence extends AtlasDriver {

    static final String FN_OP = "amdgpu_fence_enable_signaling";
    static final String FN_PROCESS = "amdgpu_fence_process";
    static final String FN_TIMER = "amdgpu_fence_fallback";

    /** {@code drv->last_seq}: the last seqno a caller of amdgpu_fence_process() claimed. */
    private final AtomicLong lastSeq = new AtomicLong();
    /**
     * {@code drv->fences[]}, indexed by seqno (the ring's {@code num_fences_mask} exceeds the fences modelled,
     * so no two fences share a slot). Only the caller that claimed a slot touches it.
     */
    private final DmaFence[] slots;

    /**
     * Creates the ring and emits its fences, each in its slot with the slot's reference.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#AMDGPU_FENCE}
     * @param mutation  NONE (no broken variant touches this profile)
     * @param numFences the ring's fences
     */
    public AmdgpuFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "ring->fence_drv.lock", FN_PROCESS);
        if (profile != Profile.AMDGPU_FENCE) {
            throw new IllegalArgumentException("AmdgpuFence ports amdgpu_fence, not " + profile.specName());
        }
        slots = new DmaFence[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            // amdgpu_fence_emit(): rcu_assign_pointer(*ptr, dma_fence_get(fence)) (spec DInit: listed, refs 1).
            slots[s] = fence(s).get();
            ledger.preset(s);
        }
        irqArmed = true; // the ring's fence interrupt runs amdgpu_fence_process() on every completion
        if (!profile.hasEnableOpUnder(design)) {
            queueWork(); // RFC 6/7: amdgpu_fence_emit() arms the fallback timer (spec DInit: work = NoEnableOp)
        }
    }

    /**
     * amdgpu_fence_enable_signaling(), AgOpEnter: one step, under the core's lock in legacy and without any in
     * series2026. The fences are signalled by the interrupt anyway; the timer is the fallback for a lost one.
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        return DeferredSignal.queue(this, FN_OP, "AgOpEnter", "if (!timer_pending()) mod_timer(&fallback_timer)",
                f.seqno());
    }

    /** The fence interrupt: amdgpu_fence_process() in hard-IRQ context. */
    @Override
    protected void interrupt() {
        process();
    }

    /**
     * amdgpu_fence_fallback(), the timer, in process context as the spec has it: amdgpu_fence_process(), then
     * (not modelled) a DRM_WARN if it found signalled fences.
     */
    @Override
    protected void work() {
        DeferredSignal.start(this, FN_TIMER);
        process();
    }

    /**
     * amdgpu_fence_process(): claim (last_seq, seq] with atomic_cmpxchg(), so the interrupt and the timer take
     * disjoint slots; then, per slot, RCU_INIT_POINTER(*ptr, NULL), dma_fence_signal() and dma_fence_put().
     * Not ported, as the spec leaves them out: the timer_delete()/re-arm of the fallback timer after the claim
     * and the pm_runtime calls.
     */
    private void process() {
        step(FN_PROCESS, "AfProcess: atomic_cmpxchg(&drv->last_seq): claim the passed slots", 0);
        long last;
        long seq;
        do {
            last = lastSeq.get();
            seq = hwSeqno(); // amdgpu_fence_read()
        } while (!lastSeq.compareAndSet(last, seq));
        for (long s = last + 1; s <= seq; s++) {
            // AfNext: "there is always exactly one thread signaling this fence slot": the claimant.
            step(FN_PROCESS, "AfNext: RCU_INIT_POINTER(*ptr, NULL); dma_fence_signal()", s);
            DmaFence fence = slots[(int) s];
            slots[(int) s] = null;
            if (fence == null) {
                continue;
            }
            fence.signal(); // takes ring->fence_drv.lock irqsave itself
            // AfPut: the slot's reference.
            step(FN_PROCESS, "AfPut: dma_fence_put()", s);
            ledger.put(fence);
        }
        step(FN_PROCESS, "AfNext: return", 0);
    }

    /** NoEntryLeftForSignaled beside the common NoLostCompletion: a filled slot holds one reference. */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        checkEntriesHoldReferences(out, s -> slots[(int) s] != null);
    }
}
