package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.Scenarios.op;

import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.junit.jupiter.api.Test;

/**
 * {@code dma_fence_wait_timeout()} with a short non-zero timeout ({@link ShortWaitOps#waitShort}): it sleeps on
 * the default waiter's callback and returns "signaled" or "timeout".
 *
 * <p>The stress strategy runs it in random scenarios in real time. The model checker runs it only in scenarios
 * where another thread signals, because under it {@code System.nanoTime()} is frozen (Lincheck makes time
 * deterministic), so impl's {@code schedule_timeout()} never times out: those scenarios check the sleep/wake
 * protocol (no lost wake-up: the waiter always returns "signaled" and never hangs), not the timeout path.
 */
class ShortWaitTest {

    static final Checks.Budget STRESS = new Checks.Budget(2, 150, 3, 2, 1, 1);
    static final Checks.Budget CUSTOM_ONLY = new Checks.Budget(0, 40, 2, 1, 0, 0);

    @Test
    void modelCheckingWaitAgainstSignallers() {
        for (LockingPolicy p : LockingPolicy.values()) {
            FenceConfig c = FenceConfig.real(p, DriverLocking.NONE, false, FenceConfig.Hw.NEVER, 1);
            var o = Checks.modelChecking(CUSTOM_ONLY);
            o.addCustomScenario(Scenarios.of(ShortWaitOps.class)
                    .thread(op("waitShort"))
                    .thread(op("signal"))
                    .build());
            o.addCustomScenario(Scenarios.of(ShortWaitOps.class)
                    .init(op("addCallback", 1))
                    .thread(op("waitShort"), op("getStatus"))
                    .thread(op("removeCallback", 1), op("signalTimestamp", 2))
                    .post(op("timestamp"))
                    .build());
            Checks.check(o, ShortWaitOps.class, c, "model checking, custom");
        }
    }

    @Test
    void stress() {
        for (LockingPolicy p : LockingPolicy.values()) {
            FenceConfig c = FenceConfig.real(p, DriverLocking.IRQSAVE, true, FenceConfig.Hw.NEVER, 1);
            Checks.check(Checks.stress(STRESS), ShortWaitOps.class, c, "stress");
        }
    }
}
