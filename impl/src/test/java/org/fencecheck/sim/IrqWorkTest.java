package org.fencecheck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IrqWork}: irq_work_queue() semantics on a simulated CPU. */
class IrqWorkTest {

    @Test
    void runsOnceInHardIrqContextWhenTheQueueingCpuEnablesIrqs() {
        Machine m = new Machine();
        List<CpuContext> ran = new ArrayList<>();
        IrqWork work = new IrqWork("test_work", () -> ran.add(Cpu.current().context()));
        SpinLock l = m.newSpinLock("L", "l");
        m.cpu(0).run(() -> {
            boolean flags = l.spinLockIrqsave("caller", Step.NO_FENCE);
            assertTrue(work.queue());
            assertFalse(work.queue(), "already pending: irq_work_queue() returns false");
            assertTrue(work.isPending());
            assertEquals(List.of(), ran, "IRQs off: not yet");
            l.spinUnlockIrqrestore(flags, "caller", Step.NO_FENCE);
            assertEquals(List.of(CpuContext.IRQ), ran, "ran once, nested, at the restore");
            assertFalse(work.isPending());
        });
    }

    @Test
    void mayQueueItselfAgainWhileRunning() {
        Machine m = new Machine();
        int[] runs = new int[1];
        IrqWork[] work = new IrqWork[1];
        work[0] = new IrqWork("rearm", () -> {
            if (++runs[0] < 3) {
                assertTrue(work[0].queue(), "the claim is dropped before the function runs");
            }
        });
        m.cpu(0).run(() -> {
            work[0].queue();
            Cpu.irqPoint();
        });
        assertEquals(3, runs[0]);
    }
}
