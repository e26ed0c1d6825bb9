package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.sched.Move;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.Session;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.DeadlockException;
import org.fencecheck.sim.SelfDeadlockException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The baton scheduler: a run is fully determined by its generated data (programs + choice list), interrupts can
 * be placed at every step boundary where the CPU has IRQs on, sleeping, waking and timeouts are driven by the
 * scheduler, a step on a held lock is never offered, and when a run is led into a lockup, impl's own detectors
 * name it once the stuck CPUs really spin.
 */
class SchedulerTest {

    @Test
    void theSameDataGivesTheSameRun() {
        List<SpecConfig> cfgs = new ArrayList<>(TraceValidationTest.allConfigs(true));
        Coverage cov = new Coverage();
        Gen<Runner.Scenario> gen = org.quicktheories.generators.Generate.pick(cfgs).flatMap(Gens::scenarios);
        qt().withFixedSeed(Gens.seed()).withExamples(Gens.examples(100)).forAll(gen).checkAssert(sc -> {
            Runner.Result a = Runner.run(sc);
            Runner.Result b = Runner.run(sc);
            cov.add(a);
            assertEquals(a.trace(), b.trace(), "two runs of " + sc);
            assertFalse(a.outcome() == Runner.Outcome.FAILED, a.trace());
        });
        System.out.println(cov.report("SchedulerTest.theSameDataGivesTheSameRun (every run twice)"));
        assertTrue(cov.actionsSeen().containsAll(Set.of("IrqEnter", "WaitSchedule", "WaitCheck", "SpinLock",
                "IrqNextFence", "HwComplete")), cov.actionsSeen().toString());
    }

