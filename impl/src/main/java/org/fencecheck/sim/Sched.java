package org.fencecheck.sim;

import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler primitives a sleeping kernel path needs: {@code schedule_timeout()}, {@code wake_up_process()},
 * {@code signal_pending()} and {@code might_sleep()}. Time is counted in jiffies of {@link #NANOS_PER_JIFFY}
 * ({@code HZ} = {@value #HZ}); a pending signal is the Java thread's interrupt status.
 */
public final class Sched {

    /** The simulated tick rate. */
    public static final int HZ = 1000;

    /** The length of one jiffy. */
    public static final long NANOS_PER_JIFFY = 1_000_000_000L / HZ;

    /** {@code MAX_SCHEDULE_TIMEOUT}: sleep without a time limit. */
    public static final long MAX_SCHEDULE_TIMEOUT = Long.MAX_VALUE;

    private Sched() {
    }

    /*
     * Overview. A sleeping task is a parked Java thread; wake_up_process() is LockSupport.unpark(). The kernel's
     * protocol "set the task state, re-check the condition, schedule()" maps onto the park permit: a wake that
     * arrives between the caller's last check and its park leaves the permit set, so park returns at once and no
     * wake-up is lost. Park may also return for no reason (or because an interrupt was raised for this CPU, which
     * is then delivered here, the CPU being idle with IRQs on); callers loop on their condition, as every kernel
     * caller of schedule_timeout() does.
     *
     * A task sleeping uninterruptibly must not be woken by a signal, but park returns at once while the thread's
     * interrupt status is set; so the status is cleared for the park and set again afterwards (dropping the park
     * permit that setting it leaves), which costs at most one extra loop iteration per call and never busy-waits.
     */

    /**
     * Mirrors {@code schedule_timeout()}: sleeps until woken or until {@code timeout} jiffies have passed.
     * An interruptible sleeper with a signal pending returns at once.
     *
     * @param timeout       the jiffies to sleep at most, or {@link #MAX_SCHEDULE_TIMEOUT}
     * @param interruptible {@code TASK_INTERRUPTIBLE} rather than {@code TASK_UNINTERRUPTIBLE}
     * @return the jiffies left (0 once the timeout expired; {@code MAX_SCHEDULE_TIMEOUT} stays so)
     */
    public static long scheduleTimeout(long timeout, boolean interruptible) {
        Cpu cpu = Cpu.current();
        cpu.mightSleep("schedule_timeout");
        if (interruptible && signalPending()) {
            return timeout;
        }
        boolean hadSignal = !interruptible && Thread.interrupted();
        long start = System.nanoTime();
        if (timeout == MAX_SCHEDULE_TIMEOUT) {
            LockSupport.park(cpu);
        } else {
            long nanos = timeout > Long.MAX_VALUE / NANOS_PER_JIFFY ? Long.MAX_VALUE : timeout * NANOS_PER_JIFFY;
            LockSupport.parkNanos(cpu, nanos);
        }
        if (hadSignal) {
            Thread.currentThread().interrupt();
            // interrupt() also unparks this thread: without dropping that permit every later uninterruptible
            // sleep of the caller's loop returns at once (a busy loop, and with the per-call jiffy count below
            // never reaching the timeout). A real wake-up folded into it is not lost: the caller re-checks its
            // condition before it sleeps again, as the overview requires. (HotSpot's park takes a pending permit
            // before it looks at the interrupt status.)
            LockSupport.parkNanos(1);
        }
        cpu.irqPointInternal();
        if (timeout == MAX_SCHEDULE_TIMEOUT) {
            return timeout;
        }
        // Jiffies are ticks of one clock, as schedule_timeout()'s expire - jiffies: a sleep that crosses a tick
        // boundary uses a jiffy even if it is shorter than one, so many short sleeps still reach the timeout.
        long elapsedJiffies = Math.floorDiv(System.nanoTime(), NANOS_PER_JIFFY) - Math.floorDiv(start, NANOS_PER_JIFFY);
        return Math.max(0, timeout - elapsedJiffies);
    }

    /**
     * Mirrors {@code wake_up_process()}: wakes a task sleeping in {@link #scheduleTimeout}, or makes its next
     * sleep return at once.
     *
     * @param task the thread to wake
     */
    public static void wakeUp(Thread task) {
        LockSupport.unpark(task);
    }

    /**
     * Discards a wake-up given to the calling task before it sleeps (the park permit): what
     * {@code set_current_state(TASK_UNINTERRUPTIBLE)} does to a wake that came before it. Only the broken variant
     * lost_wakeup calls it.
     */
    public static void forgetWakeUp() {
        LockSupport.parkNanos(1);
    }

    /** Mirrors {@code signal_pending(current)}: the calling thread's interrupt status, left as it is. */
    public static boolean signalPending() {
        return Thread.currentThread().isInterrupted();
    }

    /**
     * Mirrors {@code might_sleep()}: throws if the calling CPU is in atomic context (hard-IRQ context, IRQs off,
     * or a spinlock held), where the kernel reports "BUG: sleeping function called from invalid context".
     *
     * @param fn the kernel function about to sleep
     */
    public static void mightSleep(String fn) {
        Cpu.current().mightSleep(fn);
    }

    /**
     * Mirrors {@code msecs_to_jiffies()}.
     *
     * @param millis milliseconds
     * @return the jiffies, rounded up
     */
    public static long msecsToJiffies(long millis) {
        return (millis * 1_000_000L + NANOS_PER_JIFFY - 1) / NANOS_PER_JIFFY;
    }
}
