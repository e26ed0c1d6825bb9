package org.fencecheck.lincheck;

import java.util.Locale;
import java.util.Objects;
import org.fencecheck.driver.DriverModule;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;

/**
 * One configuration of the lifetime checks (spec DmaFenceLifetime.tla): the locking design of
 * {@code ->enable_signaling}, how the core reaches {@code fence->ops} ({@code Design}), which optional ops the
 * driver has ({@code DriverOps}), and the broken variant ({@code Mutation}: impl's {@link Mutation}). Published
 * before {@code check()} like {@link FenceConfig}.
 *
 * @param policy   where {@code ->enable_signaling} runs
 * @param lifetime how the core reaches the ops
 * @param ops      the driver's optional ops
 * @param mutation the broken variant of the core or the exit path, or NONE
 */
public record LifetimeConfig(LockingPolicy policy, OpsLifetime lifetime, DriverModule.Ops ops, Mutation mutation) {

    private static volatile LifetimeConfig current;

    /** Checks the components. */
    public LifetimeConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(mutation, "mutation");
    }

    /** A configuration of the real code. */
    static LifetimeConfig of(LockingPolicy policy, OpsLifetime lifetime, DriverModule.Ops ops) {
        return new LifetimeConfig(policy, lifetime, ops, Mutation.NONE);
    }

    /** Publishes the configuration the next {@code check()} runs with. */
    static void use(LifetimeConfig config) {
        current = Objects.requireNonNull(config, "config");
    }

    /** Returns the published configuration. */
    static LifetimeConfig current() {
        LifetimeConfig c = current;
        if (c == null) {
            throw new IllegalStateException("no LifetimeConfig published: call LifetimeConfig.use() before check()");
        }
        return c;
    }

    @Override
    public String toString() {
        return lifetime + "/" + policy.specName() + "/ops=" + ops.name().toLowerCase(Locale.ROOT)
                + (mutation == Mutation.NONE ? "" : "/" + mutation.specName());
    }
}
