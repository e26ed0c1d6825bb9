package org.fencecheck.fence;

/**
 * How the core reaches {@code fence->ops}, and so whether a fence may outlive its driver module (spec
 * DmaFenceLifetime.tla, constants {@code Design} and {@code Mutation}). Independent of {@link LockingPolicy},
 * which only decides where {@code ->enable_signaling} runs. Chosen per fence context, like the locking policy.
 *
 * <p>The two {@code BROKEN_} values are deliberately broken variants of {@link #RCU_DETACH} for the tests, one
 * spec mutation each; no caller outside the tests should pick them.
 */
public enum OpsLifetime {
    /**
     * Mainline before 2026 ({@code Design = "legacy"}): {@code fence->ops} is a plain pointer, never cleared and
     * read without RCU; every op, the name queries and the release go through it.
     */
    PINNED("legacy", "none"),
    /**
     * Upstream 2026 ({@code Design = "reworked"}): {@code fence->ops} is {@code __rcu}; every use is
     * {@code rcu_read_lock(); ops = rcu_dereference(fence->ops); if (ops && ...) ...; rcu_read_unlock()}; the
     * winner of the SIGNALED test-and-set sets it to NULL when the driver has neither {@code ->release} nor
     * {@code ->wait}; the name queries answer fixed strings once the fence is signaled.
     */
    RCU_DETACH("reworked", "none"),
    /** BROKEN on purpose (spec mutation {@code ops_outside_rcu}): {@code fence->ops} is loaded before {@code rcu_read_lock()}. */
    BROKEN_OPS_OUTSIDE_RCU("reworked", "ops_outside_rcu"),
    /**
     * BROKEN on purpose (spec mutation {@code no_null_check}): {@code ->signaled} and {@code ->enable_signaling}
     * are called without the {@code ops &&} test, i.e. through the detached pointer.
     */
    BROKEN_NO_NULL_CHECK("reworked", "no_null_check");

    private final String specDesign;
    private final String specMutation;

    OpsLifetime(String specDesign, String specMutation) {
        this.specDesign = specDesign;
        this.specMutation = specMutation;
    }

    /** Returns the spec's {@code Design}: {@code "legacy"} or {@code "reworked"}. */
    public String specDesign() {
        return specDesign;
    }

    /** Returns the spec's {@code Mutation}: {@code "none"} or the broken variant's name. */
    public String specMutation() {
        return specMutation;
    }

    /** Returns whether the core brackets its uses of {@code fence->ops} with an RCU read-side section. */
    public boolean usesRcu() {
        return this != PINNED;
    }

    /** Returns whether signaling may detach {@code fence->ops} (for drivers without release and wait). */
    public boolean detaches() {
        return this != PINNED;
    }

    /** Returns whether this is a deliberately broken variant. */
    public boolean isBroken() {
        return !specMutation.equals("none");
    }
}
