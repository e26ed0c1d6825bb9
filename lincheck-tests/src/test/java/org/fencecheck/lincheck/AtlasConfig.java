package org.fencecheck.lincheck;

import java.util.Objects;
import org.fencecheck.drivers.Profile;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;

/**
 * One configuration of the driver atlas checks: a real driver's Java port ({@code Profile}) under a design, with
 * a broken variant of the driver or none, on a timeline of {@code fences} fences. Published before
 * {@code check()} like {@link FenceConfig}.
 *
 * @param profile  the driver
 * @param design   the core's design
 * @param mutation a driver mutation or NONE
 * @param fences   the fences of the timeline
 */
public record AtlasConfig(Profile profile, LockingPolicy design, Mutation mutation, int fences) {

    private static volatile AtlasConfig current;

    /** Checks the components. */
    public AtlasConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(mutation, "mutation");
    }

    /** The same driver and timeline under another design, without the mutation: the control. */
    AtlasConfig control(LockingPolicy d) {
        return new AtlasConfig(profile, d, Mutation.NONE, fences);
    }

    /** Publishes the configuration the next {@code check()} runs with. */
    static void use(AtlasConfig config) {
        current = Objects.requireNonNull(config, "config");
    }

    /** Returns the published configuration. */
    static AtlasConfig current() {
        AtlasConfig c = current;
        if (c == null) {
            throw new IllegalStateException("no AtlasConfig published: call AtlasConfig.use() before check()");
        }
        return c;
    }

    @Override
    public String toString() {
        return profile.specName() + "/" + design.specName() + "/" + fences + "f"
                + (mutation == Mutation.NONE ? "" : "/" + mutation.specName());
    }
}
