package org.fencecheck.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The baseline a Java programmer would write first: every operation under the object's monitor, callbacks in an
 * {@link ArrayList}, waiters in {@link Object#wait()}. It has the dma_fence contract (signal once; a callback
 * added to a signaled fence is refused, not run) and no fast path, which is the point: it shows what the lock-free
 * tests of the real fence buy.
 */
public final class NaiveFence {

    // Guarded by this.
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean signaled;

    /**
     * Whether the fence has signaled; takes the monitor, as everything here does.
     *
     * @return whether it signaled
     */
    public synchronized boolean isSignaled() {
        return signaled;
    }

    /**
     * Registers {@code cb} to run when the fence signals.
     *
     * @param cb the callback
     * @return true if added, false if the fence already signaled (then {@code cb} is never called)
     */
    public synchronized boolean addCallback(Runnable cb) {
        if (signaled) {
            return false;
        }
        callbacks.add(cb);
        return true;
    }

    /**
     * Signals the fence: wakes the waiters, then runs the callbacks on the calling thread.
     *
     * @return true on the first signal, false if already signaled
     */
    public boolean signal() {
        synchronized (this) {
            if (signaled) {
                return false;
            }
            signaled = true;
            notifyAll();
        }
        // Outside the monitor, so a callback may use this fence. Safe: every add happened under the monitor
        // before this thread took it to set the flag, and no add touches the list after that.
        for (Runnable cb : callbacks) {
            cb.run();
        }
        return true;
    }

    /** Waits until the fence signals; an interrupt does not end the wait and is kept for the caller. */
    public void await() {
        boolean interrupted = false;
        synchronized (this) {
            while (!signaled) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits at most {@code millis} until the fence signals; an interrupt ends the wait early.
     *
     * @param millis the longest wait
     * @return whether it signaled
     */
    public boolean await(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (this) {
            long left;
            while (!signaled && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return signaled;
                }
            }
            return signaled;
        }
    }
}
