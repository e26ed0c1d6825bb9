package org.fencecheck.containers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One deliberately broken variant of a fence container (or {@link #NONE}), chosen per container at creation.
 *
 * <p>A separate enum from {@link org.fencecheck.fence.Mutation}, whose names MutationNamesTest matches against the
 * core's spec modules. The {@code array_*} and {@code chain_*} names here are exactly the broken variants of
 * spec/DmaFenceContainers.tla (its {@code ASSUME Mutation \in {...}}), which models the {@code dma_fence_array}
 * and the {@code dma_fence_chain} (its {@code Container} constant chooses). The {@code syncobj_*} and
 * {@code unwrap_*} names are the broken variants of spec/DmaFenceNesting.tla (issue 20: no container inside a
 * container the kernel forbids); the candidate fix is no variant but that module's {@code ImportUnwraps}
 * constant, which is {@link DrmSyncobj}'s {@code importUnwraps} parameter. ContainerMutationNamesTest
 * holds both sides to that, so a rename on either side fails the build. Each constant names the C function it
 * breaks, the spec property TLC refutes with it, where in impl it applies, and the failure its test shows
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
     * timeline lock. Spec: ChainCb; TLC refutes LockdepNoRecursion and LockdepNoCircularDependency (legacy, inline
     * member locks) and NoSelfDeadlock (members on one timeline lock).
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
    /**
     * {@code dma_fence_chain_init()} without its {@code lockdep_set_class()}: as array_lock_shared_class. Spec:
     * Class; TLC refutes LockdepNoRecursion (legacy).
     */
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
     * its own holders' (never released). Spec: ReleasePuts; TLC refutes MemberRefsBalance. Impl:
     * {@code DmaFenceArray.release()}.
     */
    ARRAY_RELEASE_NO_PUT("array_release_no_put"),
    /**
     * {@code dma_fence_array_init()} sets {@code num_pending = signal_on_any ? num_fences : 1}, the two values
     * swapped: an all-members array signals after its first member, a signal-on-any array only after its last.
     * Spec: PendingInit; TLC refutes ContainerSignaledOnlyWhenAllowed. Impl: the {@code numPending} initialiser in
     * the {@link DmaFenceArray} constructor.
     */
    ARRAY_PENDING_SWAPPED("array_pending_swapped"),
    /**
     * {@code dma_fence_chain_walk()} unhooks a signaled link with a plain store {@code chain->prev = replacement}
     * instead of {@code cmpxchg()}, and puts the link as if its own store always won ({@code dma_fence_put(prev)}
     * for the link's reference, and again for its own from {@code dma_fence_chain_get_prev()}). Two walkers that
     * both got the same link before either stored both drop the link's one reference: the link is released while
     * a holder of it still uses it (a use after free), and the later store overwrites the earlier walker's
     * replacement without putting it (a leaked reference to the link before). Spec: WalkCas in
     * DmaFenceContainers.tla; TLC refutes NoUseAfterFree and MemberRefsBalance. Impl: the
     * cmpxchg of {@code DmaFenceChain.walk()}.
     */
    CHAIN_WALK_NO_CMPXCHG("chain_walk_no_cmpxchg"),
    /**
     * {@code dma_fence_chain_walk()} unhooks a previous link without testing whether its contained fence has
     * signaled (every link counts as signaled): the node's re-arm walks past an earlier point that has not passed
     * and the node signals before it. Spec: WalkTest in DmaFenceContainers.tla; TLC refutes
     * ContainerSignaledOnlyWhenAllowed. Impl: the {@code dma_fence_is_signaled(prev_chain->fence)} test of
     * {@code DmaFenceChain.walk()}.
     */
    CHAIN_WALK_IGNORES_CONTAINED("chain_walk_ignores_contained"),
    /**
     * {@code dma_fence_chain_release()} without {@code dma_fence_put(chain->fence)}: the reference to the contained
     * fence that {@code dma_fence_chain_init()} took over leaks, and the fence stays one reference above its own
     * holders' (never released). Spec: ReleasePuts in DmaFenceContainers.tla; TLC refutes MemberRefsBalance.
     * Impl: {@code DmaFenceChain.release()}.
     */
    CHAIN_RELEASE_KEEPS_FENCE("chain_release_keeps_fence"),
    /**
     * {@code dma_fence_chain_find_seqno()} breaks out of its walk on {@code prev_seqno <= seqno} instead of
     * {@code prev_seqno < seqno}: it stops one node too late and leaves in {@code *pfence} the point after the one
     * asked for, so a waiter on point s also waits for point s+1. Spec: FindTest in DmaFenceContainers.tla; TLC
     * refutes FindSeqnoCoversPoint. Impl: the loop test of {@code DmaFenceChain.findSeqno()}.
     */
    CHAIN_FIND_SEQNO_STOPS_LATE("chain_find_seqno_stops_late"),
    /**
     * {@code dma_fence_chain_enable_signaling()} as a void op (RFC2024, SERIES2026) that finds no unsignaled fence
     * left and returns without {@code dma_fence_signal()}: a conversion that dropped {@code return false} but did
     * not add the signal. {@code dma_fence_add_callback()} then re-tests SIGNALED, finds it clear, links the
     * callback and returns 0, and the callback never runs. Under LEGACY and REWORKED the core signals on the op's
     * false, so the variant changes nothing there. Spec: OpFalseExit in DmaFenceContainers.tla; TLC
     * refutes ContainerCallbacksRun (series2026). Impl: the void-op branch at the end of {@code DmaFenceChain.enableSignaling()}.
     */
    CHAIN_OP_FORGETS_SIGNAL("chain_op_forgets_signal"),
    /**
     * {@code dma_fence_chain_signaled()} ({@code ->check_signaled} under SERIES2026) tests each link's own SIGNALED
     * flag ({@code dma_fence_test_signaled_flag(iter)}) instead of {@code dma_fence_is_signaled(
     * dma_fence_chain_contained(iter))}. A node nobody enabled signalling on never gets that flag by itself, so a
     * caller polling {@code dma_fence_is_signaled()} without enabling signalling never sees it signalled, even
     * after every contained fence has. Spec: ChainSignaledTest in DmaFenceContainers.tla;
     * TLC refutes PollerSeesSignal. Impl: the test in the loop of {@code DmaFenceChain.signaled()}.
     */
    CHAIN_SIGNALED_TESTS_LINK("chain_signaled_tests_link"),
    /**
     * {@code drm_syncobj_transfer_to_timeline()} as before the 2022 fix (ab66fdace858's
     * {@code drm_syncobj_flatten_chain()}, which commit ec8d985ff26f "drm: use dma_fence_unwrap_merge() in
     * drm_syncobj" later replaced): the fence
     * {@code drm_syncobj_find_fence()} found at the source point, a {@code dma_fence_chain} link whenever the source
     * is a timeline, goes into the new link of the destination as it is. {@code dma_fence_chain_init()} then WARNs
     * ({@code WARN_ON(dma_fence_is_chain(fence))}): a chain contained in a chain. Spec: Transfer in
     * DmaFenceNesting.tla; TLC refutes NoForbiddenNesting. Impl:
     * {@code DrmSyncobj.transferToTimeline()} skips {@link DmaFenceUnwrap#merge}.
     */
    SYNCOBJ_TRANSFER_NO_UNWRAP("syncobj_transfer_no_unwrap"),
    /**
     * {@code __dma_fence_unwrap_merge()} puts its unsignaled inputs into the new array as they are, without
     * {@code dma_fence_unwrap_for_each()} over them: merging two sync files that each hold an array (or a chain
     * link) builds an array of containers, and {@code dma_fence_array_init()} WARNs ({@code
     * WARN_ON(dma_fence_is_container(fence))}) once per such member. Spec: Leaves in DmaFenceNesting.tla;
     * TLC refutes NoForbiddenNesting. Impl: the unwrap of {@link DmaFenceUnwrap#merge}, wherever
     * it is called ({@code sync_file_merge()}, the syncobj transfer and, with {@code importUnwraps}, the import).
     */
    UNWRAP_MERGE_KEEPS_CONTAINERS("unwrap_merge_keeps_containers");

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
