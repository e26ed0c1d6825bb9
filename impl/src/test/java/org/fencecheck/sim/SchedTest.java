package org.fencecheck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * schedule_timeout() as a kernel sleeper sees it: who wakes it (wake_up_process, a signal for an interruptible
 * sleeper, an interrupt for its CPU), what a pending signal does to an uninterruptible sleeper, and
 * msecs_to_jiffies(). A sleep is observed as its thread parked in schedule_timeout(); no test depends on a
 * timeout expiring.
 */
class SchedTest {

    /** For {@link Sleeper#awaitAsleep}: any sleep of the body. */
    private static final int ANY = -2;

    /** A task sleeping on cpu0 in a separate thread; {@code phase} says which sleep of its body it is in. */
    private static final class Sleeper {
        final Machine m = new Machine();
        final AtomicInteger phase = new AtomicInteger(-1);
        final List<String> log = new CopyOnWriteArrayList<>();
        final Thread thread;

        Sleeper(Consumer<Sleeper> body) {
            thread = new Thread(() -> m.cpu(0).run(() -> body.accept(this)), "sleeper");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until the task sleeps (parked in schedule_timeout) in sleep number {@code n} of its body. */
        void awaitAsleep(int n) throws InterruptedException {
            for (int i = 0; i < 10_000; i++) {
                Thread.State s = thread.getState();
                if (s == Thread.State.TERMINATED) {
                    break;
                }
                if ((n == ANY ? phase.get() >= 0 : phase.get() == n) && s == Thread.State.WAITING) {
                    return;
                }
                Thread.sleep(1);
            }
            throw new AssertionError("the task is not asleep in sleep " + n + " (" + thread.getState()
                    + ", phase " + phase.get() + "): " + log);
        }

        void finish() throws InterruptedException {
            thread.join(10_000);
            assertEquals(Thread.State.TERMINATED, thread.getState(), "the task still sleeps: " + log);
        }
    }

    /** An interruptible schedule_timeout() with a signal pending returns at once with all its jiffies left. */
    @Test
    void anInterruptibleSleepWithASignalPendingReturnsItsTimeoutAtOnce() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            Thread.currentThread().interrupt();
            try {
                assertEquals(5000, Sched.scheduleTimeout(5000, true));
                assertTrue(Sched.signalPending(), "schedule_timeout() leaves the signal pending");
            } finally {
                Thread.interrupted();
            }
        });
    }

    /**
     * An interruptible sleep without a time limit and without a signal lasts until wake_up_process(), and then
     * returns MAX_SCHEDULE_TIMEOUT.
     */
    @Test
    void anInterruptibleSleepWithoutSignalLastsUntilWakeUp() throws Exception {
        Sleeper s = new Sleeper(t -> {
            t.phase.set(0);
            t.log.add("returned " + Sched.scheduleTimeout(Sched.MAX_SCHEDULE_TIMEOUT, true));
        });
        s.awaitAsleep(0);
        Sched.wakeUp(s.thread);
        s.finish();
        assertEquals(List.of("returned " + Sched.MAX_SCHEDULE_TIMEOUT), s.log);
    }

    /**
     * An uninterruptible sleeper is not woken by a pending signal, and keeps it: its wait loop sleeps (at most one
     * early return, for the wake-up the signal itself left) until wake_up_process() after its condition became
     * true; the signal must not turn the loop into a busy one.
     */
    @Test
    void anUninterruptibleSleepIgnoresAPendingSignalAndKeepsIt() throws Exception {
        AtomicBoolean condition = new AtomicBoolean();
        Sleeper s = new Sleeper(t -> {
            Thread.currentThread().interrupt();
            int sleeps = 0;
            while (!condition.get()) {
                t.phase.set(sleeps++);
                Sched.scheduleTimeout(Sched.MAX_SCHEDULE_TIMEOUT, false);
            }
            t.log.add("woken, signal pending " + Sched.signalPending());
            t.log.add(sleeps <= 2 ? "at most one early return" : sleeps + " sleeps");
            Thread.interrupted();
        });
        s.awaitAsleep(ANY);
        condition.set(true);
        Sched.wakeUp(s.thread);
        s.finish();
        assertEquals(List.of("woken, signal pending true", "at most one early return"), s.log);
    }

    /**
     * set_current_state() before the sleep discards an earlier wake-up (forgetWakeUp): the sleep then lasts until
     * the next wake_up_process().
     */
    @Test
    void aForgottenWakeUpDoesNotEndTheNextSleep() throws Exception {
        Sleeper s = new Sleeper(t -> {
            Sched.wakeUp(Thread.currentThread());
            Sched.forgetWakeUp();
            t.phase.set(0);
            Sched.scheduleTimeout(Sched.MAX_SCHEDULE_TIMEOUT, false);
            t.log.add("woken");
        });
        s.awaitAsleep(0);
        Sched.wakeUp(s.thread);
        s.finish();
        assertEquals(List.of("woken"), s.log);
    }

    /**
     * An interrupt raised for a sleeping CPU wakes it, and its handler runs before schedule_timeout() returns
     * (the idle CPU takes it with IRQs on).
     */
    @Test
    void anInterruptForASleepingCpuRunsBeforeTheSleepReturns() throws Exception {
        Sleeper s = new Sleeper(t -> {
            t.phase.set(0);
            Sched.scheduleTimeout(Sched.MAX_SCHEDULE_TIMEOUT, false);
            t.log.add("schedule_timeout returned");
        });
        s.awaitAsleep(0);
        s.m.cpu(0).raiseIrq(new Irq("drv_irq_handler", () -> s.log.add("drv_irq_handler")));
        s.finish();
        assertEquals(List.of("drv_irq_handler", "schedule_timeout returned"), s.log);
    }

    /** msecs_to_jiffies() at HZ = 1000: one jiffy per millisecond. */
    @Test
    void msecsToJiffiesAtHz1000IsOneJiffyPerMillisecond() {
        assertEquals(0, Sched.msecsToJiffies(0));
        assertEquals(1, Sched.msecsToJiffies(1));
        assertEquals(250, Sched.msecsToJiffies(250));
    }
}
