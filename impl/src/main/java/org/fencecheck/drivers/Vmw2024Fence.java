package org.fencecheck.drivers;

import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * vmwgfx's fence as the 2024 RFC found it, ported step by step from spec/DmaFenceDrivers.tla's profile
 * {@code vmwgfx2024}: drivers/gpu/drm/vmwgfx/vmwgfx_fence.c of v6.11 (blob 588d50ababf6, Zack Rusin's
 * {@code <20240702021254.1610188-2-zack.rusin@broadcom.com>}, merged as e58337100721; the bodies as the pre-image of
 * Ian Forbes' {@code <20250410195508.233367-2-ian.forbes@broadcom.com>} shows them). Under legacy (the 2024 tree)
 * vmw_fence_enable_signaling() only reads the device's seqno: passed, false (the core signals); otherwise true, and
 * nothing is armed. RFC 5/7 {@code <20240911085903.1496-6-christian.koenig@amd.com>} renames it
 * vmw_fence_signaled(), a {@code ->signaled} with the answer inverted, and leaves the fences without an op.
 *
 * <p>Why a completion can be lost: the fence interrupt is unmasked only while a vmw seqno waiter counts
 * (vmw_seqno_waiter_add() from vmw_fence_wait()), and a foreign dma_fence_add_callback() adds none. The fence is
 * then signalled only by whatever vmw activity next runs vmw_fences_update(): the next fence emission
 * (vmw_cmd_send_fence() -> vmw_update_seqno()), an ioctl, another waiter. The port, like the spec, gives it one
 * such run at any time: the work item queued at creation. If it runs before the hardware passes the fence, no one
 * signals it (NoLostCompletion); mainline fixed this in 2025 (0039a3b35b10, then db6a94b26354's seqno waiter per
 * enabled fence, profile {@code vmwgfx}).
 */
public final class Vmw2024Fence extends AtlasDriver implements AtlasDriver.SignaledInPlaceOfOp {

    static final String FN_OP = "vmw_fence_enable_signaling";
    static final String FN_SIGNALED = "vmw_fence_signaled";
    static final String FN_IRQ = "vmw_irq_handler";
    static final String FN_UPDATE = "vmw_update_seqno";

    /** {@code fman->fence_list}. */
    private final ListHead fenceList = ListHead.init(0);

    /**
     * Creates the fence manager and its fences, each on {@code fman->fence_list}, and queues the one later
     * vmw_update_seqno() (spec DInit: {@code work}).
     *
     * @param machine   the machine
     * @param design    legacy (the 2024 tree) or rfc2024 (RFC 5/7 + 7/7)
     * @param profile   {@link Profile#VMWGFX2024}
     * @param mutation  NONE
     * @param numFences the fences of the manager
     */
    public Vmw2024Fence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "fman->lock", FN_IRQ);
        if (profile != Profile.VMWGFX2024) {
            throw new IllegalArgumentException("Vmw2024Fence ports vmwgfx of 2024, not " + profile.specName());
        }
        for (int s = 1; s <= numFences; s++) {
            // vmw_fence_obj_init(): list_add_tail(&fence->head, &fman->fence_list), in seqno order.
            ListHead.addTail(ListHead.init(s), fenceList);
        }
        irqArmed = false; // no vmw waiter: SVGA_IRQFLAG_ANY_FENCE stays masked
        queueWork();
    }

    /** vmw_fence_enable_signaling() of 2024, legacy only, under the core's fman->lock (Vm24Op). */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        boolean passed = passed(f); // vmw_fence_read(dev_priv) - fence->base.seqno < VMW_FENCE_WRAP
        step(FN_OP, passed ? "Vm24Op: vmw_fence_read(): passed, return false"
                : "Vm24Op: vmw_fence_read(): not passed, return true (arms nothing)", f.seqno());
        return !passed;
    }

    /** vmw_fence_signaled() (RFC 5/7): the same seqno read, answered the other way round. */
    @Override
    public boolean opSignaled(DmaFence f) {
        return passed(f);
    }

    /** vmw_irq_handler(): wakes the fence thread; never raised here, since no waiter unmasks the interrupt. */
    @Override
    protected void interrupt() {
        step(FN_IRQ, "VmIrq: wake the fence thread", 0);
        queueWork();
    }

    /**
     * vmw_update_seqno() -> vmw_fences_update(): plain spin_lock(&fman->lock), then __vmw_fences_update(): one
     * vmw_fence_read(), then the passed fences at the head of fman->fence_list are list_del_init()ed and signalled
     * with dma_fence_signal_locked() (a fence signalled already, by ->signaled under RFC 5/7, is unlinked and its
     * signal returns -EINVAL). The seq_passed actions and the goal are not ported (no vmw event action here).
     */
    @Override
    protected void work() {
        step(FN_UPDATE, "DriverStart: work runs", 0);
        fenceLock.spinLock(FN_UPDATE, 0);
        try {
            VmwFence.walkPassed(this, fenceList, "VmWalk: list_del_init(); dma_fence_signal_locked()", s -> { });
        } finally {
            fenceLock.spinUnlock(FN_UPDATE, 0);
        }
    }
}
