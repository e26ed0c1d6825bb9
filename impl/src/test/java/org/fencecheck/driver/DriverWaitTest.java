package org.fencecheck.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A driver's own ->wait (radeon_fence_default_wait(), {@link DriverWait}) keeps the return contract the header asks
 * of it, the default wait's: the time left for a signalled fence, 0 on timeout, -ERESTARTSYS only for an
 * interruptible wait with a signal pending; and its on-stack callback is off the list when it returns. Every design.
 * Timeouts are a few jiffies; nothing asserts on elapsed time.
 */
class DriverWaitTest {

    private record Rig(Machine m, DriverTimeline tl, DmaFence f, List<String> trace) {
        static Rig of(LockingPolicy policy) {
            Machine m = new Machine();
            DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.NONE, false);
            tl.useWaitOp();
            DmaFence f = m.cpu(0).call(tl::emit);
            List<String> trace = java.util.Collections.synchronizedList(new ArrayList<>());
            m.setStepListener(s -> {
                if (s.fn().equals(DriverWait.FN_DRV_WAIT)) {
                    trace.add(s.act());
                }
            });
            return new Rig(m, tl, f, trace);
        }

        long waitOnCpu0(boolean intr, long timeout) {
            return m.cpu(0).call(() -> f.waitTimeout(intr, timeout));
        }
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aSignaledFenceAnswersTheWholeTimeoutWithoutSleeping(LockingPolicy policy) {
        Rig r = Rig.of(policy);
        r.m().cpu(0).run(r.f()::signal);
        assertEquals(7, r.waitOnCpu0(false, 7));
        assertEquals(List.of("return t (signaled)"), r.trace());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void anUnsignaledFenceTimesOutWithZeroAndLeavesNoCallback(LockingPolicy policy) {
        Rig r = Rig.of(policy);
        assertEquals(0, r.waitOnCpu0(false, 2));
        assertEquals(List.of(), r.f().state().callbacks());
        assertEquals("return 0 (timed out)", r.trace().get(r.trace().size() - 1));
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aSignalEndsOnlyAnInterruptibleWait(LockingPolicy policy) {
        Rig r = Rig.of(policy);
        long[] got = new long[2];
        r.m().cpu(0).run(() -> {
            Thread.currentThread().interrupt();
            try {
                got[0] = r.f().waitTimeout(true, 50);
                got[1] = r.f().waitTimeout(false, 2);
            } finally {
                Thread.interrupted();
            }
        });
        assertEquals(-Errno.ERESTARTSYS, got[0]);
        assertEquals(0, got[1], "an uninterruptible wait ignores the signal and times out");
        assertEquals(List.of(), r.f().state().callbacks());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aSignalFromAnotherCpuWakesTheSleeper(LockingPolicy policy) throws Exception {
        Rig r = Rig.of(policy);
        long left;
        try (CpuExecutor cpu1 = new CpuExecutor(r.m().cpu(1))) {
            r.m().setStepListener(s -> {
                if (s.action() == Action.DRIVER_WAIT_TEST && s.cpu() == 0) {
                    cpu1.run(r.f()::signal); // signals while CPU 0 goes to sleep or sleeps
                }
            });
            left = r.waitOnCpu0(false, 5_000);
        }
        assertTrue(left > 0, "woken with time left: " + left);
        assertEquals(List.of(), r.f().state().callbacks());
    }

    @Test
    void waitOpIsChosenBeforeTheFirstFenceAndOnlyWithoutADriverLock() {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, LockingPolicy.LEGACY, DriverLocking.NONE, false);
        m.cpu(0).call(tl::emit);
        assertThrows(IllegalStateException.class, tl::useWaitOp);
        DriverTimeline locked = new DriverTimeline(m, LockingPolicy.LEGACY, DriverLocking.IRQSAVE, false);
        IllegalStateException e = assertThrows(IllegalStateException.class, locked::useWaitOp);
        assertTrue(e.getMessage().contains("not modelled"), e.getMessage());
    }
}
