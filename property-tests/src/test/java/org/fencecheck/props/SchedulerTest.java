package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.model.SpecState;
import org.fencecheck.props.sched.Move;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.Session;
import org.fencecheck.props.sut.ImplSut;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.DeadlockException;
import org.fencecheck.sim.SelfDeadlockException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Priority 1: the baton scheduler. A run is fully determined by its generated data (programs + choice list):
 * the same data gives the same trace, interrupts can be placed at every step boundary where the CPU has IRQs on,
 * sleeping, waking, timeouts and contended spinning are all driven by the scheduler, and a failing schedule
 * shrinks to a minimal one, the same for the same seed.
 */
class SchedulerTest {

    private static final Gen<SpecConfig> CONFIGS = org.quicktheories.generators.Generate.pick(allConfigs(true));

    static List<SpecConfig> allConfigs(boolean timeouts) {
        List<SpecConfig> out = new ArrayList<>();
        for (LockingPolicy p : LockingPolicy.values()) {
            for (DriverLocking d : DriverLocking.values()) {
                for (boolean sig : new boolean[] {false, true}) {
                    SpecConfig c = SpecConfig.of(p, d, sig);
                    out.add(timeouts ? c.withBounds(2, 2, c.cbs(), c.ops(), 3, true) : c);
                }
            }
        }
        return out;
    }

    @Test
    void theSameDataGivesTheSameRun() {
        Coverage cov = new Coverage();
        Gen<Runner.Scenario> gen = CONFIGS.flatMap(Gens::scenarios);
        qt().withFixedSeed(PropertyCheck.seed()).withExamples(PropertyCheck.examples(150)).forAll(gen)
                .checkAssert(sc -> {
                    Runner.Result a = Runner.run(sc, Runner.Options.defaults().withStopAtViolation(false));
                    Runner.Result b = Runner.run(sc, Runner.Options.defaults().withStopAtViolation(false));
                    cov.add(a);
                    assertEquals(a.trace(), b.trace(), "two runs of " + sc);
                    assertFalse(a.outcome() == Runner.Outcome.FAILED || a.outcome() == Runner.Outcome.DIVERGED,
                            a.trace());
                });
        System.out.println(cov.report("SchedulerTest.theSameDataGivesTheSameRun (every run twice)"));
        assertTrue(cov.actionsSeen().containsAll(Set.of("IrqEnter", "WaitSchedule", "WaitCheck", "SpinLock",
                "IrqNextFence", "HwComplete")), cov.actionsSeen().toString());
    }

