package org.fencecheck.fence;

import java.util.Objects;

/**
 * A fence context (timeline) id as {@code dma_fence_context_alloc()} hands it out, together with the locking
 * policy the fences of that timeline follow; the policy is chosen per context, and so per test.
 *
 * @param id     the 64-bit context id
 * @param policy where {@code ->enable_signaling} is called
 */
public record FenceContext(long id, LockingPolicy policy) {

    /** Checks the components. */
    public FenceContext {
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Allocates a fresh context id ({@code dma_fence_context_alloc(1)}) with the given policy.
     *
     * @param policy the locking policy of the timeline
     * @return the new context
     */
    public static FenceContext alloc(LockingPolicy policy) {
        return new FenceContext(DmaFence.contextAlloc(1), policy);
    }
}
