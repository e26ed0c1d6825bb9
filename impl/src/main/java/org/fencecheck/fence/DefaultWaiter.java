package org.fencecheck.fence;

import org.fencecheck.sim.Sched;

/**
 * Mirrors {@code struct default_wait_cb} and {@code dma_fence_default_wait_cb()}: the callback a sleeping waiter
 * puts on the list; its func wakes the waiting task, under the fence lock like the kernel's. A driver's own
 * {@code ->wait} uses the same callback (radeon's {@code struct radeon_wait_cb} and
 * {@code radeon_fence_wait_cb()} are its twin), created by the waiting task.
 */
public final class DefaultWaiter implements FenceCallback {

    private final Thread task = Thread.currentThread();

    /*
     * Why volatile: written by the signaling CPU inside func (under the fence lock), read by the waiter after
     * schedule_timeout() returns, before it re-takes the lock, only to name the WaitSchedule step ("woken" or
     * "timed out"). The decision to leave the wait is always re-taken under the lock from SIGNALED.
     */
    private volatile boolean woken;

    @Override
    public void func(DmaFence fence) {
        woken = true;
        Sched.wakeUp(task);
    }

    @Override
    public String name() {
        return "waiter";
    }

    /** Returns whether the callback woke the task since the last {@link #rearm()}. */
    public boolean woken() {
        return woken;
    }

    /** {@code set_current_state()} before sleeping again: the next wake is a new one. */
    public void rearm() {
        woken = false;
    }
}
