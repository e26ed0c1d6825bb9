package org.fencecheck.drivers;

import java.util.List;
import java.util.Map;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * vmwgfx's fence, drivers/gpu/drm/vmwgfx/vmwgfx_fence.c with the seqno waiters of vmwgfx_irq.c, ported step by step
 * from spec/DmaFenceDrivers.tla's profile {@code vmwgfx}. Base tree intel-lab-lkp/linux@05a0a11b with the pre-images
 * of the 09/10 and 10/10 hunks; 09/10 {@code <20260624122917.2483-10-christian.koenig@amd.com>} and 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>}. RFC 5/7 turns the 2024 op into {@code ->signaled}, so
 * the 2026 code has no rfc2024 model (the constructor refuses it). The same code also ports profile
 * {@code vmwgfx2024_fixed}, B10's correction of RFC 5/7: the 2024 driver keeps RFC 5/7's vmw_fence_signaled() as
 * {@code ->signaled} and this op as mainline's 2025 fix wrote it (db6a94b26354), under RFC 7/7's
 * spin_lock_irqsave(fence->lock) with the SIGNALED re-test first, signalling a passed fence with
 * dma_fence_signal() after the unlock; its one opportunistic vmw_update_seqno() of 2024 stays queued from creation.
 *
 * <p>The fence lock is {@code fman->lock} of the fence manager, shared by its fences; every fence is on
 * {@code fman->fence_list} from vmw_fence_obj_init() on (the list's reference is implicit: no dma_fence_get()).
 * vmw_fence_enable_signaling() reads the device's seqno (label {@code check_for_race}): a passed fence drops the
 * seqno waiter it added and is signalled (legacy: the core, on the false answer; series2026: the op itself with
 * dma_fence_signal_locked(), 09/10, under the dma_fence_lock_irqsave() 10/10 wraps the loop in); otherwise the
 * fence adds one waiter, {@code fence->waiter_added}, and vmw_seqno_waiter_add(), which enables the fence
 * interrupt for the first waiter and then sends the op back to {@code check_for_race}. The interrupt
 * (vmw_irq_handler) wakes the thread that runs vmw_fences_update() (this driver's work item), which takes
 * {@code fman->lock} with a plain spin_lock() and, in __vmw_fences_update(), unlinks, un-waits and signals the
 * passed fences.
 */
public final class VmwFence extends AtlasDriver {

    static final String FN_OP = "vmw_fence_enable_signaling";
    static final String FN_IRQ = "vmw_irq_handler";
    static final String FN_UPDATE = "vmw_fences_update";
    static final String FN_WALK = "__vmw_fences_update";
    static final String FN_WAITER_ADD = "vmw_generic_waiter_add";
    static final String FN_WAITER_REMOVE = "vmw_generic_waiter_remove";

    /** {@code fman->fence_list}. */
    private final ListHead fenceList = ListHead.init(0);
    /** {@code fence->head} per seqno. */
    private final ListHead[] head;
    /** {@code fence->waiter_added} per seqno (spec {@code mark}), written under {@code fman->lock}. */
    private final boolean[] waiterAdded;
    /** {@code dev_priv->waiter_lock}: a plain spin_lock() around the waiter count and the IRQ mask. */
    private final SpinLock waiterLock;
    /** {@code dev_priv->fence_queue_waiters}, a plain int under {@code waiter_lock} (spec {@code count}). */
    private int fenceQueueWaiters;
    /** History, as the spec's invariant sees every state: the first negative value the count took, or 0. */
    private int waitersUnderflow;

    /**
     * Creates the fence manager and its fences, each on {@code fman->fence_list} (spec DInit).
     *
     * @param machine   the machine
     * @param design    the core's design (legacy or series2026)
     * @param profile   {@link Profile#VMWGFX}, {@link Profile#VMWGFX_FIXED} or {@link Profile#VMWGFX2024_FIXED}
     * @param mutation  {@link Mutation#VMW_NO_WAITER_REMOVE} or NONE
     * @param numFences the fences of the manager
     */
    public VmwFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "fman->lock", FN_IRQ);
        if (profile.base() != Profile.VMWGFX && profile != Profile.VMWGFX2024_FIXED) {
            throw new IllegalArgumentException("VmwFence ports vmwgfx, not " + profile.specName());
        }
        waiterLock = machine.newSpinLock("vmw_waiter", "dev_priv->waiter_lock");
        head = new ListHead[numFences + 1];
        waiterAdded = new boolean[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            head[s] = ListHead.init(s);
            // vmw_fence_obj_init(): list_add_tail(&fence->head, &fman->fence_list), in seqno order, with the
            // manager's implicit reference.
            ListHead.addTail(head[s], fenceList);
        }
        irqArmed = false; // no seqno waiter yet: SVGA_IRQFLAG_ANY_FENCE is masked
        if (corrects2024()) {
            queueWork(); // the 2024 driver's one later vmw_update_seqno() (spec DInit: work)
        }
    }

    /** Whether this is B10's correction of the 2024 code under RFC 5/7 (spec {@code vmwgfx2024_fixed}). */
    private boolean corrects2024() {
        return profile == Profile.VMWGFX2024_FIXED;
    }

    /** vmw_fence_signaled() of RFC 5/7, which B10's correction keeps; the 2026 fences have no ->signaled. */
    @Override
    public boolean signaled(DmaFence f) {
        return corrects2024() && passed(f);
    }

    /**
     * vmw_fence_enable_signaling() (void in rfc2024 and series2026: the answer is ignored there). legacy runs under
     * the core's {@code fman->lock}; series2026 takes dma_fence_lock_irqsave() around the whole retry loop (10/10);
     * B10's correction takes spin_lock_irqsave(fence->lock) and re-tests SIGNALED under it, and signals a passed
     * fence with dma_fence_signal() after the unlock.
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        step(FN_OP, "VmOpEnter: enter", s);
        boolean locks = design == LockingPolicy.SERIES2026 || corrects2024();
        boolean flags = false;
        if (locks) {
            flags = fenceLock.spinLockIrqsave(FN_OP, s); // dma_fence_lock_irqsave() / spin_lock_irqsave()
        }
        boolean signalAfterUnlock = false;
        try {
            if (corrects2024()) {
                step(FN_OP, "OpFlagTest: dma_fence_test_signaled_flag()", s);
                if (f.testSignaledFlag()) {
                    return true;
                }
            }
            for (;;) {
                // check_for_race:
                step(FN_OP, "VmOpCheck: vmw_fence_read()", s);
                if (passed(f)) { // seqno - fence->base.seqno < VMW_FENCE_WRAP
                    if (waiterAdded[(int) s]) {
                        seqnoWaiterRemove(s);
                        waiterAdded[(int) s] = false;
                    }
                    if (design == LockingPolicy.SERIES2026) {
                        f.signalLocked(); // 09/10: the op signals under the lock it holds
                        return true;
                    }
                    signalAfterUnlock = design == LockingPolicy.RFC2024;
                    return false; // legacy: the core signals under its lock
                }
                if (!waiterAdded[(int) s]) {
                    ledger.adding(f);
                    waiterAdded[(int) s] = true;
                    if (seqnoWaiterAdd(s)) {
                        // The first waiter enabled the interrupt: the seqno may have passed before it was on.
                        continue; // goto check_for_race
                    }
                }
                return true;
            }
        } finally {
            if (locks) {
                fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
            }
            if (signalAfterUnlock) {
                f.signal(); // RFC 7/7: dma_fence_signal() after the unlock
            }
        }
    }

    /**
     * vmw_seqno_waiter_add() = vmw_generic_waiter_add(): under waiter_lock, {@code if ((*waiter_count)++ == 0)}
     * unmask SVGA_IRQFLAG_ANY_FENCE.
     *
     * @return whether it programmed the interrupt (the first waiter)
     */
    private boolean seqnoWaiterAdd(long s) {
        waiterLock.spinLock(FN_WAITER_ADD, s);
        int v = fenceQueueWaiters;
        setWaiters(v + 1);
        boolean programmed = v == 0;
        if (programmed) {
            irqArmed = true; // vmw_irq_status_write(); irq_mask |= flag; vmw_write(SVGA_REG_IRQMASK)
        }
        waiterLock.spinUnlock(FN_WAITER_ADD, s);
        return programmed;
    }

    /**
     * vmw_seqno_waiter_remove() = vmw_generic_waiter_remove(): under waiter_lock,
     * {@code if (--(*waiter_count) == 0)} mask SVGA_IRQFLAG_ANY_FENCE.
     */
    private void seqnoWaiterRemove(long s) {
        waiterLock.spinLock(FN_WAITER_REMOVE, s);
        int v = fenceQueueWaiters - 1;
        setWaiters(v);
        if (v == 0) {
            irqArmed = false; // irq_mask &= ~flag; vmw_write(SVGA_REG_IRQMASK)
        }
        waiterLock.spinUnlock(FN_WAITER_REMOVE, s);
    }

    /** Writes the waiter count, noting a negative value (DriverTypeOK: count \in Nat). */
    private void setWaiters(int v) {
        fenceQueueWaiters = v;
        if (v < 0 && waitersUnderflow == 0) {
            waitersUnderflow = v;
        }
    }

    /** vmw_irq_handler(), hard IRQ: a fence interrupt wakes the thread that runs vmw_fences_update() (VmIrq). */
    @Override
    protected void interrupt() {
        step(FN_IRQ, "VmIrq: wake the fence thread", 0);
        queueWork();
    }

    /**
     * vmw_fences_update(), process context with IRQs on: plain spin_lock(&fman->lock) (spec vm_lock), so an
     * irq_work on this CPU can interrupt it holding the lock; vmwgfx_fixed takes it with spin_lock_irqsave(), as
     * older trees did. Then __vmw_fences_update(): one
     * vmw_fence_read(), then list_for_each_entry_safe() over fman->fence_list up to the first fence not passed:
     * list_del_init(), the fence's seqno waiter removed (vmw_no_waiter_remove forgets it), and
     * dma_fence_signal_locked().
     */
    @Override
    protected void work() {
        step(FN_UPDATE, "DriverStart: work runs", 0);
        boolean fixed = profile == Profile.VMWGFX_FIXED;
        boolean flags = false;
        if (fixed) {
            flags = fenceLock.spinLockIrqsave(FN_UPDATE, 0);
        } else {
            fenceLock.spinLock(FN_UPDATE, 0);
        }
        try {
            walkPassed(this, fenceList, mutation == Mutation.VMW_NO_WAITER_REMOVE
                    ? "VmWalk: list_del_init(); dma_fence_signal_locked()"
                    : "VmWalk: list_del_init(); if (waiter_added) vmw_seqno_waiter_remove();"
                            + " dma_fence_signal_locked()", s -> {
                                if (waiterAdded[s] && mutation != Mutation.VMW_NO_WAITER_REMOVE) {
                                    seqnoWaiterRemove(s);
                                    waiterAdded[s] = false;
                                }
                            });
        } finally {
            if (fixed) {
                fenceLock.spinUnlockIrqrestore(flags, FN_UPDATE, 0);
            } else {
                fenceLock.spinUnlock(FN_UPDATE, 0);
            }
        }
    }

    /**
     * __vmw_fences_update() under fman->lock (2026 and 2024 alike): one vmw_fence_read(), then
     * list_for_each_entry_safe() over fman->fence_list up to the first fence not passed
     * ({@code seqno - fence->base.seqno < VMW_FENCE_WRAP}): list_del_init(), {@code unwait} (the 2026 waiter
     * removal; nothing in 2024), dma_fence_signal_locked().
     */
    static void walkPassed(AtlasDriver d, ListHead fenceList, String act, java.util.function.IntConsumer unwait) {
        long read = d.hwSeqno();
        ListHead pos = fenceList.next;
        ListHead n = pos.next;
        while (pos != fenceList && pos != ListHead.POISON1 && pos.owner <= read) {
            DmaFence g = d.fence(pos.owner);
            int s = (int) g.seqno();
            d.step(FN_WALK, act, s);
            ListHead.delInit(pos, seqno -> d.ledger.record(Ledger.Err.LIST_DEL, seqno));
            unwait.accept(s);
            g.signalLocked();
            pos = n;
            n = pos.next;
        }
        d.step(FN_WALK, "VmWalk: no passed fence left", 0);
    }

    /**
     * SeqnoWaitersMatchFlags and DriverTypeOK's waiter count beside the common NoLostCompletion: the count is the
     * number of fences with waiter_added, all still on fman->fence_list, and the interrupt is unmasked exactly
     * while there is a waiter.
     */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        List<Long> listed = fenceList.walk(4 * numFences());
        int added = 0;
        for (int s = 1; s <= numFences(); s++) {
            if (waiterAdded[s]) {
                added++;
                if (!listed.contains((long) s)) {
                    out.putIfAbsent("SeqnoWaitersMatchFlags", "fence " + s + " has waiter_added, not on"
                            + " fman->fence_list");
                }
            }
        }
        if (fenceQueueWaiters != added) {
            out.putIfAbsent("SeqnoWaitersMatchFlags", "fence_queue_waiters = " + fenceQueueWaiters + " with "
                    + added + " fences with waiter_added");
        } else if (irqArmed != (fenceQueueWaiters > 0)) {
            out.putIfAbsent("SeqnoWaitersMatchFlags", "fence_queue_waiters = " + fenceQueueWaiters
                    + " with the fence interrupt " + (irqArmed ? "unmasked" : "masked"));
        }
        if (waitersUnderflow < 0 || fenceQueueWaiters < 0) {
            out.putIfAbsent("DriverTypeOK", "fence_queue_waiters = " + Math.min(waitersUnderflow,
                    fenceQueueWaiters));
        }
    }
}
