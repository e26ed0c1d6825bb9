package org.fencecheck.driver;

import static org.fencecheck.driver.DriverLocking.IRQ;
import static org.fencecheck.driver.DriverLocking.IRQSAVE;
import static org.fencecheck.driver.DriverLocking.NONE;
import static org.fencecheck.driver.DriverLocking.PLAIN;
import static org.fencecheck.fence.LockingPolicy.LEGACY;
import static org.fencecheck.fence.LockingPolicy.REWORKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.DeadlockException;
import org.fencecheck.sim.LockupException;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Script;
import org.fencecheck.sim.SelfDeadlockException;
import org.fencecheck.sim.WaitEdge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deadlock table: for each design x driver locking, three deterministic schedules of two simulated CPUs on a
 * timeline of two fences (fence 1 already enabled, so the completion interrupt is armed; CPU 0 then adds a
 * callback to fence 2):
 * <ul>
 * <li>cross: while CPU 0 has entered {@code ->enable_signaling} of fence 2, the hardware passes fence 1 and CPU 1
 * takes the interrupt; CPU 0 resumes once CPU 1's handler spins or returns;</li>
 * <li>self: while CPU 0 is at the driver's arm/read step of fence 2 (holding the driver lock, if any), the
 * hardware passes fence 1 and interrupts CPU 0 itself;</li>
 * <li>calm: the same calls one after another, the interrupt on CPU 1 only after CPU 0 returned: no deadlock can
 * happen, and the validator must still report the cause of every deadlock the design allows.</li>
 * </ul>
 * Design/driver pairs that cannot deadlock must produce no deadlock-cause report in any schedule.
 */
class DeadlockTableTest {

    enum Outcome { NO_DEADLOCK, CROSS_CPU_DEADLOCK, SELF_DEADLOCK }

    private static final Outcome OK = Outcome.NO_DEADLOCK;
    private static final Outcome ABBA = Outcome.CROSS_CPU_DEADLOCK;
    private static final Outcome SELF = Outcome.SELF_DEADLOCK;

    private static final String CYCLE = "LOCK_ORDER_CYCLE driver+fence";
    private static final String IRQ_FENCE = "INCONSISTENT_IRQ_USE fence";
    private static final String IRQ_DRIVER = "INCONSISTENT_IRQ_USE driver";

    /** The table: design, driver lock, cross schedule, self schedule, deadlock causes lockdep reports. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(LEGACY, NONE, OK, OK, Set.of()),
                Arguments.of(LEGACY, IRQSAVE, ABBA, OK, Set.of(CYCLE)),
                Arguments.of(LEGACY, PLAIN, ABBA, OK, Set.of(CYCLE)),
                Arguments.of(LEGACY, IRQ, ABBA, SELF, Set.of(CYCLE, IRQ_FENCE)),
                Arguments.of(REWORKED, NONE, OK, OK, Set.of()),
                Arguments.of(REWORKED, IRQSAVE, OK, OK, Set.of()),
                Arguments.of(REWORKED, PLAIN, OK, SELF, Set.of(IRQ_DRIVER)),
                Arguments.of(REWORKED, IRQ, OK, OK, Set.of()));
    }

    /**
     * The table above must be TLC's: for each pair, the matrix configuration of the spec without
     * {@code ->signaled} ({@code spec/manifest.json}, model {@code <design>_<driver>}) expects
     * NoCrossCpuDeadlock / NoSelfDeadlock violated exactly where the table has a cross-CPU / self deadlock.
     */
    @ParameterizedTest(name = "{0} + {1} agrees with the spec's manifest")
    @MethodSource("table")
    void tableMatchesTheSpecsVerdicts(LockingPolicy policy, DriverLocking locking, Outcome cross, Outcome self,
                                      Set<String> causes) throws Exception {
        java.nio.file.Path manifest = java.nio.file.Paths.get(
                System.getProperty("fencecheck.spec.dir", "../spec"), "manifest.json");
        String text = java.nio.file.Files.readString(manifest);
        String model = policy.name().toLowerCase() + "_" + locking.name().toLowerCase();
        int at = text.indexOf("\"name\": \"" + model + "\"");
        assertTrue(at >= 0, "no model " + model + " in " + manifest);
        String entry = text.substring(at, text.indexOf("}", text.indexOf("\"expect\"", at)));
        assertEquals(cross == ABBA, entry.contains("\"NoCrossCpuDeadlock\": \"violated\""),
                model + ": NoCrossCpuDeadlock");
        assertEquals(self == SELF, entry.contains("\"NoSelfDeadlock\": \"violated\""), model + ": NoSelfDeadlock");
    }

