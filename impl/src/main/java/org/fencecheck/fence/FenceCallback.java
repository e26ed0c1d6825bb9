package org.fencecheck.fence;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Mirrors {@code struct dma_fence_cb} with its {@code func}: called once, when the fence it was added to signals,
 * with the fence lock held and IRQs off, possibly in hard-IRQ context. It must not take that fence's lock and
 * must not sleep. One callback object may be on one fence's list at a time.
 */
@FunctionalInterface
public interface FenceCallback {

    /**
     * The callback's {@code func(fence, cb)}.
     *
     * @param fence the fence that signaled
     */
    void func(DmaFence fence);

    /** Returns the name steps show for this callback (the spec's callback id); {@code "cb"} by default. */
    default String name() {
        return "cb";
    }

    /**
     * Returns a callback with a name for steps and traces.
     *
     * @param name the callback id, e.g. {@code "cb1"}
     * @param func what to run
     * @return the callback
     */
    static FenceCallback named(String name, Consumer<DmaFence> func) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(func, "func");
        return new FenceCallback() {
            @Override
            public void func(DmaFence fence) {
                func.accept(fence);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
