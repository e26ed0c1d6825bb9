package org.fencecheck.drivers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * radeon's fence, drivers/gpu/drm/radeon/radeon_fence.c (and the sw-irq references of radeon_irq_kms.c), ported
 * step by step from spec/DmaFenceDrivers.tla's profile {@code radeon}. Base tree intel-lab-lkp/linux@05a0a11b with
 * the pre-images of the 09/10 and 10/10 hunks; RFC 7/7 {@code <20240911085903.1496-8-christian.koenig@amd.com>};
 * 09/10 {@code <20260624122917.2483-10-christian.koenig@amd.com>} and 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>}. One ring.
 *
 * <p>The fence lock is {@code rdev->fence_queue.lock}, the lock of the device's fence wait queue, shared by its
 * fences. radeon_fence_enable_signaling() decides on {@code last_seq} (an atomic64 that only
 * radeon_fence_activity() advances, from the op and from the ring interrupt): passed => signalled; else it takes a
 * sw-irq reference (the ring interrupt is on while {@code ring_int} is non-zero), runs radeon_fence_activity()
 * itself (waking the queue with wake_up_all_locked() if the seqno moved), re-tests, and otherwise puts the fence's
 * {@code fence_wake} entry on the queue with a fence reference. The ring interrupt runs radeon_fence_process():
 * radeon_fence_activity() and wake_up_all(), whose wake function radeon_fence_check_signaled() signals a passed
 * fence with dma_fence_signal_locked() and drops its sw-irq reference, its entry and its fence reference. RFC 7/7
 * runs the fast test without a lock (dma_fence_signal() if passed) and the rest under
 * spin_lock_irqsave(&rdev->fence_queue.lock), signalling after the unlock; 10/10 runs the whole body under
 * dma_fence_lock_irqsave() and signals with dma_fence_signal_locked() (09/10).
 *
 * <p>Not ported, as in the spec: the down_read_trylock(&rdev->exclusive_lock) failure (a GPU reset:
 * radeon_irq_kms_sw_irq_get_delayed() and the lockup work radeon_fence_schedule_check()), the other waiters of
 * {@code rdev->fence_queue} (radeon_fence_wait()), and {@code ->signaled}.
 */
public final class RadeonFence extends AtlasDriver {

    static final String FN_OP = "radeon_fence_enable_signaling";
    static final String FN_PROCESS = "radeon_fence_process";
    static final String FN_WAKE_UP = "__wake_up_common_lock";
    static final String FN_CHECK = "radeon_fence_check_signaled";
    static final String FN_IRQ_GET = "radeon_irq_kms_sw_irq_get";
    static final String FN_IRQ_PUT = "radeon_irq_kms_sw_irq_put";

    /** {@code rdev->fence_queue.head}: the wait queue's entries (spec {@code mark}). */
    private final ListHead fenceQueue = ListHead.init(0);
    /** {@code fence->fence_wake.entry} per seqno. */
    private final ListHead[] fenceWake;
    /** {@code rdev->fence_drv[ring].last_seq}, an atomic64_t (spec {@code lastSeq}). */
    private final AtomicLong lastSeq = new AtomicLong();
    /** {@code rdev->irq.ring_int[ring]}, an atomic_t (spec {@code count}). */
    private final AtomicInteger ringInt = new AtomicInteger();
    /** {@code rdev->irq.lock}: spin_lock_irqsave() around radeon_irq_set() on the sw-irq count's 0/1 edges. */
    private final SpinLock irqLock;
    /** History, as the spec's invariant sees every state: the first negative value ring_int took, or 0. */
    private int ringIntUnderflow;

