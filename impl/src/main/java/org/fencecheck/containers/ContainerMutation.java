package org.fencecheck.containers;

/**
 * One deliberately broken variant of a fence container (or {@link #NONE}), chosen per container at creation.
 *
 * <p>A separate enum from {@link org.fencecheck.fence.Mutation}: MutationNamesTest requires every name of that enum
 * to be a {@code Mutation} of the spec (or listed in spec/mutations-unmatched.tsv), and the containers have no
 * spec model yet. Each constant names the C function it breaks and the failure its test shows.
 */
public enum ContainerMutation {

    /** The code as upstream writes it. */
    NONE("none"),
    /**
     * {@code dma_fence_array_cb_func()}: the last member callback signals the array at once, under the member's
     * lock, instead of queueing the irq_work. Under LEGACY the enable path nests member->lock inside array->lock,
     * so lockdep sees both orders ({@code LOCK_ORDER_CYCLE}); where the array lock shares the member's class
     * (SERIES2026) it sees one class taken twice ({@code RECURSIVE_LOCK}).
     */
    ARRAY_CB_SIGNALS_DIRECTLY("array_cb_signals_directly"),
    /**
     * {@code dma_fence_array_enable_signaling()}: no {@code dma_fence_get(&array->base)} per pending member
     * callback (and so no put in the callback or the irq_work). The creator's last put frees the array while
     * member callbacks still point at it: a use after free when a member signals ({@code OopsException}).
     */
    ARRAY_NO_PENDING_REF("array_no_pending_ref"),
    /**
     * {@code dma_fence_chain_cb()}: re-arms (calls the chain's enable_signaling) directly inside the member's
     * callback instead of queueing the irq_work, so the next member's lock is taken while the signalling member's
     * lock is held: one lock class twice ({@code RECURSIVE_LOCK}), a real self-deadlock when both members share a
     * timeline lock.
     */
    CHAIN_NO_IRQ_WORK("chain_no_irq_work"),
    /**
     * {@code dma_fence_array_init()} without its {@code lockdep_set_class()} while the core still calls
     * {@code ->enable_signaling} under the array's lock (LEGACY): the member lock nested in it has the array lock's
     * class ({@code RECURSIVE_LOCK}). Under the other designs the op runs with no lock held and nothing nests.
     */
    ARRAY_LOCK_SHARED_CLASS("array_lock_shared_class"),
    /** {@code dma_fence_chain_init()} without its {@code lockdep_set_class()}: as array_lock_shared_class. */
    CHAIN_LOCK_SHARED_CLASS("chain_lock_shared_class");

    private final String specName;

    ContainerMutation(String specName) {
        this.specName = specName;
    }

    /** Returns the variant's name in the spec's style, e.g. {@code "array_no_pending_ref"}. */
    public String specName() {
        return specName;
    }
}
