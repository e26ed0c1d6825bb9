package org.fencecheck.drivers;

import java.util.List;
import java.util.Map;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * nouveau's fences with the uevent ops, drivers/gpu/drm/nouveau/nouveau_fence.c, ported step by step from
 * spec/DmaFenceDrivers.tla's profile {@code nouveau} ({@code nouveau_fixed}: the op takes {@code fctx->lock},
 * re-tests SIGNALED under it and counts {@code notify_ref} under it). Base tree intel-lab-lkp/linux@05a0a11b with the
 * pre-images of the 08/10 and 10/10 hunks; RFC 4/7 {@code <20240911085903.1496-5-christian.koenig@amd.com>} and 7/7
 * {@code <20240911085903.1496-8-christian.koenig@amd.com>}; 08/10
 * {@code <20260624122917.2483-9-christian.koenig@amd.com>} and 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>}.
 *
 * <p>The fence lock is {@code fctx->lock} of one channel's fence context, shared by its fences. Every fence is on
 * {@code fctx->pending} from nouveau_fence_emit() on, holding the list's reference. nouveau_fence_enable_signaling()
 * counts the fence in {@code fctx->notify_ref} (the first count allows the channel's non-stall event) and either
 * finds it passed (nouveau_fence_no_signaling(): unlink, put, uncount) or marks it DMA_FENCE_FLAG_USER_BITS. The
 * event's handler nouveau_fence_wait_uevent_handler() schedules {@code fctx->uevent_work}, whose
 * nouveau_fence_update() signals the passed fences at the head of the list in nouveau_fence_signal(): unlink, clear
 * {@code fence->channel}, uncount a USER_BITS fence (the last uncount blocks the event), put.
 */
public final class NouveauFence extends AtlasDriver {

    static final String FN_OP = "nouveau_fence_enable_signaling";
    static final String FN_IS_SIGNALED = "nouveau_fence_is_signaled";
    static final String FN_IRQ = "nouveau_fence_wait_uevent_handler";
    static final String FN_WORK = "nouveau_fence_uevent_work";
    static final String FN_UPDATE = "nouveau_fence_update";
    static final String FN_SIGNAL = "nouveau_fence_signal";

    /** {@code fctx->pending}. */
    private final ListHead pending = ListHead.init(0);
    /** {@code fence->head} per seqno. */
    private final ListHead[] head;
    /** {@code fence->channel == NULL} per seqno: nouveau_fence_signal() cleared it (spec {@code gone}). */
    private final boolean[] channelGone;
    /**
     * DMA_FENCE_FLAG_USER_BITS per seqno (spec {@code mark}): the fence is counted in notify_ref. A bit of
     * {@code fence->flags} in C, set with set_bit() under {@code fctx->lock}; the core never touches driver bits, so
     * it is kept here.
     */
    private final boolean[] userBits;
    /** {@code fctx->notify_ref}, a plain int (spec {@code count}). */
    private int notifyRef;
    /** History, as the spec's invariant sees every state: the first negative value notify_ref took, or 0. */
    private int notifyRefUnderflow;

    /**
     * Creates the channel's fence context and its fences, all emitted: each on {@code fctx->pending} with the
     * list's reference (spec DInit).
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#NOUVEAU} or {@link Profile#NOUVEAU_FIXED}
     * @param mutation  a broken variant ({@code nouveau_*}, {@code fixed_no_flag_test}) or NONE
     * @param numFences the fences of the channel
     */
    public NouveauFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "fctx->lock", FN_IRQ);
        if (profile.base() != Profile.NOUVEAU) {
            throw new IllegalArgumentException("NouveauFence ports nouveau, not " + profile.specName());
        }
        head = new ListHead[numFences + 1];
        channelGone = new boolean[numFences + 1];
        userBits = new boolean[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            head[s] = ListHead.init(s);
            // nouveau_fence_emit(): kref_get(&fence->base.refcount) for the list, then
            // list_add_tail(&fence->head, &fctx->pending), in seqno order.
            fence(s).get();
            ledger.preset(s);
            ListHead.addTail(head[s], pending);
        }
        irqArmed = false; // notify_ref = 0: the event is blocked until an op allows it
    }

    /**
     * Whether the op is 10/10's as posted (series2026, not corrected): the {@code notify_ref++} and
     * nvif_event_allow() before dma_fence_lock_irqsave(), and nouveau_fence_is_signaled() as 08/10's
     * ->check_signaled, which signals a passed fence with dma_fence_signal().
     */
    private boolean checkSignals() {
        return design == LockingPolicy.SERIES2026 && !profile.fixed();
    }

    /** The function holding the op's unlink and put: 10/10 splits nouveau_fence_no_signaling(). */
    private String noSignalingFn() {
        return design == LockingPolicy.SERIES2026 ? "__nouveau_fence_no_signaling" : "nouveau_fence_no_signaling";
    }

    /**
     * nouveau_fence_enable_signaling() (void in rfc2024 and series2026: the answer is ignored there; an RFC op that
     * found its fence passed signals it itself after its unlock).
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        if (coreHoldsLock()) {
            // NvOpEnter, legacy: the core holds fctx->lock, so nothing else touches notify_ref meanwhile.
            step(FN_OP, "NvOpEnter: if (!fctx->notify_ref++) nvif_event_allow()", s);
            countUnderLock();
            return noSignaling(f);
        }
        boolean flags;
        if (checkSignals()) {
            // NvOpEnter + NvOpStore (+ NvOpAllow), series2026: 10/10 leaves the increment and the allow before
            // dma_fence_lock_irqsave(), so another op (or the worker's decrement) can run between load and store.
            step(FN_OP, "NvOpEnter: load fctx->notify_ref (unlocked)", s);
            int v = notifyRef;
            step(FN_OP, "NvOpStore: store fctx->notify_ref + 1 (unlocked)", s);
            setNotifyRef(v + 1);
            if (v == 0) {
                step(FN_OP, "NvOpAllow: nvif_event_allow() (unlocked)", s);
                irqArmed = true;
            }
            flags = fenceLock.spinLockIrqsave(FN_OP, s); // dma_fence_lock_irqsave()
        } else {
            // NvOpEnter, rfc2024 (4/7 + 7/7: spin_lock_irqsave(&fctx->lock) around the body) and the corrected op
            // (dma_fence_lock_irqsave() in series2026).
            flags = fenceLock.spinLockIrqsave(FN_OP, s);
        }
        boolean en;
        try {
            if (profile.fixed() && mutation != Mutation.FIXED_NO_FLAG_TEST) {
                // OpFlagTest: a fence signalled since the core's unlocked test is left alone.
                step(FN_OP, "OpFlagTest: dma_fence_test_signaled_flag()", s);
                if (f.testSignaledFlag()) {
                    return true;
                }
            }
            if (!checkSignals()) {
                step(FN_OP, "NvOpInc: if (!fctx->notify_ref++) nvif_event_allow()", s);
                countUnderLock();
            }
            en = noSignaling(f);
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
        }
        if (!en) {
            // EnableReturn, rfc2024: the void op signals the passed fence itself once it dropped fctx->lock.
            f.signal();
        }
        return en;
    }

    /** Under fctx->lock: {@code if (!fctx->notify_ref++) nvif_event_allow()} (NvOpEnter legacy, NvOpInc). */
    private void countUnderLock() {
        int v = notifyRef;
        setNotifyRef(v + 1);
        if (v == 0) {
            irqArmed = true; // nvif_event_allow()
        }
    }

    /**
     * The rest of the op under fctx->lock: nouveau_fence_no_signaling() and the op's tail.
     *
     * @return the op's answer: false = the fence passed and must be signalled by the core (legacy) or by the op
     *         after its unlock (rfc2024)
     */
    private boolean noSignaling(DmaFence f) {
        long s = f.seqno();
        if (checkSignals()) {
            // NvOpCheck, series2026 (08/10 + 10/10's __nouveau_fence_no_signaling): nouveau_fence_is_signaled() is
            // ->check_signaled and signals a passed fence with dma_fence_signal(), which takes fctx->lock: this
            // CPU holds it.
            step(FN_IS_SIGNALED, "NvOpCheck: nouveau_fence_is_signaled()", s);
            if (nouveauFenceIsSignaled(f)) {
                f.signal();
            }
            // NvOpTail: the SIGNALED test after the check. A fence the worker signalled since the core's unlocked
            // test is off fctx->pending already: this list_del() and put are its second ones.
            step(noSignalingFn(), "NvOpTail: dma_fence_test_signaled_flag()", s);
            if (f.testSignaledFlag()) {
                unlinkAndPut(f);
                f.signalLocked(); // a no-op on a signalled fence
                uncount(s);
                return true;
            }
        } else {
            // NvOpCheck, legacy, rfc2024 and the corrected op: nouveau_fence_is_signaled() as a bool.
            step(noSignalingFn(), "NvOpCheck: nouveau_fence_is_signaled(); if passed list_del(); dma_fence_put()",
                    s);
            if (nouveauFenceIsSignaled(f)) {
                unlinkAndPut(f);
                if (design == LockingPolicy.SERIES2026) {
                    // The corrected series2026 op signals under the dma_fence_lock_irqsave() it took.
                    f.signalLocked();
                }
                uncount(s);
                // legacy: false makes the core call dma_fence_signal_locked(); rfc2024: the op signals after
                // its unlock; series2026: signalled above.
                return design == LockingPolicy.SERIES2026;
            }
        }
        // NvOpMark: the fence stays counted in notify_ref until nouveau_fence_signal() uncounts it.
        step(FN_OP, "NvOpMark: set_bit(DMA_FENCE_FLAG_USER_BITS)", s);
        ledger.adding(f);
        userBits[(int) s] = true;
        return true;
    }

    /** NvOpDone, under fctx->lock: {@code if (!--fctx->notify_ref) nvif_event_block()}. */
    private void uncount(long s) {
        step(FN_OP, "NvOpDone: if (!--fctx->notify_ref) nvif_event_block()", s);
        int n = notifyRef - 1;
        setNotifyRef(n);
        if (n == 0) {
            irqArmed = false; // nvif_event_block()
        }
    }

    /** Writes notify_ref, noting a negative value (DriverTypeOK: a negative notify_ref has no meaning). */
    private void setNotifyRef(int v) {
        notifyRef = v;
        if (v < 0 && notifyRefUnderflow == 0) {
            notifyRefUnderflow = v;
        }
    }

    /**
     * list_del(&fence->head) and dma_fence_put() of the list's reference (spec DelAndPut): a second list_del() of
     * a poisoned entry is caught by CONFIG_DEBUG_LIST (NoDoubleListDel), a put without the reference by the
     * ledger (DriverRefsBalance).
     */
    private void unlinkAndPut(DmaFence f) {
        ListHead.del(head[(int) f.seqno()], seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno));
        ledger.put(f);
    }

    /**
     * nouveau_fence_is_signaled(): rcu_dereference(fence->channel) and, if not NULL, the channel's seqno against
     * the fence's (nouveau_no_channel_test leaves out the NULL test and reads the seqno anyway).
     */
    private boolean nouveauFenceIsSignaled(DmaFence f) {
        boolean chan = !channelGone[(int) f.seqno()] || mutation == Mutation.NOUVEAU_NO_CHANNEL_TEST;
        return chan && passed(f);
    }

    /** nouveau_fence_is_signaled() as ->signaled (->check_signaled in series2026, whose signal the core does). */
    @Override
    public boolean signaled(DmaFence f) {
        return nouveauFenceIsSignaled(f);
    }

    /**
     * nouveau_fence_wait_uevent_handler(): the allowed event fired on a completion (NvEvent); hard-IRQ context.
     */
    @Override
    protected void interrupt() {
        step(FN_IRQ, "NvEvent: schedule_work(&fctx->uevent_work)", 0);
        queueWork();
    }

    /**
     * nouveau_fence_uevent_work(): under spin_lock_irqsave(&fctx->lock), nouveau_fence_update() signals the passed
     * fences at the head of fctx->pending with nouveau_fence_signal(); a signal that dropped notify_ref to 0 makes
     * it block the event before the unlock.
     */
    @Override
    protected void work() {
        step(FN_WORK, "DriverStart: work runs", 0);
        boolean flags = fenceLock.spinLockIrqsave(FN_WORK, 0);
        try {
            boolean drop = false;
            long seq = hwSeqno(); // u32 seq = fctx->read(chan)
            for (;;) {
                ListHead first = pending.next;
                if (first == pending || first == ListHead.POISON1) {
                    break;
                }
                DmaFence g = fence(first.owner);
                step(FN_UPDATE, "NvWorkWalk: first entry of fctx->pending", g.seqno());
                if (seq < g.seqno()) {
                    break;
                }
                drop |= nouveauFenceSignal(g);
            }
            step(FN_WORK, drop ? "NvWorkWalk: nvif_event_block()" : "NvWorkWalk: no passed fence left", 0);
            if (drop) {
                irqArmed = false;
            }
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_WORK, 0);
        }
    }

    /**
     * nouveau_fence_signal(), under fctx->lock: dma_fence_signal_locked(), list_del(&fence->head),
     * {@code fence->channel = NULL}, {@code if (USER_BITS) drop |= !--fctx->notify_ref}, dma_fence_put().
     *
     * @return drop: the fence was counted and its uncount left notify_ref at 0
     */
    private boolean nouveauFenceSignal(DmaFence g) {
        int s = (int) g.seqno();
        step(FN_SIGNAL, "NvWorkWalk: dma_fence_signal_locked()", s);
        g.signalLocked();
        step(FN_SIGNAL, "NvWorkDel: list_del(); channel = NULL; if (USER_BITS) --fctx->notify_ref; dma_fence_put()",
                s);
        ListHead.del(head[s], seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno));
        channelGone[s] = true;
        boolean drop = false;
        // nouveau_signal_skips_notify_ref leaves out the whole `drop |= !--fctx->notify_ref`
        if (userBits[s] && mutation != Mutation.NOUVEAU_SIGNAL_SKIPS_NOTIFY_REF) {
            int n = notifyRef - 1;
            setNotifyRef(n);
            drop = n == 0;
        }
        ledger.put(g);
        return drop;
    }

    /**
     * NoEntryLeftForSignaled, NotifyRefMatchesUserBits and DriverTypeOK's notify_ref (a negative one; the
     * ledger answers for references) beside the common NoLostCompletion.
     */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        List<Long> listed = pending.walk(4 * numFences());
        checkEntriesHoldReferences(out, s -> listed.contains(s));
        int counted = 0;
        for (int s = 1; s <= numFences(); s++) {
            if (userBits[s] && listed.contains((long) s)) {
                counted++;
            }
        }
        if (notifyRef != counted) {
            out.putIfAbsent("NotifyRefMatchesUserBits", "fctx->notify_ref = " + notifyRef + " with " + counted
                    + " listed USER_BITS fences");
        } else if (irqArmed != (notifyRef > 0)) {
            out.putIfAbsent("NotifyRefMatchesUserBits", "fctx->notify_ref = " + notifyRef + " with the event "
                    + (irqArmed ? "allowed" : "blocked"));
        }
        if (notifyRefUnderflow < 0 || notifyRef < 0) {
            out.putIfAbsent("DriverTypeOK", "fctx->notify_ref = " + Math.min(notifyRefUnderflow, notifyRef));
        }
    }
}
