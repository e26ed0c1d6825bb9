package org.fencecheck.containers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One deliberately broken variant of a fence container (or {@link #NONE}), chosen per container at creation.
 *
 * <p>A separate enum from {@link org.fencecheck.fence.Mutation}, whose names MutationNamesTest matches against the
 * core's spec modules. The {@code array_*} names here are exactly the broken variants of spec/DmaFenceContainers.tla
 * (its {@code ASSUME Mutation \in {...}}), which models the {@code dma_fence_array}; the {@code chain_*} names are
 * Java-only until the spec models the {@code dma_fence_chain}. ContainerMutationNamesTest holds both sides to
 * that, so a rename on either side fails the build. Each constant names the C function it breaks, the spec
 * property TLC refutes with it (where modelled), where in impl it applies, and the failure its test shows
 * (ContainerMutationTest, ContainerLockdepTest).
 */
public enum ContainerMutation {

    /** The code as upstream writes it. */
    NONE("none"),
    /**
     * {@code dma_fence_array_cb_func()}: the last member callback signals the array at once, under the member's
     * lock, instead of queueing the irq_work. Under LEGACY the enable path nests member->lock inside array->lock,
     * so lockdep sees both orders ({@code LOCK_ORDER_CYCLE}); where the array lock shares the member's class
     * (SERIES2026) it sees one class taken twice ({@code RECURSIVE_LOCK}). Spec: MemberCb; TLC refutes
     * LockdepNoCircularDependency (legacy), NoCrossCpuDeadlock (legacy, one timeline lock, signal_on_any) and
     * LockdepNoRecursion (series2026). Impl: {@code DmaFenceArray.cbFunc()}.
     */
    ARRAY_CB_SIGNALS_DIRECTLY("array_cb_signals_directly"),
    /**
     * {@code dma_fence_array_enable_signaling()}: no {@code dma_fence_get(&array->base)} per pending member
     * callback (and so no put in the callback or the irq_work). The creator's last put frees the array while
     * member callbacks still point at it: a use after free when a member signals ({@code OopsException}).
     * Spec: PendingRef (OpGet, OpEnoent, MemberCb, WorkPut); TLC refutes NoUseAfterFree. Impl:
     * {@code DmaFenceArray.enableSignaling()}, {@code cbFunc()} and {@code irqWork()}.
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
     * Spec: Class; TLC refutes LockdepNoRecursion. Impl: the {@code InlineLock.forContainer()} call of the
     * {@link DmaFenceArray} constructor.
     */
    ARRAY_LOCK_SHARED_CLASS("array_lock_shared_class"),
    /** {@code dma_fence_chain_init()} without its {@code lockdep_set_class()}: as array_lock_shared_class. */
    CHAIN_LOCK_SHARED_CLASS("chain_lock_shared_class"),
    /**
     * {@code dma_fence_array_signaled()} as mainline before commit 78ac1c355881 ("dma-buf: fix
     * dma_fence_array_signaled v4"): it answers only {@code atomic_read(&array->num_pending) <= 0}, ignoring whether
     * signalling was ever enabled, and {@code num_pending} counts down only through the member callbacks that
     * {@code ->enable_signaling} installs. A caller that polls {@code dma_fence_is_signaled()} without enabling
     * signalling never sees the array signalled, even after every member has (mesa issue 12094). Spec: PollTest in
     * DmaFenceContainers.tla; TLC refutes PollerSeesSignal (a lasso of the poll loop). Impl:
     * {@code DmaFenceArray.signaled()} skips its count of signalled members.
     */
    ARRAY_SIGNALED_PENDING_ONLY("array_signaled_pending_only"),
    /**
     * {@code dma_fence_array_enable_signaling()}: a member already signalled ({@code dma_fence_add_callback()}
     * returns -ENOENT) gives back its array reference but is not counted down ({@code atomic_dec_and_test(
     * &array->num_pending)} forgotten), so {@code num_pending} never reaches zero: the array is never signalled
     * and a callback added to it never runs. Spec: OpEnoent; TLC refutes ContainerCallbacksRun. Impl: the -ENOENT
     * branch of {@code DmaFenceArray.enableSignaling()}.
     */
    ARRAY_NO_ENOENT_COUNT("array_no_enoent_count"),
    /**
     * {@code dma_fence_array_release()} frees the array without {@code dma_fence_put(array->fences[i])}: the
     * references to the members the array took over at creation leak, and each member stays one reference above
     * its own holders' (never released). Spec: PutArray; TLC refutes MemberRefsBalance. Impl:
     * {@code DmaFenceArray.release()}.
     */
    ARRAY_RELEASE_NO_PUT("array_release_no_put"),
    /**
     * {@code dma_fence_array_init()} sets {@code num_pending = signal_on_any ? num_fences : 1}, the two values
     * swapped: an all-members array signals after its first member, a signal-on-any array only after its last.
     * Spec: PendingInit; TLC refutes ArraySignaledOnlyWhenAllowed. Impl: the {@code numPending} initialiser in
     * the {@link DmaFenceArray} constructor.
     */
    ARRAY_PENDING_SWAPPED("array_pending_swapped");

    private final String specName;

    ContainerMutation(String specName) {
        this.specName = specName;
    }

    /** Returns the variant's name in the spec's style, e.g. {@code "array_no_pending_ref"}. */
    public String specName() {
        return specName;
    }

    /**
     * Returns the variant with the spec's name.
     *
     * @param name a spec {@code Mutation} string, e.g. {@code "array_no_pending_ref"} or {@code "none"}
     * @return the constant
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static ContainerMutation ofSpecName(String name) {
        for (ContainerMutation m : values()) {
            if (m.specName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown container mutation '" + name + "' (known: "
                + Arrays.stream(values()).map(ContainerMutation::specName).collect(Collectors.joining(", ")) + ")");
    }
}
