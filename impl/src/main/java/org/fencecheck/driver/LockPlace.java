package org.fencecheck.driver;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a fence's {@code fence->lock} lives (spec/DmaFenceLifetime.tla {@code LockPlace}). The core takes the lock
 * on a signaled fence too ({@code dma_fence_get_status()}, {@code dma_fence_enable_sw_signaling()}), so a lock in
 * the driver's data is touched after the driver is gone unless the fence has its own.
 */
public enum LockPlace {
    /** The fence's own lock ({@code dma_fence_init()} with a NULL lock, mainline since 2026): freed with the fence. */
    INLINE("inline"),
    /** A lock of the driver, shared by its timeline's fences: freed with the module. */
    MODULE("module");

    private final String specName;

    LockPlace(String specName) {
        this.specName = specName;
    }

    /** Returns the spec's {@code LockPlace} string. */
    public String specName() {
        return specName;
    }

    /**
     * Returns the place with the spec's name.
     *
     * @param name {@code "inline"} or {@code "module"}
     * @return the constant
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static LockPlace ofSpecName(String name) {
        for (LockPlace p : values()) {
            if (p.specName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown LockPlace '" + name + "' (known: "
                + Arrays.stream(values()).map(LockPlace::specName).collect(Collectors.joining(", ")) + ")");
    }
}
