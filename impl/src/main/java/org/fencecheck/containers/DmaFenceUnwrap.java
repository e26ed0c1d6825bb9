package org.fencecheck.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceContext;

/**
 * Mirrors {@code struct dma_fence_unwrap} and {@code dma_fence_unwrap_first()} / {@code dma_fence_unwrap_next()}
 * of drivers/dma-buf/dma-fence-unwrap.c (torvalds/linux, read at 01357a5a45ed): a cursor that flattens a chain
 * of arrays into the fences inside them, chain link by chain link, array member by array member. The cursor holds
 * a reference to the chain link it is on ({@link DmaFenceChain#walk} moves it on); the fences it returns are
 * borrowed from their containers.
 *
 * <p>{@link #merge} is {@code dma_fence_unwrap_merge()} / {@code __dma_fence_unwrap_merge()} as the 2026 tree has
 * it (read in mj22226/linux at 44d19b8a7548: the count-one fast path, {@code dma_fence_dedup_array()} with its
 * sort by context, {@code dma_fence_allocate_private_stub(timestamp)} when nothing is pending, and a
 * {@code dma_fence_array_create()} that no longer takes {@code signal_on_any}, so the merged array waits for all):
 * the one place the kernel flattens containers where fences from outside meet one ({@code sync_file_merge()},
 * {@code drm_syncobj_transfer_to_timeline()} since commit ec8d985ff26f), so that no array ever holds a container
 * and no chain link ever holds a chain (issue 20).
 */
public final class DmaFenceUnwrap {

    /** {@code cursor->chain}: the link being unwrapped (a reference), null at the end. */
    private DmaFence chain;
    /** {@code cursor->array}: the fence the link contains, an array or a single fence. */
    private DmaFence array;
    /** {@code cursor->index}: the position in {@code array}. */
    private int index;

    /**
     * Mirrors {@code dma_fence_unwrap_first()}.
     *
     * @param head the entry point: a chain, an array or a plain fence
     * @return the first fence inside, or null
     */
    public DmaFence first(DmaFence head) {
        chain = head.get();
        return unwrapArray();
    }

    /**
     * Mirrors {@code dma_fence_unwrap_next()}: the next member of the current array, else the first fence of the
     * next chain link (walking the chain, which drops signaled links).
     *
     * @return the next fence, or null when the walk is done (the cursor then holds no reference)
     */
    public DmaFence next() {
        ++index;
        DmaFence tmp = DmaFenceArray.next(array, index);
        if (tmp != null) {
            return tmp;
        }
        chain = DmaFenceChain.walk(chain);
        return unwrapArray();
    }

    /** {@code __dma_fence_unwrap_array()}. */
    private DmaFence unwrapArray() {
        array = chain == null ? null : DmaFenceChain.contained(chain);
        index = 0;
        return DmaFenceArray.first(array);
    }

    /**
     * Mirrors {@code dma_fence_unwrap_merge(...)} ({@code __dma_fence_unwrap_merge()}): unwraps every input (chain
     * links, then the members of the arrays they hold), keeps the fences that have not signaled and returns one
     * fence that signals when all of them have: a signaled private stub (with the latest timestamp among the
     * signaled fences) when none is left, that very fence (a new reference) when one is, else a new
     * {@code dma_fence_array} of them on a fresh context (seqno 1, not signal-on-any) after
     * {@code dma_fence_dedup_array()}: sorted by context, only the latest fence ({@code dma_fence_is_later()}) of
     * each context kept. The result holds its own references; the inputs are left as they were.
     *
     * @param fences the fences to merge: plain fences, arrays or chain links
     * @return a new reference to the merged fence, never a container inside a container
     */
    public static DmaFence merge(DmaFence... fences) {
        return merge(ContainerMutation.NONE, fences);
    }

    /**
     * Like {@link #merge(DmaFence...)}, running a broken variant:
     * {@link ContainerMutation#UNWRAP_MERGE_KEEPS_CONTAINERS} counts and keeps the inputs themselves instead of the
     * fences inside them.
     *
     * @param mutation the broken variant, or {@link ContainerMutation#NONE}
     * @param fences   the fences to merge
     * @return a new reference to the merged fence
     */
    public static DmaFence merge(ContainerMutation mutation, DmaFence... fences) {
        Objects.requireNonNull(mutation, "mutation");
        boolean unwrap = mutation != ContainerMutation.UNWRAP_MERGE_KEEPS_CONTAINERS;
        long[] timestamp = {0};
        // First pass: count the pending fences, remembering the last one for the fast path.
        DmaFence unsignaled = null;
        int count = 0;
        for (DmaFence f : pending(fences, unwrap, timestamp)) {
            if (unsignaled != null) {
                unsignaled.put();
            }
            unsignaled = f;
            count++;
        }
        if (count == 0) {
            return DmaFence.allocatePrivateStub(timestamp[0]);
        } else if (count == 1) {
            return unsignaled;
        }
        unsignaled.put();
        // Second pass: collect them (some may have signaled since the first).
        List<DmaFence> array = pending(fences, unwrap, timestamp);
        if (array.size() > 1) {
            dedup(array);
        }
        if (array.isEmpty()) {
            return DmaFence.allocatePrivateStub(timestamp[0]);
        } else if (array.size() == 1) {
            return array.get(0);
        }
        FenceContext context = FenceContext.alloc(array.get(0).policy());
        return DmaFenceArray.create(array.toArray(new DmaFence[0]), context, 1, false, mutation).base();
    }

    /**
     * One pass of {@code __dma_fence_unwrap_merge()}: a reference to every fence of {@code dma_fence_unwrap_for_each()}
     * over each input (with {@code unwrap} false, broken: each input itself) that {@code dma_fence_is_signaled()}
     * says is pending, raising {@code timestamp[0]} to each signaled one's {@code dma_fence_timestamp()}.
     */
    private static List<DmaFence> pending(DmaFence[] fences, boolean unwrap, long[] timestamp) {
        List<DmaFence> out = new ArrayList<>();
        for (DmaFence head : fences) {
            if (!unwrap) {
                keep(head, out, timestamp);
                continue;
            }
            DmaFenceUnwrap iter = new DmaFenceUnwrap();
            for (DmaFence f = iter.first(head); f != null; f = iter.next()) {
                keep(f, out, timestamp);
            }
        }
        return out;
    }

    private static void keep(DmaFence f, List<DmaFence> out, long[] timestamp) {
        if (!f.isSignaled()) {
            out.add(f.get());
        } else {
            long t = f.timestamp();
            if (t > timestamp[0]) {
                timestamp[0] = t;
            }
        }
    }

    /**
     * Mirrors {@code dma_fence_dedup_array()}: sorts by context ({@code fence_cmp()}: the later fence of a context
     * first) and keeps the first, so the latest, fence of each context, putting the others.
     */
    private static void dedup(List<DmaFence> fences) {
        fences.sort((a, b) -> {
            int c = Long.compareUnsigned(a.context().id(), b.context().id());
            if (c != 0) {
                return c;
            }
            if (DmaFence.isLater(b, a)) {
                return 1;
            } else if (DmaFence.isLater(a, b)) {
                return -1;
            }
            return 0;
        });
        int j = 0;
        for (int i = 1; i < fences.size(); i++) {
            if (fences.get(i).context().id() == fences.get(j).context().id()) {
                fences.get(i).put();
            } else {
                fences.set(++j, fences.get(i));
            }
        }
        fences.subList(j + 1, fences.size()).clear();
    }
}