    @ParameterizedTest(name = "{0} + {1}: cross={2} self={3} causes={4}")
    @MethodSource("table")
    void deadlockTable(LockingPolicy policy, DriverLocking locking, Outcome cross, Outcome self,
                       Set<String> causes) throws Exception {
        Run crossRun = crossSchedule(policy, locking);
        Run selfRun = selfSchedule(policy, locking);
        Run calmRun = calmSchedule(policy, locking);

        assertEquals(cross, crossRun.outcome, "cross schedule: " + crossRun);
        assertEquals(self, selfRun.outcome, "self schedule: " + selfRun);
        assertEquals(OK, calmRun.outcome, "calm schedule: " + calmRun);
        assertEquals(causes, calmRun.causes, "validator on the calm run: " + calmRun.reports);
        for (Run r : List.of(crossRun, selfRun)) {
            if (r.outcome == OK) {
                assertTrue(causes.containsAll(r.causes), "unexpected report: " + r.reports);
            } else {
                assertFalse(r.causes.isEmpty(), "deadlock without a validator report: " + r);
            }
        }
        for (Run r : List.of(crossRun, selfRun, calmRun)) {
            boolean underLock = r.reports.stream()
                    .anyMatch(x -> x.kind() == ReportKind.DRIVER_OP_UNDER_FENCE_LOCK
                            && x.detail().equals("enable_signaling"));
            assertEquals(policy == LEGACY, underLock, "driver op under fence lock: " + r.reports);
        }
        if (cross == ABBA) {
            assertAbba(crossRun);
        }
        if (self == SELF) {
            assertSelf(policy, selfRun);
        }
    }

    private static void assertAbba(Run r) {
        for (LockupException e : r.lockups) {
            assertInstanceOf(DeadlockException.class, e);
            assertEquals(2, e.edges().size(), e.getMessage());
        }
        assertEquals(2, r.lockups.size(), "both CPUs report the cycle");
        WaitEdge cpu0 = edgeOf(r.lockups.get(0), 0);
        assertEquals("drv->lock", cpu0.lockName());
        assertEquals(DriverTimeline.FN_DRV_ENABLE, cpu0.site());
        assertEquals(1, cpu0.ownerCpu());
        assertEquals(CpuContext.IRQ, cpu0.ownerContext());
        assertEquals(DriverTimeline.IRQ_HANDLER, cpu0.ownerSite());
        WaitEdge cpu1 = edgeOf(r.lockups.get(0), 1);
        assertEquals("fence->lock", cpu1.lockName());
        assertEquals(CpuContext.IRQ, cpu1.context());
        assertEquals("dma_fence_signal", cpu1.site());
        assertEquals(0, cpu1.ownerCpu());
        assertEquals("dma_fence_add_callback", cpu1.ownerSite());
    }

    private static void assertSelf(LockingPolicy policy, Run r) {
        assertEquals(1, r.lockups.size());
        SelfDeadlockException e = assertInstanceOf(SelfDeadlockException.class, r.lockups.get(0));
        WaitEdge edge = e.edge();
        assertEquals(0, edge.cpu());
        assertEquals(0, edge.ownerCpu());
        assertEquals(CpuContext.IRQ, edge.context());
        assertEquals(CpuContext.PROC, edge.ownerContext());
        if (policy == LEGACY) {
            assertEquals("fence->lock", edge.lockName());
            assertEquals("dma_fence_signal", edge.site());
            assertEquals("dma_fence_add_callback", edge.ownerSite());
        } else {
            assertEquals("drv->lock", edge.lockName());
            assertEquals(DriverTimeline.IRQ_HANDLER, edge.site());
            assertEquals(DriverTimeline.FN_DRV_ENABLE, edge.ownerSite());
        }
    }

    private static WaitEdge edgeOf(LockupException e, int cpu) {
        return e.edges().stream().filter(x -> x.cpu() == cpu).findFirst().orElseThrow();
    }

    /** One run's result. */
    static final class Run {
        Outcome outcome = OK;
        final List<LockupException> lockups = new ArrayList<>();
        List<LockdepReport> reports = List.of();
        Set<String> causes = Set.of();

        @Override
        public String toString() {
            return outcome + " " + lockups + " " + reports;
        }
    }

    private static final class Setup implements AutoCloseable {
        final Machine m = new Machine();
        final DriverTimeline tl;
        final CpuExecutor c0;
        final CpuExecutor c1;
        final DmaFence f1;
        final DmaFence f2;
        final AtomicBoolean cbRan = new AtomicBoolean();
        final FenceCallback cb = FenceCallback.named("cb1", f -> cbRan.set(true));

