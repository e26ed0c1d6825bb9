package org.fencecheck.driver;

import org.fencecheck.fence.DefaultWaiter;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;

/**
 * A driver's own {@code ->wait}, the one radeon_fence_default_wait() (drivers/gpu/drm/radeon/radeon_fence.c)
 * implements and the selftests' mock_wait() copies (spec {@code DriverWait*}, ops {@code opwait} and
 * {@code opwaiti}). {@code dma_fence_wait_timeout()} calls it after enabling signaling, in place of the default
 * wait.
 */
final class DriverWait {

    /*
     * Overview. The protocol: dma_fence_add_callback() of a callback that wake_up_process()es this task; -ENOENT
     * means the fence signalled already and the wait returns its timeout. Otherwise, while time is left:
     * set_current_state(), then the lock-free SIGNALED test (radeon_test_signaled()), then schedule_timeout(), then
     * the signal check of an interruptible wait. Last, dma_fence_remove_callback(), whatever ended the loop, and
     * return the time left (signalled), 0 (timed out) or -ERESTARTSYS.
     *
     * Invariants: the callback is off the fence's list when the wait returns (it lives on the driver's stack);
     * the answer is the time left only for a signalled fence (spec WaitReturnMatchesFence).
     *
     * The race it guards against: the signaller runs the callback, and so wakes the task, whenever it likes. The
     * state is set before SIGNALED is tested, so a wake after that test finds the task's state already set and makes
     * schedule_timeout() return; a wake before it comes after SIGNALED was set, which the test sees. Tested the
     * other way round (Mutation WAIT_OP_LOST_WAKEUP), a wake between the test and set_current_state() is overwritten
     * and the task sleeps through it. In the simulation the task state is the park permit: a wake leaves it set,
     * set_current_state() clears it (Sched.forgetWakeUp()).
     *
     * Not modelled: radeon's GPU-reset exit (needs_reset: -EDEADLK, an error the header says callers treat as
     * signalled); no configuration has a reset.
     */

    static final String FN_DRV_WAIT = "drv->wait";

    private final Machine machine;
    private final Mutation mutation;

    DriverWait(Machine machine, Mutation mutation) {
        this.machine = machine;
        this.mutation = mutation;
    }

    /**
     * The body of {@code ->wait}.
     *
     * @param fence   the fence to wait for
     * @param intr    interruptible: a pending signal (the thread's interrupt status) ends the wait
     * @param timeout jiffies, or {@link Sched#MAX_SCHEDULE_TIMEOUT}
     * @return the jiffies left if signaled, 0 on timeout, or {@code -ERESTARTSYS}
     */
    long wait(DmaFence fence, boolean intr, long timeout) {
        long s = fence.seqno();
        long t = timeout;
        DefaultWaiter cb = new DefaultWaiter(); // struct radeon_wait_cb
        if (fence.addCallback(cb) != 0) {
            return answer(t, s);
        }
        boolean lateState = mutation == Mutation.WAIT_OP_LOST_WAKEUP;
        while (t > 0) {
            if (!lateState) {
                setCurrentState(cb, s);
            }
            if (testSignaled(fence)) {
                break;
            }
            if (lateState) {
                setCurrentState(cb, s);
            }
            t = scheduleTimeout(cb, t, intr, s);
        }
        fence.removeCallback(cb);
        return answer(t, s);
    }

    /** set_current_state(): from here on a wake makes the next sleep return; an earlier one is overwritten. */
    private void setCurrentState(DefaultWaiter cb, long s) {
        machine.step(Action.DRIVER_WAIT_SET_STATE, FN_DRV_WAIT, "set_current_state()", s);
        cb.rearm();
        Sched.forgetWakeUp();
    }

    /** radeon_test_signaled(): test_bit(SIGNALED) without the lock. */
    private boolean testSignaled(DmaFence fence) {
        machine.step(Action.DRIVER_WAIT_TEST, FN_DRV_WAIT, "radeon_test_signaled(): test_bit(SIGNALED)",
                fence.seqno());
        return fence.testSignaledFlag();
    }

    /** {@code t = schedule_timeout(t)}, then {@code if (t > 0 && intr && signal_pending(current))}. */
    private long scheduleTimeout(DefaultWaiter cb, long t, boolean intr, long s) {
        long left = Sched.scheduleTimeout(t, intr);
        boolean interrupted = left > 0 && intr && Sched.signalPending();
        machine.step(Action.DRIVER_WAIT_SCHEDULE, FN_DRV_WAIT, interrupted ? "schedule_timeout(): signal pending"
                : cb.woken() ? "schedule_timeout(): woken" : "schedule_timeout(): timed out", s);
        return interrupted ? -Errno.ERESTARTSYS : left;
    }

    /** {@code return t;} to dma_fence_wait_timeout()'s caller. */
    private long answer(long t, long s) {
        machine.step(Action.DRIVER_WAIT_RETURN, FN_DRV_WAIT, t == -Errno.ERESTARTSYS ? "return -ERESTARTSYS"
                : t == 0 ? "return 0 (timed out)" : "return t (signaled)", s);
        return t;
    }
}
