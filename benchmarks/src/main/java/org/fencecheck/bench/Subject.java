package org.fencecheck.bench;

/**
 * One implementation under test, seen as operations on its fence objects, so that every benchmark runs the same
 * code against the Java dma_fence and its peers.
 *
 * <p>The operations have one common contract, the weakest the four implementations share: a callback given to
 * {@link #addCallback} runs exactly once, when the fence signals or, if it already has, at once on the calling
 * thread. {@code dma_fence_add_callback()} leaves that second case to its caller ({@code -ENOENT}); the adapter
 * does it, as every kernel caller must.
 *
 * <p>Each benchmark fork measures one implementation, so the JIT sees one subclass at every call site and inlines
 * through this class; the adapter costs nothing in the results.
 *
 * @param <F> the fence type
 * @param <C> the callback type
 */
public abstract class Subject<F, C> {

    /** Returns a fresh, unsignaled fence. */
    public abstract F create();

    /**
     * Whether {@code fence} has signaled.
     *
     * @param fence the fence
     * @return whether it signaled
     */
    public abstract boolean isSignaled(F fence);

    /**
     * Returns a callback running {@code body}. It may allocate: a dma_fence needs one {@code dma_fence_cb} per
     * registration, where the peers take a {@link Runnable} as it is.
     *
     * @param body what the callback does
     * @return the callback, for one registration at a time
     */
    public abstract C callback(Runnable body);

    /**
     * Registers {@code cb} on {@code fence}, or runs it now if the fence already signaled.
     *
     * @param fence the fence
     * @param cb    a callback from {@link #callback}, on no other fence's list
     */
    public abstract void addCallback(F fence, C cb);

    /**
     * Signals {@code fence}, running its callbacks on the calling thread.
     *
     * @param fence the fence
     */
    public abstract void signal(F fence);

    /**
     * Waits, uninterruptibly and without a time limit, until {@code fence} signals.
     *
     * @param fence the fence
     */
    public abstract void await(F fence);

    /**
     * Waits at most {@code millis} until {@code fence} signals.
     *
     * @param fence  the fence
     * @param millis the longest wait
     * @return whether it signaled
     */
    public abstract boolean await(F fence, long millis);
}
