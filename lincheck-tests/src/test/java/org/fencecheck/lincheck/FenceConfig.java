package org.fencecheck.lincheck;

import java.util.Locale;
import java.util.Objects;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;

/**
 * One configuration of the world a Lincheck test runs in: the spec's constants {@code Design}, {@code DriverLock},
 * {@code SignaledOp}, {@code NumFences} and {@code Mutation} (impl's {@link Mutation}, {@code NONE} for the real
 * code), and how the hardware behaves.
 *
 * <p>Lincheck creates the test object and the sequential specification through their no-argument constructors,
 * once per invocation, so the JUnit test publishes the configuration in {@link #use} before calling
 * {@code check()} and both constructors read it with {@link #current()}. JUnit runs the tests of this module one
 * after the other (the default), so there is one configuration at a time.
 *
 * @param policy     the locking design ({@code Design})
 * @param driverLock how {@code ->enable_signaling} takes the driver lock ({@code DriverLock})
 * @param signaledOp whether the driver has {@code ->signaled} ({@code SignaledOp})
 * @param hw         what the hardware does
 * @param fences     fences of the one context ({@code NumFences}), 1 or 2
 * @param mutation   the broken variant impl runs ({@code Mutation})
 */
public record FenceConfig(LockingPolicy policy, DriverLocking driverLock, boolean signaledOp, Hw hw, int fences,
                          Mutation mutation) {

    /** What the simulated hardware does during a scenario. */
    public enum Hw {
        /** It never passes a fence: {@code ->enable_signaling} always answers "not yet", no interrupt. */
        NEVER,
        /**
         * It passed every fence before the scenario, before anything was armed, so no interrupt is ever raised:
         * the first {@code ->enable_signaling} answers false (the core signals), {@code ->signaled} true.
         */
        PASSED,
        /** {@code hwComplete()} and {@code irq()} are operations (the spec's {@code HwComplete}, {@code IrqEnter}). */
        OP
    }

    private static volatile FenceConfig current;

    /** Checks the components. */
    public FenceConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(driverLock, "driverLock");
        Objects.requireNonNull(hw, "hw");
        Objects.requireNonNull(mutation, "mutation");
        if (fences < 1 || fences > 2) {
            throw new IllegalArgumentException("fences " + fences);
        }
    }

    /** A configuration of the real code. */
    public static FenceConfig real(LockingPolicy policy, DriverLocking driverLock, boolean signaledOp, Hw hw,
                                   int fences) {
        return new FenceConfig(policy, driverLock, signaledOp, hw, fences, Mutation.NONE);
    }

    /** One fence, a driver without a lock, impl running {@code mutation}. */
    public static FenceConfig broken(Mutation mutation, LockingPolicy policy, boolean signaledOp, Hw hw) {
        return new FenceConfig(policy, DriverLocking.NONE, signaledOp, hw, 1, mutation);
    }

    /** The same configuration running the real code: the control of a broken one. */
    public FenceConfig unbroken() {
        return new FenceConfig(policy, driverLock, signaledOp, hw, fences, Mutation.NONE);
    }

    /** Publishes the configuration the next {@code check()} runs with. */
    public static void use(FenceConfig config) {
        current = Objects.requireNonNull(config, "config");
    }

    /** Returns the published configuration. */
    public static FenceConfig current() {
        FenceConfig c = current;
        if (c == null) {
            throw new IllegalStateException("no FenceConfig published: call FenceConfig.use() before check()");
        }
        return c;
    }

    @Override
    public String toString() {
        return (mutation == Mutation.NONE ? "" : mutation.specName() + "/") + policy.specName() + "/drvlock="
                + driverLock.specName() + "/signaled_op=" + signaledOp + "/hw=" + hw.name().toLowerCase(Locale.ROOT)
                + (fences > 1 ? "/fences=" + fences : "");
    }
}
