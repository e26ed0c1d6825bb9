package org.fencecheck.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * host1x's syncpoint fence, drivers/gpu/host1x/fence.c and intr.c, ported step by step from
 * spec/DmaFenceDrivers.tla's profile {@code host1x}. Base tree intel-lab-lkp/linux@05a0a11b (intr.c as of
 * 3b9dc91e6dcf) with the pre-images of the 09/10 and 10/10 hunks; RFC 7/7
 * {@code <20240911085903.1496-8-christian.koenig@amd.com>}; 09/10
 * {@code <20260624122917.2483-10-christian.koenig@amd.com>} and 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>}.
 *
 * <p>The fence lock is {@code sp->fences.lock} of one syncpoint, shared by its fences. Signalling is enabled by
 * host1x_syncpt_fence_enable_signaling(): unless the syncpoint already expired the threshold, it takes a reference
 * for the interrupt path and, since every fence here has {@code sf->timeout}, a second one for the timeout work,
 * schedules that work and inserts the fence in threshold order on {@code sp->fences.list}. Two paths then race to
 * signal, decided by {@code atomic_xchg(&f->signaling, 1)}: the syncpoint interrupt
 * (host1x_intr_handle_interrupt(), hard IRQ, plain {@code spin_lock()}) and the timeout work (do_fence_timeout(),
 * process context, which removes the fence under {@code spin_lock_irqsave()} and signals it with -ETIMEDOUT).
 * RFC 7/7 wraps the op's body in {@code spin_lock_irqsave(f->lock)} and signals after the unlock; 10/10 wraps it in
 * {@code dma_fence_lock_irqsave()} and signals with dma_fence_signal_locked() (09/10).
 *
 * <p>The timeout works are this driver's events ({@link #events()}: {@code "timeout<seqno>"}, spec H1TmoStart:
 * the 30 s delay may end at any time), and {@link #quiesce()} runs every pending one, as the spec's
 * DriverQuiescent requires no timeout work pending for host1x.
 */
public final class Host1xFence extends AtlasDriver {

    static final String FN_OP = "host1x_syncpt_fence_enable_signaling";
    static final String FN_ADD = "host1x_intr_add_fence_locked";
    static final String FN_IRQ = "host1x_intr_handle_interrupt";
    static final String FN_SIGNAL = "host1x_fence_signal";
    static final String FN_TIMEOUT = "do_fence_timeout";
    static final String FN_REMOVE = "host1x_intr_remove_fence";
    /** The event prefix of a fence's timeout work: {@code "timeout1"} runs fence 1's. */
    static final String EVENT_TIMEOUT = "timeout";

    /** {@code sp->fences.list}, in threshold order. */
    private final ListHead fencesList = ListHead.init(0);
    /** {@code sf->list} per seqno. */
    private final ListHead[] list;
    /**
     * {@code f->signaling} per seqno (spec {@code gone}): an atomic_t written only by atomic_xchg(), the one
     * lock-free decision between the interrupt and the timeout work.
     */
    private final AtomicIntegerArray signaling;
    /**
     * The pending bit of {@code sf->timeout_work} per seqno (spec {@code mark}): set by schedule_delayed_work(),
     * cleared either by cancel_delayed_work() (which then returns true) or by the workqueue when the work starts.
     * The workqueue's own atomic, like {@link AtlasDriver#queueWork()}'s.
     */
    private final AtomicIntegerArray timeoutPending;

    /**
     * Creates the syncpoint and its fences.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#HOST1X}
     * @param mutation  NONE (host1x has no broken profile)
     * @param numFences the fences sharing the syncpoint
     */
    public Host1xFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "sp->fences.lock", FN_IRQ);
        if (profile.base() != Profile.HOST1X) {
            throw new IllegalArgumentException("Host1xFence ports host1x, not " + profile.specName());
        }
        list = new ListHead[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            list[s] = ListHead.init(s);
        }
        signaling = new AtomicIntegerArray(numFences + 1);
        timeoutPending = new AtomicIntegerArray(numFences + 1);
        // irqArmed stays false until the op programs a threshold (spec: host1x is not in IrqArmedAtInit).
    }

    /**
     * host1x_syncpt_fence_enable_signaling() (void in rfc2024 and series2026: the answer is ignored there). The op
     * takes the fence lock itself (spec OpTakesLock) in rfc2024 (RFC 7/7: spin_lock_irqsave(f->lock)) and
     * series2026 (10/10: dma_fence_lock_irqsave()); legacy runs under the core's.
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        step(FN_OP, "H1OpEnter: enter", s);
        boolean locks = !coreHoldsLock();
        boolean flags = false;
        if (locks) {
            // RFC 7/7: spin_lock_irqsave(f->lock); 10/10: dma_fence_lock_irqsave()
            flags = fenceLock.spinLockIrqsave(FN_OP, s);
        }
        boolean enabled;
        try {
            step(FN_OP, "H1OpCheck: host1x_syncpt_is_expired()", s);
            if (passed(f)) {
                if (design == LockingPolicy.SERIES2026) {
                    // 09/10: the op signals a passed fence itself, under the lock it holds (10/10).
                    f.signalLocked();
                    enabled = true;
                } else {
                    // legacy: return false, the core signals under its lock; rfc2024: signal after the unlock.
                    enabled = false;
                }
            } else {
                // H1OpRef: the interrupt path's reference, and the timeout path's with its delayed work.
                step(FN_OP, "H1OpRef: dma_fence_get(); dma_fence_get(); schedule_delayed_work(&f->timeout_work)",
                        s);
                ledger.adding(f);
                ledger.get(f);
                ledger.get(f);
                timeoutPending.set((int) s, 1);
                addFenceLocked(f);
                enabled = true;
            }
        } finally {
            if (locks) {
                fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
            }
        }
        if (!enabled && design == LockingPolicy.RFC2024) {
            // RFC 7/7: the void op signals an expired fence itself, after dropping the lock (OpSignal "signal").
            f.signal();
        }
        return enabled;
    }

    /**
     * H1OpInsert, host1x_intr_add_fence_locked(): INIT_LIST_HEAD(), host1x_intr_add_fence_to_list() (walk
     * sp->fences.list backwards to the last fence whose threshold is not later, list_add() after it, else at the
     * head) and host1x_intr_update_hw_state() (program the first threshold, enable the syncpoint interrupt).
     */
    private void addFenceLocked(DmaFence f) {
        long s = f.seqno();
        step(FN_ADD, "H1OpInsert: host1x_intr_add_fence_locked(): list insert; program threshold", s);
        ledger.adding(f);
        ListHead entry = list[(int) s];
        entry.next = entry; // INIT_LIST_HEAD(&fence->list)
        entry.prev = entry;
        ListHead after = fencesList;
        for (ListHead p = fencesList.prev; p != fencesList; p = p.prev) { // list_for_each_entry_reverse
            if (p.owner <= s) {
                after = p;
                break;
            }
        }
        ListHead.add(entry, after, after.next); // list_add(new, after) = __list_add(new, after, after->next)
        irqArmed = true;
    }

    /**
     * host1x_intr_handle_interrupt(), hard IRQ: host1x_syncpt_load() once, then plain spin_lock(&sp->fences.lock)
     * and list_for_each_entry_safe() up to the first fence not yet expired: list_del_init() and
     * host1x_fence_signal(). host1x_intr_update_hw_state() reprograms the threshold; the spec keeps the interrupt
     * armed once programmed, and so does this port.
     */
    @Override
    protected void interrupt() {
        step(FN_IRQ, "H1Irq: host1x_syncpt_load()", 0);
        long value = hwSeqno();
        fenceLock.spinLock(FN_IRQ, 0);
        ListHead pos = fencesList.next;
        ListHead n = pos.next;
        while (pos != fencesList && pos != ListHead.POISON1 && pos.owner <= value) {
            DmaFence g = fence(pos.owner);
            step(FN_IRQ, "H1IrqWalk: list_del_init(); atomic_xchg(&f->signaling, 1)", g.seqno());
            ListHead.delInit(pos, seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno));
            fenceSignal(g);
            pos = n;
            n = pos.next;
        }
        step(FN_IRQ, "H1IrqWalk: no expired fence left; reprogram threshold", 0);
        fenceLock.spinUnlock(FN_IRQ, 0);
    }

    /**
     * host1x_fence_signal(), under sp->fences.lock: the exchange lost (the timeout work is signalling) => put the
     * interrupt path's reference (H1Put); won => H1Sig then H1Put.
     */
    private void fenceSignal(DmaFence g) {
        long s = g.seqno();
        if (signaling.getAndSet((int) s, 1) != 0) {
            step(FN_SIGNAL, "H1Put: dma_fence_put()", s);
            ledger.put(g);
            return;
        }
        // H1Sig: cancel_delayed_work() succeeds only while the timeout work has not started; then the timeout
        // path's reference is ours to drop.
        step(FN_SIGNAL, "H1Sig: cancel_delayed_work(); dma_fence_signal_locked()", s);
        if (timeoutPending.compareAndSet((int) s, 1, 0)) {
            ledger.put(g);
        }
        g.signalLocked();
        step(FN_SIGNAL, "H1Put: dma_fence_put()", s);
        ledger.put(g);
    }

    /** The timeout work of each fence: {@code "timeout1"} .. {@code "timeout<n>"} (spec H1TmoStart). */
    @Override
    public List<String> events() {
        List<String> out = new ArrayList<>();
        for (int s = 1; s <= numFences(); s++) {
            out.add(EVENT_TIMEOUT + s);
        }
        return out;
    }

    /**
     * Runs fence {@code s}'s timeout work if it is pending (the delay ended: spec H1TmoStart), in process
     * context.
     */
    @Override
    public boolean runEvent(String name) {
        int s = -1;
        if (name.startsWith(EVENT_TIMEOUT)) {
            try {
                s = Integer.parseInt(name.substring(EVENT_TIMEOUT.length()));
            } catch (NumberFormatException e) {
                s = -1;
            }
        }
        if (s < 1 || s > numFences()) {
            return super.runEvent(name);
        }
        return runTimeout(s);
    }

    /** The workqueue starts fence {@code s}'s timeout work: its pending bit is cleared before the function runs. */
    private boolean runTimeout(int s) {
        if (!timeoutPending.compareAndSet(s, 1, 0)) {
            return false;
        }
        step(FN_TIMEOUT, "H1TmoStart: timeout work runs", s);
        doFenceTimeout(fence(s));
        return true;
    }

    /**
     * do_fence_timeout(): atomic_xchg(&f->signaling, 1); lost => put the timeout path's reference; won =>
     * host1x_intr_remove_fence() (a listed fence is unlinked, and the interrupt path's reference dropped),
     * dma_fence_set_error(-ETIMEDOUT), dma_fence_signal() and the put of the timeout path's reference.
     */
    private void doFenceTimeout(DmaFence f) {
        long s = f.seqno();
        step(FN_TIMEOUT, "H1Tmo: atomic_xchg(&f->signaling, 1)", s);
        if (signaling.getAndSet((int) s, 1) != 0) {
            step(FN_TIMEOUT, "H1Put: dma_fence_put()", s);
            ledger.put(f);
            return;
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_REMOVE, s);
        step(FN_REMOVE, "H1Rm: list_empty(); list_del_init(); host1x_intr_update_hw_state()", s);
        ListHead entry = list[(int) s];
        boolean removed = !entry.isEmpty();
        if (removed) {
            ListHead.delInit(entry, seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno));
        }
        fenceLock.spinUnlockIrqrestore(flags, FN_REMOVE, s);
        if (removed) {
            // do_fence_timeout() drops the interrupt path's reference once host1x_intr_remove_fence() returned
            // true, after its unlock (the spec folds the put into H1Rm).
            ledger.put(f);
        }
        step(FN_TIMEOUT, "H1Err: dma_fence_set_error(-ETIMEDOUT); dma_fence_signal()", s);
        f.setErrorFolded(-Errno.ETIMEDOUT);
        f.signal();
        step(FN_TIMEOUT, "H1Put: dma_fence_put()", s);
        ledger.put(f);
    }

    /** Runs the pending timeout works too: the spec's DriverQuiescent has none pending for host1x. */
    @Override
    public void quiesce() {
        super.quiesce();
        for (int s = 1; s <= numFences(); s++) {
            if (runTimeout(s)) {
                super.quiesce();
            }
        }
    }

    /**
     * NoEntryLeftForSignaled beside the common NoLostCompletion. A pending timeout work makes the state not
     * DriverQuiescent, where the property holds vacuously ({@link #quiesce()} leaves none pending).
     */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        for (int s = 1; s <= numFences(); s++) {
            if (timeoutPending.get(s) != 0) {
                return;
            }
        }
        List<Long> listed = fencesList.walk(4 * numFences());
        checkEntriesHoldReferences(out, s -> listed.contains(s));
    }
}
