package org.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;
import org.junit.jupiter.api.Test;

/** The validator's rules, on bare locks, in runs where nothing deadlocks. */
class LockdepTest {

    private static final long NF = Step.NO_FENCE;

    @Test
    void oppositeOrdersOnTwoPathsAreACycleReportedOnce() {
        Machine m = new Machine();
        SpinLock a = m.newSpinLock("A", "a");
        SpinLock b = m.newSpinLock("B", "b");
        for (int i = 0; i < 3; i++) {
            m.cpu(0).run(() -> {
                boolean flags = a.spinLockIrqsave("path1_a", NF);
                b.spinLock("path1_b", NF);
                b.spinUnlock("path1_b", NF);
                a.spinUnlockIrqrestore(flags, "path1_a", NF);
            });
            m.cpu(1).run(() -> {
                boolean flags = b.spinLockIrqsave("path2_b", NF);
                a.spinLock("path2_a", NF);
                a.spinUnlock("path2_a", NF);
                b.spinUnlockIrqrestore(flags, "path2_b", NF);
            });
        }
        List<LockdepReport> r = m.lockdep().reports();
        assertEquals(1, r.size(), r.toString());
        LockdepReport cycle = r.get(0);
        assertEquals(ReportKind.LOCK_ORDER_CYCLE, cycle.kind());
        assertEquals(List.of("B", "A"), cycle.lockClasses());
        assertEquals(List.of("path2_b", "path2_a", "path1_a", "path1_b"),
                cycle.usages().stream().map(LockUsage::site).toList());
        assertEquals(List.of(1, 1, 0, 0), cycle.usages().stream().map(LockUsage::cpu).toList());
    }

    @Test
    void locksOfTheInterruptedContextDoNotOrderAgainstTheHandlers() {
        Machine m = new Machine();
        SpinLock a = m.newSpinLock("A", "a");
        SpinLock b = m.newSpinLock("B", "b");
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            b.spinLockIrqsave("irq_safe_b", NF);
            b.spinUnlockIrqrestore(false, "irq_safe_b", NF);
            cpu.localIrqEnable("test");
            a.spinLock("process_a", NF);
            cpu.raiseIrq(new Irq("h", () -> {
                b.spinLock("handler_b", NF);
                a.hashCode();
                b.spinUnlock("handler_b", NF);
            }));
            Cpu.irqPoint();
            a.spinUnlock("process_a", NF);
        });
        assertEquals(List.of(), m.lockdep().reports(ReportKind.LOCK_ORDER_CYCLE));
    }

    @Test
    void classTakenInHardIrqAndWithIrqsOnIsInconsistent() {
        Machine m = new Machine();
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            cpu.raiseIrq(new Irq("h", () -> {
                l.spinLock("in_irq", NF);
                l.spinUnlock("in_irq", NF);
            }));
            Cpu.irqPoint();
            l.spinLock("irqs_on", NF);
            l.spinUnlock("irqs_on", NF);
        });
        List<LockdepReport> r = m.lockdep().reports();
        assertEquals(1, r.size(), r.toString());
        assertEquals(ReportKind.INCONSISTENT_IRQ_USE, r.get(0).kind());
        assertEquals(List.of("driver"), r.get(0).lockClasses());
        LockUsage inIrq = r.get(0).usages().get(0);
        LockUsage on = r.get(0).usages().get(1);
        assertEquals(CpuContext.IRQ, inIrq.context());
        assertEquals("in_irq", inIrq.site());
        assertEquals(CpuContext.PROC, on.context());
        assertTrue(on.irqsEnabled());
        assertEquals("irqs_on", on.site());
    }

    @Test
    void enablingIrqsWhileHoldingAnIrqSafeClassIsInconsistent() {
        Machine m = new Machine();
        SpinLock fence = m.newSpinLock("fence", "fence->lock");
        SpinLock drv = m.newSpinLock("driver", "drv->lock");
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            boolean flags = fence.spinLockIrqsave("outer", NF);
            drv.spinLockIrq("inner", NF);
            drv.spinUnlockIrq("inner", NF);
            fence.spinUnlockIrqrestore(flags, "outer", NF);
        });
        m.cpu(1).run(() -> {
            m.cpu(1).raiseIrq(new Irq("h", () -> {
                fence.spinLock("in_irq", NF);
                fence.spinUnlock("in_irq", NF);
            }));
            Cpu.irqPoint();
        });
        List<LockdepReport> r = m.lockdep().reports(ReportKind.INCONSISTENT_IRQ_USE);
        assertEquals(1, r.size(), m.lockdep().reports().toString());
        assertEquals(List.of("fence"), r.get(0).lockClasses());
        assertEquals("inner", r.get(0).usages().get(1).site());
    }

    @Test
    void aDisabledValidatorReportsNothing() {
        Machine m = new Machine();
        m.lockdep().setEnabled(false);
        SpinLock l = m.newSpinLock("driver", "drv->lock");
        Cpu cpu = m.cpu(0);
        cpu.run(() -> {
            cpu.raiseIrq(new Irq("h", () -> {
                l.spinLock("in_irq", NF);
                l.spinUnlock("in_irq", NF);
            }));
            Cpu.irqPoint();
            l.spinLock("irqs_on", NF);
            l.spinUnlock("irqs_on", NF);
        });
        assertEquals(List.of(), m.lockdep().reports());
    }
}
