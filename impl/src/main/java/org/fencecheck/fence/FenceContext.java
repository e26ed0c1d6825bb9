package org.fencecheck.fence;

import java.util.Objects;

/**
 * A fence context (timeline) id as {@code dma_fence_context_alloc()} hands it out, together with the designs the
 * fences of that timeline follow: the locking policy, how the core reaches their ops, and the deliberately broken
 * variant their core runs ({@link Mutation#NONE} for the real code); all are chosen per context, and so per test.
 *
 * @param id       the 64-bit context id
 * @param policy   where {@code ->enable_signaling} is called
 * @param lifetime how {@code fence->ops} is read and whether signaling detaches it
 * @param mutation the broken variant of the core these fences run, or {@link Mutation#NONE}
 */
public record FenceContext(long id, LockingPolicy policy, OpsLifetime lifetime, Mutation mutation) {

    /** Checks the components. */
    public FenceContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(mutation, "mutation");
    }

    /**
     * A context of the real code whose ops are {@link OpsLifetime#PINNED} (the legacy plain pointer).
     *
     * @param id     the context id
     * @param policy the locking policy
     */
    public FenceContext(long id, LockingPolicy policy) {
        this(id, policy, OpsLifetime.PINNED, Mutation.NONE);
    }

    /**
     * A context of the real code.
     *
     * @param id       the context id
     * @param policy   the locking policy
     * @param lifetime how its fences reach their ops
     */
    public FenceContext(long id, LockingPolicy policy, OpsLifetime lifetime) {
        this(id, policy, lifetime, Mutation.NONE);
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

    /**
     * Allocates a fresh context id whose fences run a broken variant of the core.
     *
     * @param policy   the locking policy of the timeline
     * @param lifetime how its fences reach their ops
     * @param mutation the broken variant, or {@link Mutation#NONE}
     * @return the new context
     */
    public static FenceContext alloc(LockingPolicy policy, OpsLifetime lifetime, Mutation mutation) {
        return new FenceContext(DmaFence.contextAlloc(1), policy, lifetime, mutation);
    }
}
