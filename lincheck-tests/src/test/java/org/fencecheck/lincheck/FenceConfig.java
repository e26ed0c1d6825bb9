package org.fencecheck.lincheck;

import java.util.Objects;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;

/**
 * One configuration of the world a Lincheck test runs in: the spec's constants {@code Design}, {@code DriverLock},
 * {@code SignaledOp} and {@code NumFences}, how the hardware behaves, and which fence implementation is tested
 * (the real {@link org.fencecheck.fence.DmaFence} or the test-code twin with one deliberately broken step).
 *
 * <p>Lincheck creates the test object and the sequential specification through their no-argument constructors,
 * once per invocation, so the JUnit test publishes the configuration in {@link #use} before calling
 * {@code check()} and both constructors read it with {@link #current()}. JUnit runs the tests of this module one
 * after the other (the default), so there is one configuration at a time. Lincheck snapshots and restores static
 * state around invocations; this field is only read inside them.
 *
 * @param policy     the locking design ({@code Design})
 * @param driverLock how {@code ->enable_signaling} takes the driver lock ({@code DriverLock})
 * @param signaledOp whether the driver has {@code ->signaled} ({@code SignaledOp})
 * @param hw         what the hardware does
 * @param fences     fences of the one context ({@code NumFences}), 1 or 2
 * @param impl       the fence implementation under test
 */
public record FenceConfig(LockingPolicy policy, DriverLocking driverLock, boolean signaledOp, Hw hw, int fences,
                          Impl impl) {

    /** What the simulated hardware does during a scenario. */
    public enum Hw {
        /** It never passes a fence: {@code ->enable_signaling} always answers "not yet", no interrupt. */
        NEVER,
        /**
         * It passed every fence before the scenario, before anything was armed, so no interrupt is ever raised:
         * the first {@code ->enable_signaling} answers false (the core signals), {@code ->signaled} true.
         */
        PASSED,
        /**
         * {@code hwComplete()} is an operation: the hardware passes the next seqno and, if the driver armed its
         * interrupt, the interrupt handler runs at once on the calling CPU (the spec's {@code HwComplete} then
         * {@code IrqEnter} on that CPU).
         */
        OP
    }

    /** Which fence the operations call. */
    public enum Impl {
        /** {@link org.fencecheck.fence.DmaFence} with {@link org.fencecheck.driver.DriverTimeline}: the real one. */
        REAL,
        /** {@link TwinFence} with no mutation: the control for the broken variants. */
        TWIN,
        /** Broken variant 1: the SIGNALED test-and-set split into a lock-free read and a locked write. */
        SIGNAL_SPLIT_TAS,
        /** Broken variant 2: the ENABLE_SIGNAL test-and-set split into a read and a later write. */
        ENABLE_UNGUARDED,
        /** Broken variant 3: dma_fence_remove_callback() without the fence lock. */
        REMOVE_UNLOCKED,
        /** Broken variant 4: callbacks run straight off the shared cb_list, outside the lock, no splice. */
        RUN_SHARED_LIST,
        /** Broken variant 5: dma_fence_is_signaled() signals without the atomic test-and-set of SIGNALED. */
        ISSIGNALED_NO_TAS
    }

    private static volatile FenceConfig current;

    /** Checks the components. */
    public FenceConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(driverLock, "driverLock");
        Objects.requireNonNull(hw, "hw");
        Objects.requireNonNull(impl, "impl");
        if (fences < 1 || fences > 2) {
            throw new IllegalArgumentException("fences " + fences);
        }
    }

    /** A configuration of the real fence. */
    public static FenceConfig real(LockingPolicy policy, DriverLocking driverLock, boolean signaledOp, Hw hw,
                                   int fences) {
        return new FenceConfig(policy, driverLock, signaledOp, hw, fences, Impl.REAL);
    }

    /** A configuration of the test-code twin (one fence, its own lock-free driver). */
    public static FenceConfig twin(Impl impl, LockingPolicy policy, boolean signaledOp, Hw hw) {
        return new FenceConfig(policy, DriverLocking.NONE, signaledOp, hw, 1, impl);
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
        return impl + "/" + policy.specName() + "/drvlock=" + driverLock.specName() + "/signaled_op=" + signaledOp
                + "/hw=" + hw.name().toLowerCase(java.util.Locale.ROOT) + (fences > 1 ? "/fences=" + fences : "");
    }
}