    /** An interrupt can be delivered at every step boundary of a call where the CPU has IRQs on. */
    @Test
    void interruptsAtEveryStepBoundary() {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false);
        Set<String> pcs = new TreeSet<>();
        for (int k = 0; ; k++) {
            try (Session s = new Session(new ImplSut(cfg), true)) {
                // c2 enables fence 1 (arms the interrupt); the hardware passes fence 1: the line is up.
                s.submit(1, new Op("enable", 1, "none"));
                s.submit(0, new Op("add", 2, "cb1"));
                s.settle();
                while (s.view(1) != Session.View.IDLE) {
                    s.perform(Move.step(1));
                }
                s.perform(Move.HW);
                assertTrue(s.abs().irqLine);
                for (int i = 0; i < k && s.view(0) == Session.View.AT_STEP; i++) {
                    s.perform(Move.step(0));
                }
                if (s.view(0) != Session.View.AT_STEP) {
                    break;
                }
                String pc = s.abs().fr[0][SpecState.PROC].pc();
                if (s.enabled().contains(Move.irq(0))) {
                    Observer.Tick t = s.perform(Move.irq(0));
                    assertEquals(List.of("IrqEnter"), t.labels(), t.describe());
                    assertEquals(SpecState.IRQ, t.state().ctx[0]);
                    pcs.add(pc);
                } else {
                    assertFalse(s.abs().irqOn[0], "IRQ refused at " + pc + " although IRQs are on");
                }
            }
        }
        // reworked + irqsave: IRQs are on everywhere except under the driver lock and the fence lock
        assertEquals(new TreeSet<>(Set.of("idle", "add_fast", "en_tas", "drv_call", "drv_lock", "add_lock")), pcs);
    }

    /** A waiter sleeps; the signal from the interrupt handler on the other CPU wakes it. */
    @Test
    void sleepAndWake() {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false);
        try (Session s = new Session(new ImplSut(cfg), true)) {
            s.submit(0, new Op("wait", 1, "none"));
            s.settle();
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertEquals(Session.View.SLEEPING, s.view(0));
            assertEquals("w_sched", s.abs().fr[0][SpecState.PROC].pc());
            assertEquals("<<<<\"c1\">>, <<>>>>", org.fencecheck.props.model.Abs.of(s.abs()).get("cbList"));
            assertFalse(s.enabled().contains(Move.step(0)));
            s.perform(Move.HW);
            s.perform(Move.irq(1));
            List<String> labels = new ArrayList<>();
            while (s.view(1) == Session.View.AT_STEP) {
                labels.addAll(s.perform(Move.step(1)).labels());
            }
            assertTrue(labels.contains("SignalRunCallback"), labels.toString());
            assertTrue(s.abs().woken[0]);
            assertEquals(Session.View.AT_STEP, s.view(0));
            assertEquals(Action.WAIT_SCHEDULE, s.pendingStep(0).action());
            assertEquals("schedule_timeout(): woken", s.pendingStep(0).act());
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertTrue(Long.parseLong(s.results(0).get(0)) > 0, "a woken wait returns the jiffies left");
        }
    }

    /** A sleeping interruptible waiter ends by the scheduler's timeout move, as the spec's timed-out wait. */
    @Test
    void timeout() {
        SpecConfig c0 = SpecConfig.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false);
        SpecConfig cfg = c0.withBounds(2, 2, c0.cbs(), c0.ops(), 3, true);
        Runner.Scenario sc = new Runner.Scenario(cfg, List.of(List.of(new Op("wait", 2, "none")), List.of()),
                List.of());
        try (Session s = new Session(new ImplSut(cfg), true)) {
            s.submit(0, sc.programs().get(0).get(0));
            s.settle();
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertEquals(Session.View.SLEEPING, s.view(0));
            Observer.Tick t = s.perform(Move.timeout(0));
            assertEquals(List.of("WaitSchedule"), t.labels());
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertEquals(Session.View.IDLE, s.view(0));
            assertEquals("-512", s.results(0).get(0), "the stand-in for a timeout is -ERESTARTSYS");
            assertEquals("<<<<>>, <<>>>>", org.fencecheck.props.model.Abs.of(s.abs()).get("cbList"));
        }
    }

    /** Contention: a CPU granted an acquisition of a held lock parks at LOCK_CONTENDED and goes on when free. */
    @Test
    void contendedAcquisition() {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false);
        try (Session s = new Session(new ImplSut(cfg), true)) {
            s.submit(0, new Op("status", 1, "none"));
            s.submit(1, new Op("status", 2, "none"));
            s.settle();
            s.perform(Move.step(0)); // Call
            s.perform(Move.step(0)); // SpinLock: c1 holds fence->lock
            s.perform(Move.step(1)); // Call
            Observer.Tick t = s.perform(Move.step(1)); // tries, finds it held
            assertTrue(t.labels().isEmpty(), "a contended attempt is a stutter");
            assertEquals(Action.LOCK_CONTENDED, s.pendingStep(1).action());
            assertTrue(s.abs().irqOn[1], "while spinning the CPU counts as before its irqsave, as in the spec");
            assertFalse(s.enabled().contains(Move.step(1)), "no progress while the lock is held");
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            Observer.Tick got = s.perform(Move.step(1));
            assertEquals(List.of("SpinLock"), got.labels());
            assertEquals(1, got.state().ownerCpu[SpecState.FENCE]);
        }
    }

    /** A failing schedule shrinks to a minimal one, identically for the same seed. */
    @Test
    void shrinksToAMinimalSchedule() {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.IRQSAVE, false);
        PropertyCheck.Verdict v1 = PropertyCheck.check(cfg, "NoCrossCpuDeadlock", 1000, PropertyCheck.seed(),
                Runner.Options.defaults(), "impl", null);
        PropertyCheck.Verdict v2 = PropertyCheck.check(cfg, "NoCrossCpuDeadlock", 1000, PropertyCheck.seed(),
                Runner.Options.defaults(), "impl-again", null);
        System.out.println(v1.report());
        assertTrue(v1.violated());
        assertEquals(v1.minimal().toString(), v2.minimal().toString());
        assertEquals(v1.trace().trace(), v2.trace().trace());
        // the ABBA needs two calls: one that arms the interrupt, one that is inside ->enable_signaling under
        // fence->lock (legacy) when the interrupt handler on the other CPU holds drv->lock
        assertEquals(2, v1.minimal().calls(), v1.report());
        assertEquals(Runner.Outcome.VIOLATION, v1.trace().outcome());
        assertEquals(List.of("NoCrossCpuDeadlock"), v1.trace().violated().stream()
                .filter("NoCrossCpuDeadlock"::equals).toList());
        assertTrue(v1.minimal().choices().size() <= 12, v1.report());
    }

    /** Letting stuck CPUs really spin: the implementation's own detectors name the same lockups. */
    @Test
    void implementationDetectsTheLockupsItWasLedInto() {
        // legacy + irq: spin_unlock_irq(drv->lock) re-enables IRQs under fence->lock; the interrupt then spins
        SpecConfig selfCfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.IRQ, false);
        PropertyCheck.Verdict self = PropertyCheck.check(selfCfg, "NoSelfDeadlock", 1000, PropertyCheck.seed(),
                Runner.Options.defaults(), "impl", null);
        assertTrue(self.violated(), self.report());
        Throwable[] died = probe(self.minimal());
        assertTrue(java.util.Arrays.stream(died).anyMatch(SelfDeadlockException.class::isInstance),
                java.util.Arrays.toString(died) + "\n" + self.report());

        SpecConfig abbaCfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.PLAIN, false);
        PropertyCheck.Verdict abba = PropertyCheck.check(abbaCfg, "NoCrossCpuDeadlock", 1000, PropertyCheck.seed(),
                Runner.Options.defaults(), "impl", null);
        assertTrue(abba.violated(), abba.report());
        Throwable[] both = probe(abba.minimal());
        assertInstanceOf(DeadlockException.class, both[0], abba.report());
        assertInstanceOf(DeadlockException.class, both[1], abba.report());
    }

    static Throwable firstNonNull(Throwable[] ts) {
        for (Throwable t : ts) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** Replays a scenario up to its end (stuck), then lets the spinning CPUs spin. */
    private static Throwable[] probe(Runner.Scenario sc) {
        try (Session s = new Session(new ImplSut(sc.cfg()), true)) {
            for (int c = 0; c < sc.programs().size(); c++) {
                for (Op op : sc.programs().get(c)) {
                    s.submit(c, op);
                }
            }
            s.settle();
            int[] cursor = new int[3];
            for (int n = 0; ; n++) {
                Move m = Runner.nextMove(s, sc, cursor, n);
                if (m == null) {
                    break;
                }
                s.perform(m);
            }
            return s.probeLockups();
        }
    }
}