    /** An interrupt can be delivered at every step boundary of a call where the CPU has IRQs on. */
    @Test
    void interruptsAtEveryStepBoundary() {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false);
        Set<String> at = new TreeSet<>();
        for (int k = 0; ; k++) {
            try (Session s = new Session(cfg)) {
                // c2 enables fence 1 (arms the interrupt); the hardware passes fence 1: the line is up
                s.submit(1, new Op("enable", 1, "none"));
                s.submit(0, new Op("add", 2, "cb1"));
                s.settle();
                while (s.view(1) != Session.View.IDLE) {
                    s.perform(Move.step(1));
                }
                s.perform(Move.HW);
                assertEquals("TRUE", s.abs().get("irqLine"));
                for (int i = 0; i < k && s.view(0) == Session.View.AT_STEP; i++) {
                    s.perform(Move.step(0));
                }
                if (s.view(0) != Session.View.AT_STEP) {
                    break;
                }
                String where = s.pendingStep(0).action() + " " + s.pendingStep(0).fn();
                if (s.enabled().contains(Move.irq(0))) {
                    Observer.Tick t = s.perform(Move.irq(0));
                    assertEquals("IrqEnter", t.labels().get(0), t.describe());
                    at.add(where);
                } else {
                    assertTrue(s.abs().get("irqOn").contains("c1 |-> FALSE"), "IRQ refused at " + where);
                }
            }
        }
        // reworked + irqsave: IRQs are on everywhere except under the driver lock and the fence lock
        assertEquals(new TreeSet<>(Set.of("CALL dma_fence_add_callback", "ADD_FAST_PATH dma_fence_add_callback",
                "ENABLE_TEST_AND_SET __dma_fence_enable_signaling", "DRIVER_ENTER __dma_fence_enable_signaling",
                "LOCK_ACQUIRE drv->enable_signaling", "LOCK_ACQUIRE dma_fence_add_callback")), at);
    }

    /** A waiter sleeps; the signal from the interrupt handler on the other CPU wakes it. */
    @Test
    void sleepAndWake() {
        try (Session s = new Session(SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false))) {
            s.submit(0, new Op("wait", 1, "none"));
            s.settle();
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertEquals(Session.View.SLEEPING, s.view(0));
            assertEquals("<<<<\"c1\">>, <<>>>>", s.abs().get("cbList"));
            assertFalse(s.enabled().contains(Move.step(0)));
            s.perform(Move.HW);
            s.perform(Move.irq(1));
            List<String> labels = new ArrayList<>();
            while (s.view(1) == Session.View.AT_STEP) {
                labels.addAll(s.perform(Move.step(1)).labels());
            }
            assertTrue(labels.contains("SignalRunCallback"), labels.toString());
            assertTrue(s.abs().get("woken").contains("c1 |-> TRUE"));
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
        try (Session s = new Session(c0.withBounds(2, 2, c0.cbs(), c0.ops(), 3, true))) {
            s.submit(0, new Op("wait", 2, "none"));
            s.settle();
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertEquals(Session.View.SLEEPING, s.view(0));
            assertEquals(List.of("WaitSchedule"), s.perform(Move.timeout(0)).labels());
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            assertEquals(Session.View.IDLE, s.view(0));
            assertEquals("-512", s.results(0).get(0), "the stand-in for a timeout is -ERESTARTSYS");
            assertEquals("<<<<>>, <<>>>>", s.abs().get("cbList"));
        }
    }

    /** A step on a lock another CPU holds is not offered (the spec's SpinLock is disabled), and is once free. */
    @Test
    void aStepOnAHeldLockWaitsForItsRelease() {
        try (Session s = new Session(SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false))) {
            s.submit(0, new Op("status", 1, "none"));
            s.submit(1, new Op("status", 2, "none"));
            s.settle();
            s.perform(Move.step(0)); // Call
            assertEquals(List.of("SpinLock"), s.perform(Move.step(0)).labels());
            s.perform(Move.step(1)); // Call
            assertEquals(Action.LOCK_ACQUIRE, s.pendingStep(1).action());
            assertFalse(s.enabled().contains(Move.step(1)), "no step on a held lock");
            while (s.view(0) == Session.View.AT_STEP) {
                s.perform(Move.step(0));
            }
            Observer.Tick got = s.perform(Move.step(1));
            assertEquals(List.of("SpinLock"), got.labels());
            assertTrue(got.state().get("owner").startsWith("[fence |-> [cpu |-> \"c2\""), got.state().get("owner"));
        }
    }

    /** Runs CPU c while {@code until} is false and it can step. */
    private static void stepUntil(Session s, int c, Predicate<Session> until) {
        while (!until.test(s) && s.enabled().contains(Move.step(c))) {
            s.perform(Move.step(c));
        }
    }

    /**
     * Led into the spec's lockups, impl's own detectors name them once the stuck CPUs spin: legacy + irq
     * ({@code spin_unlock_irq(drv->lock)} re-enables IRQs under fence->lock, the interrupt spins on it: same CPU)
     * and legacy + plain (the handler on c1 holds drv->lock and spins on fence->lock, which c2 holds while it
     * spins on drv->lock: ABBA).
     */
    @Test
    void implementationDetectsTheLockupsItWasLedInto() {
        try (Session s = new Session(SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.IRQ, false))) {
            s.submit(0, new Op("enable", 1, "none"));
            s.settle();
            stepUntil(s, 0, x -> x.abs().get("irqArmed").equals("TRUE") && x.abs().get("irqOn")
                    .contains("c1 |-> TRUE") && x.abs().get("owner").startsWith("[fence |-> [cpu |-> \"c1\""));
            s.perform(Move.HW);
            s.perform(Move.irq(0));
            stepUntil(s, 0, x -> false);
            Throwable[] died = s.probeLockups();
            assertInstanceOf(SelfDeadlockException.class, died[0], java.util.Arrays.toString(died));
        }
        try (Session s = new Session(SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.PLAIN, false))) {
            s.submit(0, new Op("enable", 1, "none"));
            s.submit(1, new Op("enable", 2, "none"));
            s.settle();
            stepUntil(s, 0, x -> x.view(0) == Session.View.IDLE);
            s.perform(Move.HW);
            stepUntil(s, 1, x -> x.pendingStep(1) != null && x.pendingStep(1).action() == Action.LOCK_ACQUIRE
                    && x.pendingStep(1).fn().equals("drv->enable_signaling"));
            s.perform(Move.irq(0));
            stepUntil(s, 0, x -> false);
            Throwable[] both = s.probeLockups();
            assertInstanceOf(DeadlockException.class, both[0], java.util.Arrays.toString(both));
            assertInstanceOf(DeadlockException.class, both[1], java.util.Arrays.toString(both));
        }
    }
}
