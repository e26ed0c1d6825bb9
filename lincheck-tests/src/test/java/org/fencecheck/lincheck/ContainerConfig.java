package org.fencecheck.lincheck;

import java.util.Locale;
import java.util.Objects;
import org.fencecheck.containers.ContainerMutation;
import org.fencecheck.fence.LockingPolicy;

/**
 * The configuration of one container check: the broken variant of the container's C code that impl runs
 * ({@link ContainerMutation#NONE} for the code as upstream writes it, the names of spec/DmaFenceContainers.tla's
 * {@code Mutation}). The container ({@code Container}, {@code SignalOnAny}) and the core's design ({@code Design})
 * are chosen by each scenario's first call, {@link ContainerOps#setup(int, int)}, so that one Lincheck run covers
 * the three containers under the three designs the containers model has (a run costs about a second before its
 * first interleaving; see {@link ContainerLincheckTest}). Published before {@code check()} like
 * {@link FenceConfig}, because Lincheck builds the test object through its no-argument constructor.
 *
 * @param mutation the broken variant, or NONE
 */
public record ContainerConfig(ContainerMutation mutation) {

    /** The designs of spec/DmaFenceContainers.tla, by the index {@link ContainerOps#setup(int, int)} takes. */
    static final LockingPolicy[] DESIGNS = {LockingPolicy.LEGACY, LockingPolicy.RFC2024, LockingPolicy.SERIES2026};

    /** The container over members 0 and 1. */
    public enum Kind {
        /** {@code dma_fence_array_create(2, fences, ..., signal_on_any = false)}: signals once both have. */
        ARRAY_ALL,
        /** {@code dma_fence_array_create(..., signal_on_any = true)}: signals once either has. */
        ARRAY_ANY,
        /**
         * Two {@code dma_fence_chain_init()} links, point 1 containing member 0 and point 7 after it containing
         * member 1; the container is the later link, which signals once both contained fences have.
         */
        CHAIN;

        /** Whether the container's members allow it to signal, given which members have signalled. */
        boolean allows(boolean m0, boolean m1) {
            return this == ARRAY_ANY ? m0 || m1 : m0 && m1;
        }
    }

    private static volatile ContainerConfig current;

    /** The code as upstream writes it. */
    static final ContainerConfig REAL = new ContainerConfig(ContainerMutation.NONE);

    /** Checks the component. */
    public ContainerConfig {
        Objects.requireNonNull(mutation, "mutation");
    }

    /** The index of {@code design} in {@link #DESIGNS}. */
    static int design(LockingPolicy design) {
        for (int i = 0; i < DESIGNS.length; i++) {
            if (DESIGNS[i] == design) {
                return i;
            }
        }
        throw new IllegalArgumentException("the containers model has no design " + design);
    }

    /** Publishes the configuration the next {@code check()} runs with. */
    static void use(ContainerConfig config) {
        current = Objects.requireNonNull(config, "config");
    }

    /** Returns the published configuration. */
    static ContainerConfig current() {
        ContainerConfig c = current;
        if (c == null) {
            throw new IllegalStateException("no ContainerConfig published: call ContainerConfig.use() before check()");
        }
        return c;
    }

    /** The spec's name of a container, e.g. {@code array_any}. */
    static String name(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return mutation == ContainerMutation.NONE ? "containers" : mutation.specName();
    }
}
