package org.fencecheck.containers;

import org.fencecheck.fence.DmaFence;

/**
 * Mirrors {@code struct dma_fence_unwrap} and {@code dma_fence_unwrap_first()} / {@code dma_fence_unwrap_next()}
 * of drivers/dma-buf/dma-fence-unwrap.c (torvalds/linux, read at 01357a5a45ed): a cursor that flattens a chain
 * of arrays into the fences inside them, chain link by chain link, array member by array member. The cursor holds
 * a reference to the chain link it is on ({@link DmaFenceChain#walk} moves it on); the fences it returns are
 * borrowed from their containers. {@code dma_fence_unwrap_merge()} is not ported.
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
}
