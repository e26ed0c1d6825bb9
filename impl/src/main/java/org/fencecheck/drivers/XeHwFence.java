package org.fencecheck.drivers;

import java.util.List;
import java.util.Map;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * xe's hardware fence, drivers/gpu/drm/xe/xe_hw_fence.c, ported step by step from spec/DmaFenceDrivers.tla's
 * profile {@code xe_hw} ({@code xe_hw_fixed}: the op takes {@code irq->lock} and re-tests SIGNALED under it).
 * Base tree intel-lab-lkp/linux@05a0a11b with the pre-images of the 08/10 and 10/10 hunks; RFC 7/7
 * {@code <20240911085903.1496-8-christian.koenig@amd.com>}; 08/10 {@code <20260624122917.2483-9-christian.koenig@amd.com>}
 * and 10/10 {@code <20260624122917.2483-11-christian.koenig@amd.com>}.
 *
 * <p>The fence lock is {@code irq->lock} of one {@code xe_hw_fence_irq}, shared by its fences. Signalling is
 * enabled by linking the fence on {@code irq->pending} with a reference; the irq_work {@code hw_fence_irq_run_cb}
 * (queued by the user interrupt, armed for the driver's life, or by the op through
 * {@code xe_hw_fence_irq_run()}) walks the list under {@code irq->lock}, signals passed fences and unlinks and
 * puts signalled ones.
 */
public final class XeHwFence extends AtlasDriver {

    static final String FN_OP = "xe_hw_fence_enable_signaling";
    static final String FN_CHECK = "xe_hw_fence_signaled";
    static final String FN_IRQ = "hw_fence_irq_run_cb";

    /** {@code irq->pending}. */
    private final ListHead pending = ListHead.init(0);
    /** {@code fence->irq_link} per seqno. */
    private final ListHead[] irqLink;

