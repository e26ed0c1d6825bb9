package org.fencecheck.lincheck;

import org.fencecheck.fence.FenceCallback;

/**
 * The dma_fence calls the Lincheck operations make, on one fence: implemented by {@link RealFence} over
 * {@link org.fencecheck.fence.DmaFence} and by {@link TwinFence}, the test-code fence that carries the broken
 * variants. Each method runs on the calling thread's bound simulated CPU.
 */
interface FenceUnderTest {

    /** {@code dma_fence_signal()}: 0, or {@code -EINVAL} if already signaled. */
    int signal();

    /** {@code dma_fence_signal_timestamp()}. */
    int signalTimestamp(long ts);

    /** {@code dma_fence_is_signaled()} (may signal through {@code ->signaled}). */
    boolean isSignaled();

    /** {@code dma_fence_add_callback()}: 0 or {@code -ENOENT}. */
    int addCallback(FenceCallback cb);

    /** {@code dma_fence_remove_callback()}: whether the callback was still linked. */
    boolean removeCallback(FenceCallback cb);

    /** {@code dma_fence_enable_sw_signaling()}. */
    void enableSwSignaling();

    /** {@code dma_fence_get_status()}: 0, 1 or the error. */
    int getStatus();

    /** The driver's error path (spec {@code SetError}): under the lock, if unsignaled, set -EIO and signal. */
    void errorPath();

    /** {@code dma_fence_wait_timeout(f, false, timeout)}. */
    long waitTimeout(long timeout);

    /** {@code dma_fence_test_signaled_flag()}: the bit alone, no side effect. */
    boolean testSignaledFlag();

    /** {@code dma_fence_timestamp()} of a signaled fence. */
    long timestamp();
}
