package org.fencecheck.lincheck;

import java.util.Objects;
import org.fencecheck.driver.DriverModule;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.OpsLifetime;

/**
 * One configuration of the lifetime checks (spec DmaFenceLifetime.tla): the locking design of
 * {@code ->enable_signaling}, how the core reaches {@code fence->ops} ({@code Design} and the core's
 * {@code Mutation}s), which optional ops the driver has ({@code DriverOps}), and the module's exit path (the
 * {@code no_grace_period} mutation). Published before {@code check()} like {@link FenceConfig}.
 *
 * @param policy   where {@code ->enable_signaling} runs
 * @param lifetime how the core reaches the ops
 * @param ops      the driver's optional ops
 * @param unload   the module's exit path
 */
public record LifetimeConfig(LockingPolicy policy, OpsLifetime lifetime, DriverModule.Ops ops,
                             DriverModule.Unload unload) {

    private static volatile LifetimeConfig current;

    /** Checks the components. */
    public LifetimeConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(unload, "unload");
    }

    /** A configuration with the correct exit path. */
    static LifetimeConfig of(LockingPolicy policy, OpsLifetime lifetime, DriverModule.Ops ops) {
        return new LifetimeConfig(policy, lifetime, ops, DriverModule.Unload.SYNCHRONIZE_RCU);
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
        return lifetime + "/" + policy.specName() + "/ops=" + ops.name().toLowerCase(java.util.Locale.ROOT)
                + (unload == DriverModule.Unload.SYNCHRONIZE_RCU ? "" : "/" + unload);
    }
}
