package org.fencecheck.fence;

/**
 * The bits of {@code enum dma_fence_flag_bits} as numbered in 4.x-6.14; the core sets them only false -> true.
 */
public final class FenceFlags {
    /** {@code DMA_FENCE_FLAG_SIGNALED_BIT}. */
    public static final int SIGNALED_BIT = 0;
    /** {@code DMA_FENCE_FLAG_TIMESTAMP_BIT}: {@code fence->timestamp} is valid. */
    public static final int TIMESTAMP_BIT = 1;
    /** {@code DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT}: signaling was enabled (the driver was asked once). */
    public static final int ENABLE_SIGNAL_BIT = 2;
    /** {@code DMA_FENCE_FLAG_USER_BITS}: the first bit drivers may use; the core never touches it or later ones. */
    public static final int USER_BITS = 3;

    private FenceFlags() {
    }

    /**
     * Tests one bit of a flags word.
     *
     * @param flags the word
     * @param bit   the bit number
     * @return whether it is set
     */
    public static boolean test(int flags, int bit) {
        return (flags & (1 << bit)) != 0;
    }
}
