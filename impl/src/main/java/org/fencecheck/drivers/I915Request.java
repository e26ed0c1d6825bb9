package org.fencecheck.drivers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * i915's request fence, drivers/gpu/drm/i915/i915_request.c ({@code i915_fence_enable_signaling},
 * {@code i915_fence_signaled}, {@code __i915_request_submit}, {@code i915_request_retire}; base tree
 * intel-lab-lkp/linux@05a0a11b) and gt/intel_breadcrumbs.c ({@code i915_request_enable_breadcrumb},
 * {@code insert_breadcrumb}, {@code irq_signal_request}, {@code signal_irq_work}; intel-lab-lkp/linux@5ebd4a176655,
 * unchanged by the series but for the op's caller), ported step by step from spec/DmaFenceDrivers.tla's profile
 * {@code i915}. RFC 7/7 {@code <20240911085903.1496-8-christian.koenig@amd.com>} wraps the op in
 * {@code spin_lock_irqsave(fence->lock)}; 10/10 {@code <20260624122917.2483-11-christian.koenig@amd.com>} in
 * {@code dma_fence_lock_irqsave()}; 08/10 {@code <20260624122917.2483-9-christian.koenig@amd.com>} makes
 * {@code i915_fence_signaled()} the {@code ->check_signaled} that calls {@code dma_fence_signal()} (the core does
 * that call here).
 *
 * <p>The fence lock is {@code rq->lock}, the request's own; {@code ce->signal_lock} (lock class "driver") guards
 * {@code ce->signals} and I915_FENCE_FLAG_SIGNAL; one context, one engine. The requests are submitted in seqno
 * order ({@code "submit"}: I915_FENCE_FLAG_ACTIVE), only submitted ones run on the GPU, and completed ones are
 * retired in order ({@code "retire"}). Enabling signalling on a submitted request puts a breadcrumb on
 * {@code ce->signals} with a reference; the breadcrumb irq_work {@code signal_irq_work} (queued by the armed user
 * interrupt or by {@code irq_work_queue()}) takes completed requests off it.
 *
 * <p>The breadcrumb code signals in two halves: {@code __dma_fence_signal()} sets SIGNALED with a lock-free
 * {@code test_and_set_bit()} (in {@code irq_signal_request()} and the walk of {@code signal_irq_work}), and the
 * winner later splices {@code cb_list}, writes the timestamp and runs the callbacks under {@code rq->lock}
 * ({@link DmaFence#testAndSetSignaledBit()}, {@link DmaFence#signalNotifyLocked(long)}).
 *
 * <p>Atomics here are the C code's own: the fence-flag bits ACTIVE and SIGNAL are set and cleared with atomic
 * bitops, {@code b->signaled_requests} is a lock-free llist, and submission and retirement are the spec's one-step
 * claims ({@code lastSeq}, {@code count}; the C code serialises submission under {@code sched_engine->lock},
 * which the spec models only as IRQs off).
 */
public final class I915Request extends AtlasDriver {

    static final String FN_OP = "i915_fence_enable_signaling";
    static final String FN_BREADCRUMB = "i915_request_enable_breadcrumb";
    static final String FN_INSERT = "insert_breadcrumb";
    static final String FN_SUBMIT = "__i915_request_submit";
    static final String FN_RETIRE = "i915_request_retire";
    static final String FN_IRQ = "signal_irq_work";

    /** I915_FENCE_FLAG_ACTIVE: the request was submitted (the spec's {@code f <= lastSeq}). */
    private static final int ACTIVE = 1;
    /** I915_FENCE_FLAG_SIGNAL: the request has a breadcrumb on {@code ce->signals} (the spec's {@code mark}). */
    private static final int SIGNAL = 2;

    /** A node of the lock-free {@code b->signaled_requests} ({@code rq->signal_node}). */
    private record LlNode(long seqno, LlNode next) {
    }

    /** {@code ce->signal_lock}. */
    private final SpinLock signalLock;
    /** {@code ce->signals}, in seqno order (the spec's {@code pending}). */
    private final ListHead signals = ListHead.init(0);
    /** {@code rq->signal_link} per seqno. */
    private final ListHead[] signalLink;
    /** The driver's bits of {@code rq->fence.flags} per seqno: {@link #ACTIVE}, {@link #SIGNAL}. */
    private final AtomicIntegerArray rqFlags;
    /** {@code b->signaled_requests} (the spec's {@code gone}): the head of the llist. */
    private final AtomicReference<LlNode> signaledRequests = new AtomicReference<>();
    /** The requests submitted so far (the spec's {@code lastSeq}). */
    private final AtomicInteger submitted = new AtomicInteger();
    /** The requests retired so far (the spec's {@code count}). */
    private final AtomicInteger retired = new AtomicInteger();

    /**
     * Creates the context and its requests, none submitted.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#I915}
     * @param mutation  {@link Mutation#I915_SIGNAL_WITHOUT_LLIST} or NONE
     * @param numFences the requests of the context
     */
    public I915Request(Machine machine, LockingPolicy design, Profile profile, Mutation mutation, int numFences) {
        super(machine, design, profile, mutation, numFences, "rq->lock", FN_IRQ);
        if (profile != Profile.I915) {
            throw new IllegalArgumentException("I915Request ports i915, not " + profile.specName());
        }
        signalLock = machine.newSpinLock("driver", "ce->signal_lock");
        signalLink = new ListHead[numFences + 1];
        for (int s = 1; s <= numFences; s++) {
            signalLink[s] = ListHead.init(s);
        }
        rqFlags = new AtomicIntegerArray(numFences + 1);
        // irqArmed stays false: signal_irq_work arms the user interrupt once a breadcrumb waits.
    }

    // ---------------------------------------------------------------------------------------------------------
    // The op and i915_request_enable_breadcrumb()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * i915_fence_enable_signaling() = i915_request_enable_breadcrumb(), which always answers true, so the op never
     * signals. legacy: the core holds rq->lock. rfc2024 and series2026 (spec OpTakesLock): RFC 7/7's
     * spin_lock_irqsave(fence->lock) / 10/10's dma_fence_lock_irqsave() around it.
     */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        if (coreHoldsLock()) {
            enableBreadcrumb(f, false);
            return true;
        }
        step(FN_OP, "I9OpEnter: enter", s);
        boolean flags = fenceLock.spinLockIrqsave(FN_OP, s);
        try {
            enableBreadcrumb(f, false);
        } finally {
            fenceLock.spinUnlockIrqrestore(flags, FN_OP, s);
        }
        return true;
    }

    /**
     * i915_request_enable_breadcrumb(), from the op (rq->lock held) or from __i915_request_submit() (no rq->lock,
     * sched_engine->lock's IRQs off).
     *
     * @param rq         the request
     * @param fromSubmit whether __i915_request_submit() called it
     */
    private void enableBreadcrumb(DmaFence rq, boolean fromSubmit) {
        long s = rq.seqno();
        // I9Sig: "Serialises with i915_request_retire() using rq->lock"; the breadcrumb code sets SIGNALED
        // without it, and the submit path does not hold it.
        step(FN_BREADCRUMB, "I9Sig: test_bit(SIGNALED)", s);
        if (rq.testSignaledFlag()) {
            return;
        }
        // I9Act: a request not yet submitted gets its breadcrumb from __i915_request_submit(), which sees
        // ENABLE_SIGNAL.
        step(FN_BREADCRUMB, "I9Act: test_bit(I915_FENCE_FLAG_ACTIVE)", s);
        if (!testFlag(s, ACTIVE)) {
            return;
        }
        signalLock.spinLock(FN_BREADCRUMB, s);
        step(FN_INSERT, "I9Ins: test_bit(I915_FENCE_FLAG_ACTIVE); insert_breadcrumb()", s);
        if (testFlag(s, ACTIVE)) { // always set: unsubmit is not modelled
            insertBreadcrumb(rq);
        }
        signalLock.spinUnlock(FN_BREADCRUMB, s);
        step(FN_BREADCRUMB, fromSubmit ? "I9Out: return; spin_unlock_irqrestore(&sched_engine->lock)"
                : "I9Out: return true", s);
    }

    /**
     * insert_breadcrumb(), under ce->signal_lock, in the one I9Ins step: a breadcrumb already there => nothing; a
     * completed request => irq_signal_request(); else i915_request_get(), list_add() in seqno order (walking back
     * from the tail), set_bit(I915_FENCE_FLAG_SIGNAL), and irq_work_queue() when the interrupt is not armed or the
     * request completed meanwhile (the spec folds that re-read into this step: only the hardware can tell the two
     * reads apart, and its completion then raises the armed interrupt).
     */
    private void insertBreadcrumb(DmaFence rq) {
        long s = rq.seqno();
        if (testFlag(s, SIGNAL)) {
            return;
        }
        if (passed(rq)) { // __i915_request_is_complete()
            irqSignalRequest(rq);
            return;
        }
        ListHead pos;
        if (signals.isEmpty()) {
            pos = signals; // add_signaling_context(): one context, not modelled
        } else {
            for (pos = signals.prev; pos != signals; pos = pos.prev) { // list_for_each_prev()
                if (s >= pos.owner) { // i915_seqno_passed(rq->fence.seqno, it->fence.seqno)
                    break;
                }
            }
        }
        ledger.get(rq); // i915_request_get(): the reference ce->signals holds
        ListHead.add(signalLink[(int) s], pos, pos.next); // list_add(&rq->signal_link, pos)
        ledger.adding(rq); // GEM_BUG_ON(test_bit(DMA_FENCE_FLAG_SIGNALED_BIT))
        setFlag(s, SIGNAL);
        if (!irqArmed || passed(rq)) {
            raiseIrq(); // irq_work_queue(&b->irq_work): taken once this CPU's IRQs are back on
        }
    }

    /**
     * irq_signal_request(): __dma_fence_signal() wins SIGNALED lock-free, then i915_request_get(), llist_add() to
     * b->signaled_requests and irq_work_queue() if the llist was empty. i915_signal_without_llist: the winner
     * stops after the bit, so no irq_work ever runs the callbacks.
     */
    private void irqSignalRequest(DmaFence rq) {
        if (!testAndSetSignaled(rq)) {
            return;
        }
        if (mutation == Mutation.I915_SIGNAL_WITHOUT_LLIST) {
            return;
        }
        ledger.get(rq);
        if (llistAdd(rq.seqno())) {
            raiseIrq();
        }
    }

    /** i915_fence_signaled() = i915_request_completed(): ->check_signaled in series2026, whose signal the core does. */
    @Override
    public boolean signaled(DmaFence f) {
        return f.testSignaledFlag() || passed(f);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Submission, retirement, the hardware
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public List<String> events() {
        return List.of("submit", "retire");
    }

    @Override
    public boolean runEvent(String name) {
        return switch (name) {
            case "submit" -> submit();
            case "retire" -> retire();
            default -> super.runEvent(name);
        };
    }

    /**
     * __i915_request_submit() of the next request: I9Submit under spin_lock_irqsave(&sched_engine->lock) (IRQs
     * off; nothing else modelled takes the lock), set_bit(I915_FENCE_FLAG_ACTIVE); I9SubTest: if ENABLE_SIGNAL is
     * set, i915_request_enable_breadcrumb() without rq->lock ("we may be recursing from the signal callback of
     * another i915 fence"); then spin_unlock_irqrestore().
     */
    private boolean submit() {
        int s;
        do {
            s = submitted.get() + 1;
            if (s > numFences()) {
                return false;
            }
        } while (!submitted.compareAndSet(s - 1, s));
        step(FN_SUBMIT, "I9Submit: spin_lock_irqsave(&sched_engine->lock); set_bit(I915_FENCE_FLAG_ACTIVE)", s);
        Cpu cpu = Cpu.current();
        boolean flags = cpu.localIrqSave();
        setFlag(s, ACTIVE); // the GPU may now run it
        step(FN_SUBMIT, "I9SubTest: test_bit(ENABLE_SIGNAL)", s);
        DmaFence rq = fence(s);
        if (enabled(rq)) {
            enableBreadcrumb(rq, true);
        }
        cpu.localIrqRestore(flags, FN_SUBMIT);
        return true;
    }

    /**
     * i915_request_retire() of the oldest completed request (the retire worker, process context): if
     * !i915_request_signaled(rq), spin_lock_irq(&rq->lock), dma_fence_signal_locked(), spin_unlock_irq(). What
     * retire does besides touches no fence state.
     */
    private boolean retire() {
        int s;
        do {
            s = retired.get() + 1;
            if (s > hwSeqno()) {
                return false;
            }
        } while (!retired.compareAndSet(s - 1, s));
        DmaFence rq = fence(s);
        step(FN_RETIRE, "I9Retire: i915_request_signaled()", s);
        if (rq.testSignaledFlag()) {
            return true;
        }
        fenceLock.spinLockIrq(FN_RETIRE, s);
        rq.signalLocked(); // finds SIGNALED set (and splices nothing) if the breadcrumb code won it meanwhile
        fenceLock.spinUnlockIrq(FN_RETIRE, s);
        return true;
    }

    /** The GPU runs only submitted requests (spec DNext: {@code hwSeqno' <= lastSeq}). */
    @Override
    protected boolean hardwareMayComplete(long s) {
        return testFlag(s, ACTIVE);
    }

    // ---------------------------------------------------------------------------------------------------------
    // signal_irq_work()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * signal_irq_work(), hard-IRQ context: I9Work takes b->signaled_requests as the local signal list and disarms
     * an interrupt nobody listens to; I9Walk takes completed requests off ce->signals under ce->signal_lock; per
     * request of the local list, I9Notify takes rq->lock, I9Cbs splices and runs the callbacks, I9Put drops the
     * reference; at the end I9Notify arms the interrupt while a breadcrumb waits.
     */
    @Override
    protected void interrupt() {
        step(FN_IRQ, "I9Work: llist_del_all(&b->signaled_requests)", 0);
        long timestamp = System.nanoTime(); // const ktime_t timestamp = ktime_get()
        Deque<Long> signal = new ArrayDeque<>();
        for (LlNode n = signaledRequests.getAndSet(null); n != null; n = n.next()) {
            signal.addLast(n.seqno());
        }
        // Keep the interrupt armed until the interrupt after all listeners are gone. The list_empty() of
        // b->signalers is read without ce->signal_lock, as in C.
        if (signal.isEmpty() && irqArmed && signals.isEmpty()) {
            irqArmed = false; // intel_breadcrumbs_disarm_irq()
        }
        // b->signaler_active only orders concurrent walks of several contexts: one context here.
        signalLock.spinLock(FN_IRQ, 0);
        for (;;) {
            ListHead pos = signals.next;
            long h = pos == signals ? 0 : pos.owner;
            step(FN_IRQ, "I9Walk: first request on ce->signals", h);
            if (h == 0 || !passed(fence(h)) || !testAndClearFlag(h, SIGNAL)) {
                break; // empty, !__i915_request_is_complete() or no I915_FENCE_FLAG_SIGNAL
            }
            ListHead.del(pos, seqno -> ledger.record(Ledger.Err.LIST_DEL, seqno));
            // remove_signaling_context(): one context, not modelled.
            DmaFence rq = fence(h);
            if (testAndSetSignaled(rq)) {
                signal.addFirst(h); // we own signal_node now: slist_add() to the local list, with the reference
            } else {
                ledger.put(rq); // i915_request_put(): somebody else signalled it
            }
        }
        signalLock.spinUnlock(FN_IRQ, 0);
        for (long h : signal) { // llist_for_each_safe(signal, sn, signal)
            DmaFence rq = fence(h);
            step(FN_IRQ, "I9Notify: next request on the local signal list", h);
            fenceLock.spinLock(FN_IRQ, h);
            step(FN_IRQ, "I9Cbs: list_replace(&rq->fence.cb_list); __dma_fence_signal__timestamp();"
                    + " __dma_fence_signal__notify()", h);
            notifyLocked(rq, timestamp);
            fenceLock.spinUnlock(FN_IRQ, h);
            step(FN_IRQ, "I9Put: i915_request_put()", h);
            ledger.put(rq);
        }
        step(FN_IRQ, "I9Notify: end of the local signal list", 0);
        // Lazy irq enabling after HW submission: arming queues the irq_work again, as a request may have
        // completed before the interrupt was on.
        if (!irqArmed && !signals.isEmpty()) {
            irqArmed = true; // intel_breadcrumbs_arm_irq()
            raiseIrq();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The two halves of the breadcrumb signal
    // ---------------------------------------------------------------------------------------------------------

    /**
     * {@code __dma_fence_signal()}: {@code !test_and_set_bit(DMA_FENCE_FLAG_SIGNALED_BIT)} with no lock held;
     * true if this call set the bit, and its caller then owns the notification ({@code notifyLocked()}).
     */
    private static boolean testAndSetSignaled(DmaFence rq) {
        return !rq.testAndSetSignaledBit();
    }

    /**
     * {@code list_replace(&rq->fence.cb_list, &cb_list); __dma_fence_signal__timestamp(&rq->fence, timestamp);
     * __dma_fence_signal__notify(&rq->fence, &cb_list)} under rq->lock, for a request whose SIGNALED this CPU won
     * lock-free.
     */
    private static void notifyLocked(DmaFence rq, long timestamp) {
        rq.signalNotifyLocked(timestamp);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bits, lists
    // ---------------------------------------------------------------------------------------------------------

    /** test_bit() of a driver bit of {@code rq->fence.flags}. */
    private boolean testFlag(long s, int bit) {
        return (rqFlags.get((int) s) & bit) != 0;
    }

    /** set_bit(). */
    private void setFlag(long s, int bit) {
        rqFlags.getAndUpdate((int) s, v -> v | bit);
    }

    /** test_and_clear_bit(): whether the bit was set. */
    private boolean testAndClearFlag(long s, int bit) {
        return (rqFlags.getAndUpdate((int) s, v -> v & ~bit) & bit) != 0;
    }

    /** llist_add(&rq->signal_node, &b->signaled_requests): whether the llist was empty. */
    private boolean llistAdd(long s) {
        for (;;) {
            LlNode first = signaledRequests.get();
            if (signaledRequests.compareAndSet(first, new LlNode(s, first))) {
                return first == null;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------------------------------------------

    /**
     * NoEntryLeftForSignaled (a breadcrumb on ce->signals holds one reference; the llist's and the local lists'
     * are gone once quiet) and CbListEmptyOnceNotified (a signalled request not on b->signaled_requests, nor on a
     * local list, which no running irq_work has once quiet, lists no user callback) beside NoLostCompletion.
     */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        List<Long> listed = signals.walk(4 * numFences());
        checkEntriesHoldReferences(out, s -> listed.contains(s));
        Set<Long> inFlight = new HashSet<>();
        for (LlNode n = signaledRequests.get(); n != null; n = n.next()) {
            inFlight.add(n.seqno());
        }
        for (int s = 1; s <= numFences(); s++) {
            DmaFence f = fence(s);
            if (!f.testSignaledFlag() || inFlight.contains((long) s)) {
                continue;
            }
            for (FenceCallback cb : f.state().callbacks()) {
                if (!cb.name().equals("waiter")) {
                    out.putIfAbsent("CbListEmptyOnceNotified", "request " + s
                            + " signalled, no notification in flight, " + cb.name() + " still on cb_list");
                }
            }
        }
    }
}
