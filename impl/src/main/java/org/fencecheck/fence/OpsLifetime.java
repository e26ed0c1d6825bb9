package org.fencecheck.fence;

/**
 * How the core reaches {@code fence->ops}, and so whether a fence may outlive its driver module (spec
 * DmaFenceLifetime.tla, constants {@code Design} and {@code Mutation}). Independent of {@link LockingPolicy},
 * which only decides where {@code ->enable_signaling} runs. Chosen per fence context, like the locking policy.
 *
 * <p>The lifetime's deliberately broken variants are {@link Mutation}s of the context (spec module
 * {@code DmaFenceLifetime}), not values of this enum.
 */
public enum OpsLifetime {
    /**
     * Mainline before 2026 ({@code Design = "legacy"}): {@code fence->ops} is a plain pointer, never cleared and
     * read without RCU; every op, the name queries and the release go through it.
     */
    PINNED("legacy"),
    /**
     * Upstream 2026 ({@code Design = "reworked"}): {@code fence->ops} is {@code __rcu}; every use is
     * {@code rcu_read_lock(); ops = rcu_dereference(fence->ops); if (ops && ...) ...; rcu_read_unlock()}; the
     * winner of the SIGNALED test-and-set sets it to NULL when the driver has neither {@code ->release} nor
     * {@code ->wait}; the name queries answer fixed strings once the fence is signaled.
     */
    RCU_DETACH("reworked");

    private final String specDesign;

    OpsLifetime(String specDesign) {
        this.specDesign = specDesign;
    }

    /** Returns the spec's {@code Design}: {@code "legacy"} or {@code "reworked"}. */
    public String specDesign() {
        return specDesign;
    }

    /** Returns whether the core brackets its uses of {@code fence->ops} with an RCU read-side section. */
    public boolean usesRcu() {
        return this != PINNED;
    }

    /** Returns whether signaling may detach {@code fence->ops} (for drivers without release and wait). */
    public boolean detaches() {
        return this != PINNED;
    }
}