    /**
     * Creates the device's ring and its fences.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#RADEON}
     * @param mutation  {@link Mutation#RADEON_WAKE_KEEPS_IRQ} or NONE
     * @param numFences the fences of the ring
     */
    public RadeonFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "rdev->fence_queue.lock", FN_PROCESS);
        if (profile.base() != Profile.RADEON) {
            throw new IllegalArgumentException("RadeonFence ports radeon, not " + profile.specName());
        }
        irqLock = machine.newSpinLock("radeon_irq", "rdev->irq.lock");
        fenceWake = new ListHead[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            fenceWake[s] = ListHead.init(s);
        }
        irqArmed = false; // ring_int = 0: the ring's fence interrupt is off until a sw-irq reference is taken
    }

    /**
     * radeon_fence_enable_signaling() (void in rfc2024 and series2026: the answer is ignored there). legacy runs
     * under the core's lock; RFC 7/7 tests last_seq unlocked and takes spin_lock_irqsave(&rdev->fence_queue.lock)
     * for the rest; 10/10 takes dma_fence_lock_irqsave() first.
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        if (design == LockingPolicy.SERIES2026) {
            step(FN_OP, "RdOpEnter: enter", s);
            boolean flags = fenceLock.spinLockIrqsave(FN_OP, s); // dma_fence_lock_irqsave()
            try {
                step(FN_OP, "RdOpFast: atomic64_read(&last_seq) >= fence->seq", s);
                boolean armed = lastSeq.get() < s && arm(f);
                if (!armed) {
                    f.signalLocked(); // 09/10: the op signals a passed fence under the lock it holds
                }
            } finally {
                fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
            }
            return true;
        }
        step(FN_OP, "RdOpEnter: atomic64_read(&last_seq) >= fence->seq", s);
        if (lastSeq.get() >= s) {
            if (design == LockingPolicy.RFC2024) {
                f.signal(); // RFC 7/7: dma_fence_signal(), with no lock held
            }
            return false; // legacy: the core signals under its lock
        }
        if (coreHoldsLock()) {
            return arm(f);
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_OP, s); // RFC 7/7: spin_lock_irqsave(&rdev->fence_queue.lock)
        boolean en;
        try {
            en = arm(f);
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
        }
        if (!en) {
            f.signal(); // RFC 7/7: dma_fence_signal() after the unlock
        }
        return en;
    }

    /**
     * The op under the fence lock after the fast test: RdOpIrqGet, RdOpActivity (RdWalk), RdOpRetest, RdOpAdd.
     *
     * @return false if the re-test found the fence passed (its sw-irq reference dropped): signal it
     */
    private boolean arm(DmaFence f) {
        long s = f.seqno();
        // down_read_trylock(&rdev->exclusive_lock) is taken to succeed (its failure is a GPU reset).
        step(FN_OP, "RdOpIrqGet: down_read_trylock(); radeon_irq_kms_sw_irq_get()", s);
        swIrqGet(s);
        step(FN_OP, "RdOpActivity: radeon_fence_activity(); if new seqno wake_up_all_locked()", s);
        if (fenceActivity()) {
            wakeUpLocked(); // wake_up_all_locked(&rdev->fence_queue): the op holds the queue's lock
        }
        // "did fence get signaled after we enabled the sw irq?"
        step(FN_OP, "RdOpRetest: atomic64_read(&last_seq) >= fence->seq; up_read()", s);
        if (lastSeq.get() >= s) {
            swIrqPut(s);
            return false;
        }
        step(FN_OP, "RdOpAdd: __add_wait_queue(&rdev->fence_queue); dma_fence_get()", s);
        ledger.adding(f);
        // __add_wait_queue(): no WQ_FLAG_PRIORITY entry, so list_add(&wq_entry->entry, &wq_head->head).
        ListHead.add(fenceWake[(int) s], fenceQueue, fenceQueue.next);
        ledger.get(f);
        return true;
    }

    /**
     * radeon_fence_activity(): last_seq advances to the seqno the ring wrote; atomic64_xchg() stores it, and a
     * caller that finds a later value stored meanwhile reads the ring again (the C loop; its ten-round limit and
     * the 32-bit wrap handling never matter here). The lockup check it schedules is not ported.
     *
     * @return wake: the seqno moved
     */
    private boolean fenceActivity() {
        long last = lastSeq.get(); // atomic64_read(&last_seq)
        boolean wake = false;
        long seq;
        do {
            seq = hwSeqno(); // radeon_fence_read()
            if (seq <= last) {
                break;
            }
            wake = true;
            last = seq;
        } while (lastSeq.getAndSet(seq) > seq);
        return wake;
    }

    /**
     * __wake_up_common() of rdev->fence_queue, its lock held: list_for_each_entry_safe_from() over the entries,
     * calling each one's func, radeon_fence_check_signaled() (RdWalk / RdWakePut).
     */
    private void wakeUpLocked() {
        ListHead pos = fenceQueue.next;
        ListHead n = pos.next;
        while (pos != fenceQueue && pos != ListHead.POISON1) {
            checkSignaled(fence(pos.owner), pos);
            pos = n;
            n = pos.next;
        }
        step(FN_CHECK, "RdWalk: no entry passed: end of rdev->fence_queue", 0);
    }

    /**
     * radeon_fence_check_signaled(), the wake function, under the queue's lock: last_seq passed the fence =>
     * dma_fence_signal_locked() (RdWalk), radeon_irq_kms_sw_irq_put() (radeon_wake_keeps_irq forgets it),
     * __remove_wait_queue() and dma_fence_put() (RdWakePut); else return 0 (the spec folds those entries into the
     * walk).
     */
    private void checkSignaled(DmaFence g, ListHead entry) {
        long s = g.seqno();
        if (lastSeq.get() < s) { // seq = atomic64_read(&last_seq); if (seq >= fence->seq) ...
            return;
        }
        step(FN_CHECK, "RdWalk: seq passed: dma_fence_signal_locked()", s);
        g.signalLocked();
        boolean keep = mutation == Mutation.RADEON_WAKE_KEEPS_IRQ;
        step(FN_CHECK, keep ? "RdWakePut: __remove_wait_queue(); dma_fence_put()"
                : "RdWakePut: radeon_irq_kms_sw_irq_put(); __remove_wait_queue(); dma_fence_put()", s);
        if (!keep) {
            swIrqPut(s);
        }
        ListHead.del(entry, seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno)); // __remove_wait_queue()
        ledger.put(g);
    }

    /**
     * radeon_irq_kms_sw_irq_get(): {@code if (atomic_inc_return(&ring_int[ring]) == 1)} radeon_irq_set() under
     * rdev->irq.lock, which turns the ring's fence interrupt on.
     */
    private void swIrqGet(long s) {
        if (ringInt.incrementAndGet() == 1) {
            boolean flags = irqLock.spinLockIrqsave(FN_IRQ_GET, s);
            irqArmed = ringInt.get() > 0; // radeon_irq_set()
            irqLock.spinUnlockIrqrestore(flags, FN_IRQ_GET, s);
        }
    }

    /**
     * radeon_irq_kms_sw_irq_put(): {@code if (atomic_dec_and_test(&ring_int[ring]))} radeon_irq_set() under
     * rdev->irq.lock, which turns the ring's fence interrupt off.
     */
    private void swIrqPut(long s) {
        int v = ringInt.decrementAndGet();
        if (v < 0 && ringIntUnderflow == 0) {
            ringIntUnderflow = v;
        }
        if (v == 0) {
            boolean flags = irqLock.spinLockIrqsave(FN_IRQ_PUT, s);
            irqArmed = ringInt.get() > 0; // radeon_irq_set()
            irqLock.spinUnlockIrqrestore(flags, FN_IRQ_PUT, s);
        }
    }

    /**
     * radeon_fence_process() from the ring interrupt, hard IRQ: radeon_fence_activity() and, if the seqno moved,
     * wake_up_all(&rdev->fence_queue), which takes the queue's lock (the fence lock) with spin_lock_irqsave().
     */
    @Override
    protected void interrupt() {
        step(FN_PROCESS, "RdIrq: radeon_fence_activity(); if new seqno wake_up_all()", 0);
        if (!fenceActivity()) {
            return;
        }
        boolean flags = fenceLock.spinLockIrqsave(FN_WAKE_UP, 0);
        try {
            wakeUpLocked();
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_WAKE_UP, 0);
        }
    }

    /**
     * SwIrqRefsMatchWaitEntries and DriverTypeOK's ring_int beside the common NoLostCompletion: ring_int is the
     * number of wait-queue entries, each holding one fence reference (no other fence holds one), the interrupt is
     * on exactly while there is one, and no entry waits for a seqno last_seq passed.
     */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        List<Long> entries = fenceQueue.walk(4 * numFences());
        int count = ringInt.get();
        if (count != entries.size()) {
            out.putIfAbsent("SwIrqRefsMatchWaitEntries", "ring_int = " + count + " with " + entries.size()
                    + " entries on rdev->fence_queue");
        } else if (irqArmed != (count > 0)) {
            out.putIfAbsent("SwIrqRefsMatchWaitEntries", "ring_int = " + count + " with the ring interrupt "
                    + (irqArmed ? "on" : "off"));
        }
        for (int s = 1; s <= numFences(); s++) {
            boolean on = entries.contains((long) s);
            if (ledger.refs(s) != (on ? 1 : 0)) {
                out.putIfAbsent("SwIrqRefsMatchWaitEntries", "fence " + s + (on ? " waiting" : " not waiting")
                        + " with " + ledger.refs(s) + " driver references");
            } else if (on && lastSeq.get() >= s) {
                out.putIfAbsent("SwIrqRefsMatchWaitEntries", "fence " + s + " waiting, last_seq = " + lastSeq.get());
            }
        }
        if (ringIntUnderflow < 0 || count < 0) {
            out.putIfAbsent("DriverTypeOK", "ring_int = " + Math.min(ringIntUnderflow, count));
        }
    }
}
