package org.fencecheck.fence;

import java.util.Objects;

/**
 * A fence context (timeline) id as {@code dma_fence_context_alloc()} hands it out, together with the designs the
 * fences of that timeline follow: the locking policy and how the core reaches their ops; both are chosen per
 * context, and so per test.
 *
 * @param id       the 64-bit context id
 * @param policy   where {@code ->enable_signaling} is called
 * @param lifetime how {@code fence->ops} is read and whether signaling detaches it
 */
public record FenceContext(long id, LockingPolicy policy, OpsLifetime lifetime) {

    /** Checks the components. */
    public FenceContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /**
     * A context whose ops are {@link OpsLifetime#PINNED} (the legacy plain pointer).
     *
     * @param id     the context id
     * @param policy the locking policy
     */
    public FenceContext(long id, LockingPolicy policy) {
        this(id, policy, OpsLifetime.PINNED);
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

    /**
     * Allocates a fresh context id with the given policy and ops lifetime.
     *
     * @param policy   the locking policy of the timeline
     * @param lifetime how its fences reach their ops
     * @return the new context
     */
    public static FenceContext alloc(LockingPolicy policy, OpsLifetime lifetime) {
        return new FenceContext(DmaFence.contextAlloc(1), policy, lifetime);
    }
}
