package org.fencecheck.drivers;

import java.util.Map;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/**
 * xe's preempt fence, drivers/gpu/drm/xe/xe_preempt_fence.c ({@code preempt_fence_enable_signaling},
 * {@code preempt_fence_work_func}), ported step by step from spec/DmaFenceDrivers.tla's profile {@code xe_preempt}.
 * Base tree intel-lab-lkp/linux@05a0a11b with the pre-images of the 10/10 hunks; RFC 7/7
 * {@code <20240911085903.1496-8-christian.koenig@amd.com>} only drops {@code return true}; 10/10
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>} wraps the body in {@code dma_fence_lock_irqsave()}.
 *
 * <p>The fence lock is {@code pfence->lock}, the fence's own: the profile has one fence. The op asks the exec
 * queue to suspend ({@code q->ops->suspend(q)}) and queues {@code pfence->preempt_work}; the worker waits for the
 * suspend, signals the fence with {@code dma_fence_signal()} and drops the fence's exec-queue reference, the last
 * of which frees the queue.
 */
public final class XePreemptFence extends AtlasDriver {

    static final String FN_OP = "preempt_fence_enable_signaling";
    static final String FN_WORK = "preempt_fence_work_func";

    /** Suspends asked for (the spec's {@code count}). */
    private int suspends;
    /** References to the exec queue {@code pfence->q} (the spec's {@code kref}): the fence's own. */
    private int queueRefs = 1;
    /** The exec queue was freed (the spec's {@code svm = "freed"}). */
    private boolean queueFreed;

    /**
     * Creates the preempt fence.
     *
     * @param machine   the machine
     * @param design    the core's design
     * @param profile   {@link Profile#XE_PREEMPT}
     * @param mutation  NONE (no broken variant touches this profile)
     * @param numFences 1: the fence lock is the fence's own
     */
    public XePreemptFence(Machine machine, LockingPolicy design, Profile profile, Mutation mutation,
                          int numFences) {
        super(machine, design, profile, mutation, numFences, "pfence->lock", "(no interrupt)");
        if (profile != Profile.XE_PREEMPT) {
            throw new IllegalArgumentException("XePreemptFence ports xe_preempt, not " + profile.specName());
        }
        if (numFences != 1) {
            throw new IllegalArgumentException("xe_preempt has one fence (pfence->lock is its own), not "
                    + numFences);
        }
    }

    /** Whether the op takes the fence lock itself (spec OpTakesLock): 10/10's dma_fence_lock_irqsave(). */
    private boolean opTakesLock() {
        return design == LockingPolicy.SERIES2026;
    }

    /** preempt_fence_enable_signaling() (void in rfc2024 and series2026: the answer is ignored there). */
    @Override
    protected boolean opEnableSignaling(DmaFence f) {
        long s = f.seqno();
        // XpOpEnter: legacy runs under the core's pfence->lock, RFC 7/7 with none, 10/10 takes it here.
        step(FN_OP, "XpOpEnter: enter", s);
        boolean flags = false;
        if (opTakesLock()) {
            flags = fenceLock.spinLockIrqsave(FN_OP, s); // dma_fence_lock_irqsave()
        }
        try {
            // XpOpSuspend: a SUSPEND message to the exec queue; guc_exec_queue_suspend's sched->msg_lock nests
            // with no fence lock, so it is not modelled. A freed queue is a use after free; a suspend asked for
            // a signalled fence is something added after the signal.
            step(FN_OP, "XpOpSuspend: pfence->error = q->ops->suspend(q)", s);
            if (queueFreed) {
                ledger.record(Ledger.Err.UAF, s);
            }
            ledger.adding(f);
            suspends++;
            // DfOpQueue: the worker signals once the queue is suspended.
            return DeferredSignal.queue(this, FN_OP, "DfOpQueue", "queue_work(&pfence->preempt_work)", s);
        } finally {
            if (opTakesLock()) {
                fenceLock.spinUnlockIrqrestore(flags, FN_OP, s); // dma_fence_unlock_irqrestore()
            }
        }
    }

    /**
     * preempt_fence_work_func(), process context: q->ops->suspend_wait() (its -EAGAIN requeue is not modelled),
     * dma_fence_signal(), then xe_exec_queue_put(q).
     */
    @Override
    protected void work() {
        DeferredSignal.start(this, FN_WORK);
        DeferredSignal.signal(this, FN_WORK, "q->ops->suspend_wait(); dma_fence_signal()");
        // XpPut: the fence's exec-queue reference; the last one frees the queue.
        step(FN_WORK, "XpPut: xe_exec_queue_put(q)", 1);
        queueRefs--;
        if (queueRefs == 0) {
            queueFreed = true;
        }
    }

    /** DriverTypeOK (the exec queue's references below 0) beside the common NoLostCompletion. */
    @Override
    protected void checkQuiet(Map<String, String> out) {
        super.checkQuiet(out);
        if (queueRefs < 0) {
            out.putIfAbsent("DriverTypeOK", "exec queue references = " + queueRefs);
        }
    }

    /** The spec raises no interrupt for xe_preempt: irqArmed stays false, so this never runs. */
    @Override
    protected void interrupt() {
        throw new IllegalStateException("xe_preempt has no interrupt");
    }

    /**
     * The suspends asked for.
     *
     * @return the spec's {@code count}
     */
    public int suspends() {
        return suspends;
    }

    /**
     * Whether the exec queue was freed.
     *
     * @return the spec's {@code svm = "freed"}
     */
    public boolean queueFreed() {
        return queueFreed;
    }
}
