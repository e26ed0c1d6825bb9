package org.fencecheck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The simulated RCU: nesting, and grace periods that wait for pre-existing readers only. */
class RcuTest {

    @Test
    void nestedSectionsCountAsTheOutermost() {
        Machine m = new Machine();
        Rcu rcu = m.rcu();
        m.cpu(0).run(() -> {
            rcu.readLock("t", Step.NO_FENCE);
            rcu.readLock("t", Step.NO_FENCE);
            rcu.readUnlock("t", Step.NO_FENCE);
            assertTrue(rcu.readLockHeld());
            assertEquals(List.of(0), rcu.readersNow());
            rcu.readUnlock("t", Step.NO_FENCE);
            assertFalse(rcu.readLockHeld());
            assertEquals(List.of(), rcu.readersNow());
            rcu.readUnlock("t", Step.NO_FENCE);
            assertTrue(m.warnings().get(0).toString().contains(Rcu.BAD_UNLOCK_BALANCE), m.warnings().toString());
            rcu.readLock("t", Step.NO_FENCE);
            assertFalse(rcu.readLockHeld(), "after a bad unlock balance the next section is invisible");
        });
    }

    @Test
    void synchronizeInsideOwnSectionIsABug() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            m.rcu().readLock("t", Step.NO_FENCE);
            assertThrows(IllegalStateException.class, () -> m.rcu().synchronizeRcu("t"));
            m.rcu().readUnlock("t", Step.NO_FENCE);
            m.rcu().synchronizeRcu("t");
        });
    }

    /**
     * A grace period waits for the section open when it started (cpu0's), and not for one that starts while it
     * waits (cpu1's, which stays open until after the grace period ended).
     */
    @Test
    void synchronizeWaitsForPreExistingReadersOnly() throws Exception {
        Machine m = new Machine();
        Rcu rcu = m.rcu();
        CountDownLatch oldIn = new CountDownLatch(1);
        CountDownLatch oldOut = new CountDownLatch(1);
        CountDownLatch lateIn = new CountDownLatch(1);
        CountDownLatch lateOut = new CountDownLatch(1);
        try (CpuExecutor old = new CpuExecutor(m.cpu(0)); CpuExecutor late = new CpuExecutor(m.cpu(1));
             CpuExecutor updater = new CpuExecutor(m.cpu(2))) {
            Future<?> oldReader = old.run(() -> {
                rcu.readLock("old", Step.NO_FENCE);
                oldIn.countDown();
                await(oldOut);
                rcu.readUnlock("old", Step.NO_FENCE);
            });
            assertTrue(oldIn.await(5, TimeUnit.SECONDS));
            Future<?> gp = updater.run(() -> rcu.synchronizeRcu("updater"));
            assertThrows(TimeoutException.class, () -> gp.get(200, TimeUnit.MILLISECONDS),
                    "the grace period must wait for cpu0's section");
            Future<?> lateReader = late.run(() -> {
                rcu.readLock("late", Step.NO_FENCE);
                lateIn.countDown();
                await(lateOut);
                rcu.readUnlock("late", Step.NO_FENCE);
            });
            assertTrue(lateIn.await(5, TimeUnit.SECONDS));
            oldOut.countDown();
            oldReader.get(5, TimeUnit.SECONDS);
            gp.get(5, TimeUnit.SECONDS);
            assertEquals(List.of(1), rcu.readersNow(), "cpu1's late section is still open after the grace period");
            lateOut.countDown();
            lateReader.get(5, TimeUnit.SECONDS);
        }
    }

    /** A section that ends and a new one that starts on the same CPU is not the section the grace period saw. */
    @Test
    void aNewSectionOnTheSameCpuIsNotWaitedFor() throws Exception {
        Machine m = new Machine();
        Rcu rcu = m.rcu();
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch reenter = new CountDownLatch(1);
        CountDownLatch reentered = new CountDownLatch(1);
        CountDownLatch out = new CountDownLatch(1);
        try (CpuExecutor reader = new CpuExecutor(m.cpu(0)); CpuExecutor updater = new CpuExecutor(m.cpu(1))) {
            Future<?> r = reader.run(() -> {
                rcu.readLock("r", Step.NO_FENCE);
                in.countDown();
                await(reenter);
                rcu.readUnlock("r", Step.NO_FENCE);
                rcu.readLock("r", Step.NO_FENCE);
                reentered.countDown();
                await(out);
                rcu.readUnlock("r", Step.NO_FENCE);
            });
            assertTrue(in.await(5, TimeUnit.SECONDS));
            Future<?> gp = updater.run(() -> rcu.synchronizeRcu("updater"));
            assertThrows(TimeoutException.class, () -> gp.get(100, TimeUnit.MILLISECONDS));
            reenter.countDown();
            assertTrue(reentered.await(5, TimeUnit.SECONDS));
            gp.get(5, TimeUnit.SECONDS);
            out.countDown();
            r.get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * synchronize_rcu() with no reader is two steps of the updater: the scan that finds no section to wait for,
     * and the end of the grace period.
     */
    @Test
    void aGracePeriodWithNoReaderWaitsForNoOne() {
        Machine m = new Machine();
        List<String> acts = new ArrayList<>();
        m.setStepListener(s -> {
            if (s.action() == Action.GRACE_PERIOD) {
                acts.add(s.fn() + ": " + s.act());
            }
        });
        m.cpu(0).run(() -> m.rcu().synchronizeRcu("module_exit"));
        assertEquals(List.of("module_exit: synchronize_rcu(): waits for no reader",
                "module_exit: synchronize_rcu(): grace period over"), acts);
    }

    /**
     * A grace period polls a reader that is still inside its section, one step per poll naming the CPU it waits
     * for, and ends once that reader left. The reader leaves at the updater's first poll, so a grace period that
     * took no poll step would wait for it until the stall watchdog fires.
     */
    @Test
    void aGracePeriodPollsTheReaderItWaitsForUntilItLeaves() throws Exception {
        Machine m = new Machine();
        Rcu rcu = m.rcu();
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        List<String> acts = new CopyOnWriteArrayList<>();
        m.setStepListener(s -> {
            if (s.action() == Action.GRACE_PERIOD && s.cpu() == 1) {
                acts.add(s.act());
                if (s.act().startsWith("synchronize_rcu(): still waits for")) {
                    leave.countDown();
                }
            }
        });
        try (CpuExecutor reader = new CpuExecutor(m.cpu(0)); CpuExecutor updater = new CpuExecutor(m.cpu(1))) {
            Future<?> r = reader.run(() -> {
                rcu.readLock("r", Step.NO_FENCE);
                in.countDown();
                await(leave);
                rcu.readUnlock("r", Step.NO_FENCE);
            });
            assertTrue(in.await(5, TimeUnit.SECONDS));
            updater.run(() -> rcu.synchronizeRcu("updater")).get(30, TimeUnit.SECONDS);
            r.get(5, TimeUnit.SECONDS);
        }
        assertEquals("synchronize_rcu(): waits for cpu0", acts.get(0));
        assertEquals("synchronize_rcu(): still waits for cpu0", acts.get(1));
        assertEquals("synchronize_rcu(): grace period over", acts.get(acts.size() - 1));
    }

    /**
     * A reader that leaves its section and enters a new one between two polls of a grace period has ended the
     * section the grace period waits for: the grace period ends although the CPU is inside a section again (the
     * section word only grows, so leaving and re-entering never looks like the same section).
     */
    @Test
    void aSectionLeftAndReenteredBetweenTwoPollsHasEnded() throws Exception {
        Machine m = new Machine();
        Rcu rcu = m.rcu();
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch reenter = new CountDownLatch(1);
        CountDownLatch reentered = new CountDownLatch(1);
        CountDownLatch out = new CountDownLatch(1);
        m.setStepListener(s -> {
            if (s.action() == Action.GRACE_PERIOD && s.act().startsWith("synchronize_rcu(): still waits for")) {
                reenter.countDown();
                await(reentered);
            }
        });
        try (CpuExecutor reader = new CpuExecutor(m.cpu(0)); CpuExecutor updater = new CpuExecutor(m.cpu(1))) {
            Future<?> r = reader.run(() -> {
                rcu.readLock("r", Step.NO_FENCE);
                in.countDown();
                await(reenter);
                rcu.readUnlock("r", Step.NO_FENCE);
                rcu.readLock("r", Step.NO_FENCE);
                reentered.countDown();
                await(out);
                rcu.readUnlock("r", Step.NO_FENCE);
            });
            assertTrue(in.await(5, TimeUnit.SECONDS));
            updater.run(() -> rcu.synchronizeRcu("updater")).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(0), rcu.readersNow(), "cpu0 is in its second section");
            out.countDown();
            r.get(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
