package org.fencecheck.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule (c), NoDriverOpUnderFenceLock, per design and driver behaviour. */
class ValidatorTest {

    /**
     * Every entry point that enables signaling (add_callback, enable_sw_signaling, wait), for every driver
     * behaviour: LEGACY enters ->enable_signaling under the IRQ-disabled fence lock, REWORKED never does.
     */
    @ParameterizedTest
    @EnumSource(DriverLocking.class)
    void enableSignalingIsReportedUnderLegacyOnly(DriverLocking locking) {
        for (LockingPolicy policy : LockingPolicy.values()) {
            for (boolean signaledOp : new boolean[] {false, true}) {
                Machine m = new Machine();
                DriverTimeline tl = new DriverTimeline(m, policy, locking, signaledOp);
                m.cpu(0).run(() -> {
                    tl.emit().addCallback(f -> { });
                    tl.emit().enableSwSignaling();
                    DmaFence f3 = tl.emit();
                    tl.hwComplete();
                    tl.hwComplete();
                    tl.hwComplete();
                    f3.waitTimeout(false, 1);
                    f3.isSignaled();
                });
                List<LockdepReport> ops = m.lockdep().reports(ReportKind.DRIVER_OP_UNDER_FENCE_LOCK);
                if (policy == LockingPolicy.LEGACY) {
                    assertEquals(1, ops.size(), ops.toString());
                    assertEquals("enable_signaling", ops.get(0).detail());
                    assertEquals(List.of("fence"), ops.get(0).lockClasses());
                    assertEquals("dma_fence_add_callback", ops.get(0).usages().get(0).site());
                } else {
                    assertEquals(List.of(), ops, policy + " " + locking + " signaled=" + signaledOp);
                }
            }
        }
    }

    /**
     * dma_fence_get_status() is the same in legacy, reworked and rfc2024: dma_fence_is_signaled_locked() calls
     * ->signaled with the fence lock held and IRQs off, so a driver with ->signaled is reported under those.
     * series2026's dma_fence_get_status_locked() only tests SIGNALED (02/10) and is never reported. (The spec
     * records the same: GetStatusRead adds "signaled" to drvUnderLock unless Design = "series2026".)
     * dma_fence_is_signaled() calls it without the lock and is not reported.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signaledUnderGetStatusIsReportedUnderBothDesigns(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, true);
        m.cpu(0).run(() -> {
            DmaFence f = tl.emit();
            assertEquals(false, f.isSignaled());
            assertEquals(List.of(), m.lockdep().reports());
            assertEquals(0, f.getStatus());
        });
        List<LockdepReport> ops = m.lockdep().reports(ReportKind.DRIVER_OP_UNDER_FENCE_LOCK);
        if (policy.statusTestsFlagOnly()) {
            assertEquals(List.of(), ops);
            return;
        }
        assertEquals(1, ops.size(), ops.toString());
        assertEquals("signaled", ops.get(0).detail());
        assertEquals("dma_fence_get_status", ops.get(0).usages().get(1).site());
    }

    /** ->signaled lets dma_fence_is_signaled() signal in the caller's context, running the callbacks there. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void isSignaledSignalsInTheCallersContext(LockingPolicy policy) {
        Machine m = new Machine();
        DriverTimeline tl = new DriverTimeline(m, policy, DriverLocking.IRQSAVE, true);
        Cpu other = m.cpu(1);
        tl.setIrqCpu(other);
        AtomicInteger ranOn = new AtomicInteger(-1);
        m.cpu(0).run(() -> {
            DmaFence f1 = tl.emit();
            DmaFence f2 = tl.emit();
            f2.addCallback(FenceCallback.named("cb", f -> ranOn.set(Cpu.current().id())));
            tl.hwComplete();
            tl.hwComplete();
            assertTrue(other.irqPending(), "interrupt raised on cpu1, not yet taken");
            assertTrue(f2.isSignaled());
            assertEquals(0, ranOn.get(), "callback ran on the querying CPU");
            assertEquals(false, f1.testSignaledFlag(), "fence 1 stays unsignaled: callbacks out of order");
        });
    }
}