        Setup(LockingPolicy policy, DriverLocking locking) throws Exception {
            m.setSpinWatchdog(Duration.ofSeconds(10));
            tl = new DriverTimeline(m, policy, locking, false);
            c0 = new CpuExecutor(m.cpu(0));
            c1 = new CpuExecutor(m.cpu(1));
            f1 = tl.emit();
            f2 = tl.emit();
            c0.run(f1::enableSwSignaling).get();
        }

        Run finish(List<Future<?>> futures) throws Exception {
            Run r = new Run();
            for (Future<?> f : futures) {
                try {
                    f.get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof LockupException le)) {
                        throw new AssertionError(e.getCause());
                    }
                    r.lockups.add(le);
                }
            }
            if (r.lockups.stream().anyMatch(e -> e instanceof DeadlockException)) {
                r.outcome = ABBA;
            } else if (r.lockups.stream().anyMatch(e -> e instanceof SelfDeadlockException)) {
                r.outcome = SELF;
            } else if (!r.lockups.isEmpty()) {
                throw new AssertionError(r.lockups.get(0));
            }
            r.reports = m.lockdep().reports();
            Set<String> causes = new TreeSet<>();
            for (LockdepReport x : r.reports) {
                if (x.kind().isDeadlockCause()) {
                    causes.add(x.kind() + " " + String.join("+", new TreeSet<>(x.lockClasses())));
                }
            }
            r.causes = causes;
            return r;
        }

        @Override
        public void close() throws Exception {
            c0.close();
            c1.close();
        }
    }

    static Run crossSchedule(LockingPolicy policy, DriverLocking locking) throws Exception {
        try (Setup s = new Setup(policy, locking)) {
            s.tl.setIrqCpu(s.m.cpu(1));
            CountDownLatch cpu1Spins = new CountDownLatch(1);
            AtomicReference<Future<?>> irq = new AtomicReference<>();
            Script script = new Script()
                    .on(st -> st.action() == Action.LOCK_CONTENDED && st.cpu() == 1, st -> cpu1Spins.countDown())
                    .on(Script.step(Action.DRIVER_ENTER, 0, 2), st -> {
                        s.tl.hwComplete();
                        Future<?> handler = s.c1.run(Cpu::irqPoint);
                        irq.set(handler);
                        awaitSpinOrDone(cpu1Spins, handler);
                    });
            s.m.setStepListener(script);
            Future<?> add = s.c0.submit(() -> s.f2.addCallback(s.cb));
            try {
                add.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // collected by finish()
            }
            Run r = s.finish(List.of(add, irq.get()));
            if (r.outcome == OK) {
                assertTrue(s.f1.testSignaledFlag(), "the interrupt signaled fence 1");
                assertFalse(s.f2.testSignaledFlag());
            }
            return r;
        }
    }

    private static void awaitSpinOrDone(CountDownLatch spins, Future<?> handler) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (!spins.await(5, TimeUnit.MILLISECONDS) && !handler.isDone()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("cpu1 neither spun nor returned");
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    static Run selfSchedule(LockingPolicy policy, DriverLocking locking) throws Exception {
        try (Setup s = new Setup(policy, locking)) {
            s.tl.setIrqCpu(s.m.cpu(0));
            s.m.setStepListener(new Script().on(Script.step(Action.DRIVER_ARM, 0, 2), st -> s.tl.hwComplete()));
            Future<?> add = s.c0.submit(() -> s.f2.addCallback(s.cb));
            Run r = s.finish(List.of(add));
            if (r.outcome == OK) {
                assertTrue(s.f1.testSignaledFlag(), "the interrupt signaled fence 1");
            }
            return r;
        }
    }

    static Run calmSchedule(LockingPolicy policy, DriverLocking locking) throws Exception {
        try (Setup s = new Setup(policy, locking)) {
            s.tl.setIrqCpu(s.m.cpu(1));
            Future<?> add = s.c0.submit(() -> s.f2.addCallback(s.cb));
            add.get(20, TimeUnit.SECONDS);
            Future<?> irq1 = s.c1.run(s.tl::hwComplete);
            irq1.get(20, TimeUnit.SECONDS);
            Future<?> irq2 = s.c1.run(s.tl::hwComplete);
            Run r = s.finish(List.of(add, irq1, irq2));
            assertTrue(s.f1.testSignaledFlag());
            assertTrue(s.f2.testSignaledFlag());
            assertTrue(s.cbRan.get(), "callback ran");
            return r;
        }
    }
}