    /**
     * Creates the fence irq and its fences.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#XE_HW} or {@link Profile#XE_HW_FIXED}
     * @param mutation  a broken variant ({@code xe_*}, {@code fixed_no_flag_test}) or NONE
     * @param numFences the fences sharing the fence irq
     */
    public XeHwFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "irq->lock", FN_IRQ);
        if (profile.base() != Profile.XE_HW) {
            throw new IllegalArgumentException("XeHwFence ports xe_hw, not " + profile.specName());
        }
        irqLink = new ListHead[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            irqLink[s] = ListHead.init(s);
        }
        irqArmed = true; // the user interrupt queues the irq_work whenever the hardware moves
    }

    /** Whether the op takes {@code irq->lock} itself (spec OpTakesLock): series2026 and the corrected op. */
    private boolean opTakesLock() {
        return design == LockingPolicy.SERIES2026 || design != LockingPolicy.LEGACY && profile.fixed();
    }

    /** Whether {@code xe_hw_fence_signaled()} is 08/10's check that signals (series2026, not corrected). */
    private boolean checkSignals() {
        return design == LockingPolicy.SERIES2026 && !profile.fixed();
    }

    /** xe_hw_fence_enable_signaling() (void in rfc2024 and series2026: the answer is ignored there). */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        if (coreHoldsLock()) {
            // XeOpEnter, legacy: the core holds irq->lock.
            step(FN_OP, "XeOpEnter: dma_fence_get(); list_add_tail(&irq->pending)", s);
            link(f);
            checkPassed(f);
            return true;
        }
        if (!opTakesLock() || mutation == Mutation.XE_ADD_OUTSIDE_LOCK) {
            // XeOpEnter + XeOpLink, rfc2024 (7/7 gives the op no lock) and xe_add_outside_lock: get and link
            // with nothing held.
            step(FN_OP, "XeOpEnter: dma_fence_get(); list_add_tail(): read irq->pending.prev (unlocked)", s);
            if (mutation != Mutation.XE_ADD_WITHOUT_GET) {
                ledger.get(f);
            }
            ListHead tail = pending.tail();
            step(FN_OP, "XeOpLink: list_add_tail(): write links (unlocked)", s);
            ledger.adding(f);
            ListHead.add(irqLink[(int) s], tail, pending);
            if (!opTakesLock()) {
                checkPassed(f);
                return true;
            }
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_OP, s); // dma_fence_lock_irqsave() / spin_lock_irqsave()
        try {
            if (profile.fixed() && mutation != Mutation.FIXED_NO_FLAG_TEST) {
                step(FN_OP, "OpFlagTest: dma_fence_test_signaled_flag()", s);
                if (f.testSignaledFlag()) {
                    return true;
                }
            }
            if (mutation != Mutation.XE_ADD_OUTSIDE_LOCK) {
                step(FN_OP, "XeOpAdd: dma_fence_get(); list_add_tail(&irq->pending)", s);
                link(f);
            }
            if (checkSignals()) {
                // XeOpCheck, series2026 (08/10): xe_hw_fence_signaled() signals a passed fence with
                // dma_fence_signal(), which takes irq->lock again: this CPU holds it (10/10).
                step(FN_CHECK, "XeOpCheck: xe_hw_fence_signaled()", s);
                if (passed(f)) {
                    f.signal();
                }
                step(FN_OP, "XeOpTail: dma_fence_test_signaled_flag()", s);
                if (f.testSignaledFlag()) {
                    raiseIrq(); // xe_hw_fence_irq_run()
                }
            } else {
                checkPassed(f);
            }
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
        }
        return true;
    }

    /**
     * dma_fence_get() and list_add_tail(&fence->irq_link, &irq->pending): the reference the entry owns
     * (xe_add_without_get leaves it out) and the link, whose pointer writes race when nothing is held.
     */
    private void link(DmaFence f) {
        if (mutation != Mutation.XE_ADD_WITHOUT_GET) {
            ledger.get(f);
        }
        ledger.adding(f);
        ListHead.addTail(irqLink[(int) f.seqno()], pending);
    }

    /**
     * XeOpCheck as a bool (legacy, rfc2024, the corrected op): {@code if (xe_hw_fence_signaled())
     * xe_hw_fence_irq_run()}, which queues the irq_work (xe_check_ignores_passed forgets it).
     */
    private void checkPassed(DmaFence f) {
        step(FN_CHECK, "XeOpCheck: xe_hw_fence_signaled()", f.seqno());
        if (passed(f) && mutation != Mutation.XE_CHECK_IGNORES_PASSED) {
            raiseIrq();
        }
    }

    /** xe_hw_fence_signaled() as ->signaled (->check_signaled in series2026, whose signal the core does). */
    @Override
    public boolean signaled(DmaFence f) {
        return passed(f);
    }

    /**
     * hw_fence_irq_run_cb(): the irq_work, hard-IRQ context. spin_lock(&irq->lock), then
     * list_for_each_entry_safe over irq->pending: signal a passed fence (series2026: dma_fence_signal() under
     * irq->lock, 08/10), unlink and put a signalled one.
     */
    @Override
    protected void interrupt() {
        step(FN_IRQ, "XeIrqWork: dma_fence_begin_signalling()", 0);
        fenceLock.spinLock(FN_IRQ, 0);
        ListHead pos = pending.next;
        ListHead n = pos.next;
        while (pos != pending && pos != ListHead.POISON1) {
            DmaFence g = fence(pos.owner);
            step(FN_IRQ, "XeIrqWalk: next entry of irq->pending", g.seqno());
            if (checkSignals() && passed(g)) {
                g.signal(); // 08/10: xe_hw_fence_signaled() signals, taking irq->lock again
            } else if (!g.testSignaledFlag() && passed(g)) {
                g.signalLocked();
            }
            if (g.testSignaledFlag()) {
                step(FN_IRQ, "XeIrqDel: list_del_init(); dma_fence_put()", g.seqno());
                ListHead.delInit(pos, seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno));
                if (mutation != Mutation.XE_IRQ_LEAKS_REFERENCE) {
                    ledger.put(g);
                }
            }
            pos = n;
            n = pos.next;
        }
        step(FN_IRQ, "XeIrqWalk: end of irq->pending", 0);
        fenceLock.spinUnlock(FN_IRQ, 0);
    }

    /** NoLostListEntry and NoEntryLeftForSignaled beside the common NoLostCompletion. */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        List<Long> listed = pending.walk(4 * numFences());
        for (int s = 1; s <= numFences(); s++) {
            if (irqLink[s].linked() && !listed.contains((long) s)) {
                out.putIfAbsent("NoLostListEntry", "fence " + s + " linked, unreachable from irq->pending");
            }
        }
        checkEntriesHoldReferences(out, s -> listed.contains(s));
    }
}
