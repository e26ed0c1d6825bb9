package org.fencecheck.drivers;

/**
 * The deferred-signalling shape spec/DmaFenceDrivers.tla gives three drivers, ported once: an
 * {@code ->enable_signaling} whose last (or only) step queues a work item or arms a timer and returns true
 * ({@code DfQueue}; {@code AgOpEnter} for amdgpu's one-step ops), the work item starting in process context
 * ({@code DriverStart}), and a worker that signals the driver's one fence with {@code dma_fence_signal()}
 * ({@code DfWork}). Users: {@link XePreemptFence} (drivers/gpu/drm/xe/xe_preempt_fence.c),
 * {@link AmdgpuEvictionFence} (drivers/gpu/drm/amd/amdgpu/amdgpu_eviction_fence.c) and, for the op and the start
 * of its fallback timer only, {@link AmdgpuFence} (drivers/gpu/drm/amd/amdgpu/amdgpu_fence.c).
 */
final class DeferredSignal {

    private DeferredSignal() {
    }

    /**
     * DfQueue: {@code queue_work()}, {@code schedule_work()} or {@code if (!timer_pending()) mod_timer()}, all of
     * which leave an already pending item alone ({@link AtlasDriver#queueWork()}); the op then returns true, so the
     * legacy core never signals on the op's answer.
     *
     * @param d      the driver
     * @param fn     the op's C function
     * @param action the spec action, {@code "DfOpQueue"} or {@code "AgOpEnter"}
     * @param what   the C statement
     * @param seqno  the fence
     * @return true, the op's answer
     */
    static boolean queue(AtlasDriver d, String fn, String action, String what, long seqno) {
        d.step(fn, action + ": " + what, seqno);
        d.queueWork();
        return true;
    }

    /**
     * DriverStart: a CPU idle in process context runs the queued work item (or the expired timer); the workqueue
     * (or the timer core) cleared its pending bit first ({@link AtlasDriver#runWork()}).
     *
     * @param d  the driver
     * @param fn the work function
     */
    static void start(AtlasDriver d, String fn) {
        d.step(fn, "DriverStart: work runs", 0);
    }

    /**
     * DfWork: the worker does its job and signals the driver's one fence with {@code dma_fence_signal()}, which
     * takes the fence lock irqsave itself (the core's sig_lock .. sig_unlock).
     *
     * @param d    the driver
     * @param fn   the work function
     * @param what the C statements, e.g. {@code "q->ops->suspend_wait(); dma_fence_signal()"}
     */
    static void signal(AtlasDriver d, String fn, String what) {
        d.step(fn, "DfWork: " + what, 1);
        d.fence(1).signal();
    }
}
