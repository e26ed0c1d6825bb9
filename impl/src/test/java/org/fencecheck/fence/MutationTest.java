package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverShape;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SelfDeadlockException;
import org.fencecheck.sim.Step;
import org.fencecheck.sim.Warning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each broken variant of spec/DmaFence.tla, woven into impl, produces its own wrong effect on a short
 * deterministic schedule, named after the spec property it breaks; the real code ({@link Mutation#NONE}) on the
 * same schedule does not. Races are staged by running another CPU's whole call at a chosen step of CPU 0 (the
 * window the broken step opens; for NONE the nearest step before the lock, where the correct code is safe).
 */
class MutationTest {

    /** A timeline of one design and driver whose fences run {@code m}; fence 1 emitted. */
    private record World(Machine machine, DriverTimeline tl, DmaFence f, AtomicInteger runs, List<Step> trace) {

        static World of(Mutation m, LockingPolicy policy, boolean signaledOp) {
            return of(m, policy, signaledOp, false);
        }

        /** With {@code references}, the driver keeps its own reference to the fence (spec RefsModelled). */
        static World of(Mutation m, LockingPolicy policy, boolean signaledOp, boolean references) {
            return of(m, policy, signaledOp, references, false);
        }

        /** With {@code waitOp}, the fence has the driver's own ->wait (spec ops opwait, opwaiti). */
        static World of(Mutation m, LockingPolicy policy, boolean signaledOp, boolean references,
                        boolean waitOp) {
            Machine machine = new Machine();
            DriverTimeline tl = new DriverTimeline(machine, policy, DriverLocking.NONE, signaledOp, m);
            if (references) {
                tl.holdReferences();
            }
            if (waitOp) {
                tl.useWaitOp();
            }
            DmaFence f = machine.cpu(0).call(tl::emit);
            List<Step> trace = java.util.Collections.synchronizedList(new ArrayList<>());
            machine.setStepListener(trace::add);
            return new World(machine, tl, f, new AtomicInteger(), trace);
        }

        /** A callback that counts its runs. */
        FenceCallback cb(String name) {
            return FenceCallback.named(name, x -> runs.incrementAndGet());
        }

        <T> T cpu0(java.util.concurrent.Callable<T> body) {
            return machine.cpu(0).call(body);
        }

        long steps(Action a) {
            synchronized (trace) {
                return trace.stream().filter(s -> s.action() == a).count();
            }
        }

        /**
         * At CPU 0's first step matching {@code when}, CPU 1 runs {@code other} to completion (CPU 0 waits), then
         * CPU 0 continues; CPU 0 runs {@code body}. The steps are still traced.
         */
        <T> T race(Predicate<Step> when, Runnable other, java.util.concurrent.Callable<T> body) throws Exception {
            AtomicBoolean fired = new AtomicBoolean();
            try (CpuExecutor cpu1 = new CpuExecutor(machine.cpu(1))) {
                machine.setStepListener(s -> {
                    trace.add(s);
                    if (s.cpu() == 0 && when.test(s) && fired.compareAndSet(false, true)) {
                        try {
                            cpu1.run(other).get(5, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError("cpu1's racing call failed", e);
                        }
                    }
                });
                T r = cpu0(body);
                assertTrue(fired.get(), "the race step was reached");
                return r;
            }
        }
    }

    private static Predicate<Step> at(Action a, String fn) {
        return s -> s.action() == a && s.fn().equals(fn);
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "SIGNAL_NO_SPLICE"})
    void signalNoSplice(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        assertEquals(0, (int) w.cpu0(w.f()::signal));
        assertEquals(-Errno.EINVAL, (int) w.cpu0(w.f()::signal));
        // CallbackAtMostOnce: the second signal ran the callback again off the unspliced list.
        assertEquals(m == Mutation.NONE ? 1 : 2, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "CB_BEFORE_SIGNALED"})
    void cbBeforeSignaled(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        List<Boolean> sawSignaled = new ArrayList<>();
        w.cpu0(() -> w.f().addCallback(FenceCallback.named("cb1", x -> sawSignaled.add(x.testSignaledFlag()))));
        w.cpu0(w.f()::signal);
        // CallbackOnlyAfterSignaled
        assertEquals(List.of(m == Mutation.NONE), sawSignaled);
        assertTrue(w.f().testSignaledFlag());
        assertEquals(m == Mutation.NONE ? 0 : 1, w.steps(Action.SIGNAL_LATE_BIT));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "REINIT"})
    void reinit(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(w.f()::signal);
        if (m == Mutation.NONE) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.cpu0(() -> {
                w.f().reinit();
                return null;
            }));
            assertTrue(e.getMessage().contains("needs Mutation.REINIT"), e.getMessage());
            assertTrue(w.f().testSignaledFlag());
        } else {
            w.cpu0(() -> {
                w.f().reinit();
                return null;
            });
            // SignaledNeverClears
            assertFalse(w.f().testSignaledFlag());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ENABLE_SPLIT_TAS"})
    void enableSplitTas(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.REWORKED, false);
        // CPU 1 enables between CPU 0's read of ENABLE_SIGNAL and its write (NONE: after the test-and-set).
        Action window = m == Mutation.NONE ? Action.DRIVER_ENTER : Action.ENABLE_SET_BIT;
        w.race(s -> s.action() == window, w.f()::enableSwSignaling, () -> {
            w.f().enableSwSignaling();
            return null;
        });
        // EnableSignalingAtMostOnce
        assertEquals(m == Mutation.NONE ? 1 : 2, w.steps(Action.DRIVER_ENTER));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ENABLE_NO_SIGNALED_CHECK"})
    void enableNoSignaledCheck(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(w.f()::signal);
        w.cpu0(() -> {
            w.f().enableSwSignaling();
            return null;
        });
        // NoEnableSignalingOnSignaled
        assertEquals(m == Mutation.NONE ? 0 : 1, w.steps(Action.DRIVER_ENTER));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ENABLE_FALSE_NO_SIGNAL"})
    void enableFalseNoSignal(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        // The hardware has passed the fence before anyone enabled signaling: the driver's op answers false.
        w.cpu0(() -> {
            w.tl().hwComplete();
            return null;
        });
        int ret = w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        // AddEnoentMeansSignaled: -ENOENT either way, but the broken core left the fence unsignaled.
        assertEquals(-Errno.ENOENT, ret);
        assertEquals(m == Mutation.NONE, w.f().testSignaledFlag(), "AddEnoentMeansSignaled");
        assertEquals(0, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ISSIG_NO_SIGNAL"})
    void issigNoSignal(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, true);
        w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        // The hardware passes the fence; its interrupt stays pending on CPU 1, so nobody has signalled it yet,
        // and ->signaled() answers true.
        w.tl().setIrqCpu(w.machine().cpu(1));
        w.cpu0(() -> {
            w.tl().hwComplete();
            return null;
        });
        assertTrue(w.cpu0(w.f()::isSignaled), "dma_fence_is_signaled() answers true");
        // IsSignaledTrueMeansSignaled: the broken core told its caller "signaled" and left SIGNALED clear, with
        // cb1 still waiting on the list.
        assertEquals(m == Mutation.NONE, w.f().testSignaledFlag(), "IsSignaledTrueMeansSignaled");
        assertEquals(m == Mutation.NONE ? 1 : 0, w.runs().get());
        assertEquals(1, w.steps(Action.IS_SIGNALED_RETURN));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "STATUS_IGNORES_ERROR"})
    void statusIgnoresError(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        assertEquals(0, (int) w.cpu0(w.f()::getStatus));
        // The driver's error path: -EIO, then signalled, both under the lock.
        w.cpu0(() -> {
            w.tl().errorPath(w.f(), -Errno.EIO);
            return null;
        });
        // GetStatusMatchesFence: a fence signalled with an error reports the error, not 1.
        assertEquals(m == Mutation.NONE ? -Errno.EIO : 1, (int) w.cpu0(w.f()::getStatus));
        assertEquals(-Errno.EIO, w.f().error());
        assertEquals(2, w.steps(Action.GET_STATUS_RETURN));
    }

    /** A timeline whose driver holds a reference to each fence it emits (spec RefsModelled); fence 1 emitted. */
    private static World withReferences(Mutation m) {
        return World.of(m, LockingPolicy.LEGACY, false, true);
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "RELEASE_NO_SIGNAL"})
    void releaseNoSignal(Mutation m) {
        World w = withReferences(m);
        assertEquals(2, w.f().refcount(), "the consumer's and the driver's reference");
        w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        // A teardown: the driver retires the fence unsignalled, then the consumer drops the last reference.
        w.cpu0(() -> {
            w.tl().retire(w.f());
            w.f().put();
            return null;
        });
        assertTrue(w.f().freed());
        assertEquals(List.of("dma_fence_release"), w.machine().warnings().stream().map(Warning::fn).toList());
        // NoCallbackLostAtRelease: mainline signals with -EDEADLK and cb1 runs; the 4.x release frees the fence
        // with cb1 still on its list.
        assertEquals(m == Mutation.NONE ? 1 : 0, w.runs().get(), "NoCallbackLostAtRelease");
        assertEquals(m == Mutation.NONE ? -Errno.EDEADLK : 0, w.f().error());
        assertEquals(m == Mutation.NONE ? 1 : 0, w.steps(Action.RELEASE_ERROR));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "RELEASE_LEAKS"})
    void releaseLeaks(Mutation m) {
        World w = withReferences(m);
        w.cpu0(() -> {
            w.tl().retire(w.f());
            w.f().put();
            return null;
        });
        // FreedExactlyWhenUnreferenced: no reference is left and the release ran, yet the memory stays.
        assertEquals(0, w.f().refcount());
        assertEquals(m == Mutation.NONE, w.f().freed(), "FreedExactlyWhenUnreferenced");
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "RELEASE_KEEPS_LOCK"})
    void releaseKeepsLock(Mutation m) {
        World w = withReferences(m);
        w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        // A teardown with cb1 pending: the release signals with -EDEADLK under fence->lock.
        List<Integer> owner = new ArrayList<>();
        w.cpu0(() -> {
            w.tl().retire(w.f());
            w.f().put();
            owner.add(w.tl().fenceLock().ownerCpu());
            return null;
        });
        // LocksReleasedBetweenCalls: the put returns to its caller still holding fence->lock.
        assertEquals(List.of(m == Mutation.NONE ? -1 : 0), owner, "LocksReleasedBetweenCalls");
        assertEquals(1, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "RETIRE_UNSIGNALED"})
    void retireUnsignaled(Mutation m) {
        World w = withReferences(m);
        // Signalling enabled (the interrupt armed), then a teardown retires the fence and the consumer puts it.
        w.cpu0(() -> {
            w.f().enableSwSignaling();
            w.tl().retire(w.f());
            w.f().put();
            return null;
        });
        assertTrue(w.f().freed());
        // The hardware passes the fence; its interrupt runs on CPU 0.
        w.cpu0(() -> {
            w.tl().hwComplete();
            return null;
        });
        // NoAccessAfterFree: a driver that left the fence on its list signals freed memory.
        assertEquals(m == Mutation.NONE ? List.of() : List.of(
                "BUG: KASAN: slab-use-after-free in dma_fence_signal_timestamp_locked"),
                w.machine().warnings().stream().map(Warning::message).toList(), "NoAccessAfterFree");
        assertEquals(m != Mutation.NONE, w.f().testSignaledFlag());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "WAIT_IGNORES_INTR"})
    void waitIgnoresIntr(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        // An uninterruptible wait with a time limit, on an unsignaled fence, by a task with a signal pending.
        long ret = w.cpu0(() -> {
            Thread.currentThread().interrupt();
            try {
                return w.f().waitTimeout(false, 3);
            } finally {
                Thread.interrupted();
            }
        });
        // WaitReturnMatchesFence: only an interruptible wait answers -ERESTARTSYS; this one times out.
        assertEquals(m == Mutation.NONE ? 0 : -Errno.ERESTARTSYS, ret, "WaitReturnMatchesFence");
        assertEquals(List.of(), w.f().state().callbacks(), "the waiter is unlinked either way");
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "SETERR_UNLOCKED"})
    void seterrUnlocked(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(w.f()::signal);
        w.cpu0(() -> {
            w.tl().errorPath(w.f(), -Errno.EIO);
            return null;
        });
        // ErrorOnlyBeforeSignal: the error is written on a signaled fence (and the kernel's WARN fires).
        assertEquals(m == Mutation.NONE ? 0 : -Errno.EIO, w.f().error());
        assertEquals(m == Mutation.NONE ? List.of() : List.of("dma_fence_set_error"),
                w.machine().warnings().stream().map(Warning::fn).toList());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "POSITIVE_ERROR"})
    void positiveError(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(() -> {
            w.tl().errorPath(w.f(), -Errno.EIO);
            return null;
        });
        // TypeOK (error in {0, -EIO}); the kernel WARNs about the range.
        assertEquals(m == Mutation.NONE ? -Errno.EIO : Errno.EIO, w.f().error());
        assertEquals(m == Mutation.NONE ? 0 : 1, w.machine().warnings().stream()
                .filter(x -> x.message().startsWith("WARN_ON(error >= 0")).count());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "TS_ON_EVERY_SIGNAL"})
    void tsOnEverySignal(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(() -> w.f().signalTimestamp(100));
        assertEquals(-Errno.EINVAL, (int) w.cpu0(() -> w.f().signalTimestamp(200)));
        // TimestampOnlyAtSignal: the losing signal rewrote the timestamp.
        assertEquals(m == Mutation.NONE ? 100 : 200, w.f().timestamp());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "REWORKED_NO_RECHECK"})
    void reworkedNoRecheck(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.REWORKED, false);
        // The fence is signaled after enabling answered true and before add_callback takes the lock.
        int ret = w.race(at(Action.LOCK_ACQUIRE, "dma_fence_add_callback"), w.f()::signal,
                () -> w.f().addCallback(w.cb("cb1")));
        // CbListEmptyAfterSignal: linked on a signaled fence, where it will never run.
        assertEquals(m == Mutation.NONE ? -Errno.ENOENT : 0, ret);
        assertEquals(m == Mutation.NONE ? List.of() : List.of("cb1"), w.f().state().callbackNames());
        assertEquals(0, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "LOST_WAKEUP"})
    void lostWakeup(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        long timeout = 200;
        long left;
        if (m == Mutation.NONE) {
            // The signal comes while the waiter sleeps.
            try (CpuExecutor cpu1 = new CpuExecutor(w.machine().cpu(1))) {
                cpu1.run(() -> {
                    sleep(20);
                    w.f().signal();
                });
                left = w.cpu0(() -> w.f().waitTimeout(false, timeout));
            }
        } else {
            // The signal comes between the unlock and set_current_state(), which forgets it.
            left = w.race(s -> s.action() == Action.WAIT_SET_STATE, w.f()::signal,
                    () -> w.f().waitTimeout(false, timeout));
        }
        assertTrue(w.f().testSignaledFlag());
        // WaitersReturn: the waiter slept through its wake until the timeout.
        assertWokenOnlyByTheRealCode(m, left);
    }

    /**
     * WaitersReturn, on a wait with a time limit whose fence signalled while it went to sleep: the real code is
     * woken with time left; a broken variant that loses the wake sleeps to its timeout (for ever without one).
     */
    private static void assertWokenOnlyByTheRealCode(Mutation m, long left) {
        if (m == Mutation.NONE) {
            assertTrue(left > 0, "woken with time left: " + left);
        } else {
            assertEquals(0, left, "slept to the timeout although signaled");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "WAIT_OP_LOST_WAKEUP"})
    void waitOpLostWakeup(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false, false, true);
        long timeout = 200;
        // The signal (and the wake of its callback) comes just before the wait's set_current_state(): in the real
        // order the SIGNALED test after it sees the signal; in the broken one the test has already found the bit
        // clear.
        long left = w.race(s -> s.action() == Action.DRIVER_WAIT_SET_STATE, w.f()::signal,
                () -> w.f().waitTimeout(false, timeout));
        assertTrue(w.f().testSignaledFlag());
        // WaitersReturn: the real order set the task state before the test, so the wake ends the sleep; the
        // broken one sets it after and overwrites the wake.
        assertWokenOnlyByTheRealCode(m, left);
        assertEquals(List.of(), w.f().state().callbacks(), "->wait unlinks its callback either way");
        assertEquals(1, w.steps(Action.DRIVER_WAIT_RETURN));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "POLL_SKIPS_ENABLE"})
    void pollSkipsEnable(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        // A poller: zero-timeout waits until one answers 1; the hardware passes the fence after the first one.
        long first = w.cpu0(() -> w.f().waitTimeout(false, 0));
        w.cpu0(() -> {
            w.tl().hwComplete();
            return null;
        });
        long later = w.cpu0(() -> w.f().waitTimeout(false, 0));
        assertEquals(0, first, "not signaled yet");
        // WaitersReturn: the real poll enabled signaling, so the interrupt signalled the fence and the loop ends;
        // the broken one never armed it: without ->signaled the fence stays unsignaled and the loop spins for ever.
        assertEquals(m == Mutation.NONE, w.tl().irqArmed());
        assertEquals(m == Mutation.NONE ? 1 : 0, later);
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "NO_ARM"})
    void noArm(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        w.cpu0(() -> {
            w.tl().hwComplete();
            return null;
        });
        // CallbacksEventuallyRun: no interrupt was armed, so nothing signals the passed fence.
        assertEquals(m == Mutation.NONE, w.tl().irqArmed());
        assertEquals(m == Mutation.NONE ? 1 : 0, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "SIGNAL_PLAIN_LOCK"})
    void signalPlainLock(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, true);
        w.cpu0(() -> w.f().addCallback(w.cb("cb1")));
        w.tl().setIrqCpu(w.machine().cpu(1));
        w.machine().cpu(2).run(w.tl()::hwComplete);
        // The completion interrupt reaches CPU 0 just as is_signaled()'s dma_fence_signal() takes fence->lock.
        w.machine().setStepListener(s -> {
            if (s.cpu() == 0 && s.action() == Action.LOCK_ACQUIRE && s.fn().equals("dma_fence_signal")) {
                w.machine().cpu(0).raiseIrq(w.tl().irq());
            }
        });
        if (m == Mutation.NONE) {
            assertTrue(w.cpu0(w.f()::isSignaled));
            assertEquals(1, w.runs().get());
        } else {
            // NoSelfDeadlock: the handler's dma_fence_signal() spins on the lock its own CPU holds.
            SelfDeadlockException e = assertThrows(SelfDeadlockException.class, () -> w.cpu0(w.f()::isSignaled));
            assertTrue(e.getMessage().contains("fence->lock"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "SIGNAL_UNLOCK_PLAIN"})
    void signalUnlockPlain(Mutation m) {
        World w = World.of(m, LockingPolicy.LEGACY, true);
        w.cpu0(() -> {
            w.tl().hwComplete();
            return null;
        });
        assertTrue(w.cpu0(w.f()::isSignaled));
        // IrqStateRestored: is_signaled()'s dma_fence_signal() dropped fence->lock without the restore, so the
        // call came back to process context with IRQs off.
        List<org.fencecheck.lockdep.LockdepReport> r = w.machine().lockdep().reports(
                org.fencecheck.lockdep.ReportKind.IRQ_STATE_NOT_RESTORED);
        assertEquals(m == Mutation.NONE ? 0 : 1, r.size(), r.toString());
        assertEquals(m == Mutation.NONE, w.machine().cpu(0).irqsEnabled());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ARM_FAIL_NO_ERROR"})
    void armFailNoError(Mutation m) {
        Machine machine = new Machine();
        DriverTimeline tl = new DriverTimeline(machine, LockingPolicy.LEGACY,
                DriverShape.of(LockingPolicy.LEGACY, DriverLocking.NONE, false).withOpSetsError(true), m);
        DmaFence f = machine.cpu(0).call(tl::emit);
        tl.setArmFailure(s -> true);
        machine.cpu(0).run(f::enableSwSignaling);
        assertTrue(f.testSignaledFlag(), "a failed arm signals");
        assertEquals(0, tl.hwSeqno(), "the hardware never passed the fence");
        // SignaledOnlyWhenPassedOrFailed: signalled before the hardware passed it, and with no error to say why.
        assertEquals(m == Mutation.NONE ? -Errno.EIO : 1, machine.cpu(0).call(f::getStatus));
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "WAIT_TIMEOUT_TRUNCATED"})
    void waitTimeoutTruncated(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        long left;
        try (CpuExecutor cpu1 = new CpuExecutor(w.machine().cpu(1))) {
            java.util.concurrent.Future<?> signaller = cpu1.run(() -> {
                sleep(50);
                w.f().signal();
            });
            left = w.cpu0(() -> w.f().waitTimeout(false, org.fencecheck.sim.Sched.MAX_SCHEDULE_TIMEOUT));
            if (m != Mutation.NONE) {
                // WaitReturnMatchesFence: a wait without a time limit came back as a timeout before the signal.
                assertEquals(0, left, "returned as timed out");
                assertFalse(w.f().testSignaledFlag(), "returned before the fence signalled");
            }
            signaller.get(5, TimeUnit.SECONDS);
        }
        if (m == Mutation.NONE) {
            assertTrue(left > 0, "a wait without a time limit returns only once signalled: " + left);
            assertTrue(w.f().testSignaledFlag());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "WAIT_KEEPS_WAITER"})
    void waitKeepsWaiter(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        assertEquals(0L, w.cpu0(() -> w.f().waitTimeout(false, 1)), "a 1-jiffy wait on an unsignalled fence times out");
        // WaiterUnlinkedOnReturn: the wait returned, yet its waiter callback is still on the fence's list.
        assertEquals(m == Mutation.NONE ? 0 : 1, w.f().state().callbacks().size(), w.f().state().callbackNames()
                .toString());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "SIGNAL_SPLIT_TAS"})
    void signalSplitTas(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        // CPU 1 signals after CPU 0's lock-free test, before CPU 0 takes the lock (NONE: before its lock too).
        int ret = w.race(at(Action.LOCK_ACQUIRE, "dma_fence_signal_timestamp"), () -> w.f().signalTimestamp(200),
                () -> w.f().signalTimestamp(100));
        // TimestampOnlyAtSignal: both signallers won; the second rewrote the timestamp.
        assertEquals(m == Mutation.NONE ? -Errno.EINVAL : 0, ret);
        assertEquals(m == Mutation.NONE ? 200 : 100, w.f().timestamp());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "REMOVE_UNLOCKED"})
    void removeUnlocked(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        FenceCallback cb1 = w.cb("cb1");
        w.cpu0(() -> w.f().addCallback(cb1));
        w.cpu0(() -> w.f().addCallback(w.cb("cb2")));
        // CPU 1 signals between the remover's read of cb_list and its write (NONE: before the remover's lock).
        Predicate<Step> window = m == Mutation.NONE ? at(Action.LOCK_ACQUIRE, "dma_fence_remove_callback")
                : s -> s.action() == Action.REMOVE_WRITE;
        boolean removed = w.race(window, w.f()::signal, () -> w.f().removeCallback(cb1));
        assertEquals(2, w.runs().get());
        // CbListEmptyAfterSignal: the write-back relinked cb2 on the signaled fence (and remove said true for a
        // callback that ran).
        assertEquals(m == Mutation.NONE ? List.of() : List.of("cb2"), w.f().state().callbackNames());
        assertEquals(m != Mutation.NONE, removed);
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "REMOVE_UNLOCKED"})
    void removeUnlockedAnswersFalseForAPendingCallback(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        FenceCallback cb1 = w.cb("cb1");
        w.cpu0(() -> w.f().addCallback(cb1));
        // CPU 1 removes cb1 once CPU 0's signal has spliced the list and before it runs cb1 (NONE: before the
        // signaller's lock, since the lock keeps remove out of that window).
        Predicate<Step> window = m == Mutation.NONE ? at(Action.LOCK_ACQUIRE, "dma_fence_signal")
                : s -> s.action() == Action.SIGNAL_RUN_CALLBACK;
        java.util.concurrent.atomic.AtomicReference<String> told = new java.util.concurrent.atomic.AtomicReference<>();
        w.race(window, () -> told.set(w.f().removeCallback(cb1) + ", runs " + w.runs().get()), w.f()::signal);
        // RemoveFalseMeansRan: remove answered false while cb1 was still pending; its caller may free cb1, which
        // the signaller then runs.
        assertEquals(m == Mutation.NONE ? "true, runs 0" : "false, runs 0", told.get(), "RemoveFalseMeansRan");
        assertEquals(m == Mutation.NONE ? 0 : 1, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "TS_READ_UNWAITED"})
    void tsReadUnwaited(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        w.machine().setTimestampStep(true);
        // CPU 1 reads the timestamp of the fence it sees signaled once CPU 0's signal has set SIGNALED and before
        // it writes the timestamp (NONE: at the unlock after the write, since a correct reader spins in that
        // window until CPU 0 goes on, which the staged race does not let it do).
        Predicate<Step> window = m == Mutation.NONE ? at(Action.LOCK_RELEASE, "dma_fence_signal_timestamp")
                : s -> s.action() == Action.SIGNAL_STAMP;
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong(-1);
        w.race(window, () -> read.set(w.f().testSignaledFlag() ? w.f().timestamp() : -2),
                () -> w.f().signalTimestamp(4242));
        // TimestampReadAfterWrite: the reader got the field as dma_fence_init() left it, not the signaller's time.
        assertEquals(m == Mutation.NONE ? 4242 : 0, read.get(), "TimestampReadAfterWrite");
        assertEquals(4242, w.f().timestamp());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ADD_INSERT_UNLOCKED"})
    void addInsertUnlocked(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.REWORKED, false);
        Predicate<Step> window = m == Mutation.NONE ? at(Action.LOCK_ACQUIRE, "dma_fence_add_callback")
                : s -> s.action() == Action.ADD_LINK;
        int ret = w.race(window, w.f()::signal, () -> w.f().addCallback(w.cb("cb1")));
        // CbListEmptyAfterSignal: linked after the signal spliced the list.
        assertEquals(m == Mutation.NONE ? -Errno.ENOENT : 0, ret);
        assertEquals(m == Mutation.NONE ? List.of() : List.of("cb1"), w.f().state().callbackNames());
        assertEquals(0, w.runs().get());
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "ADD_NO_SIGNALED_RECHECK"})
    void addNoSignaledRecheck(Mutation m) throws Exception {
        World w = World.of(m, LockingPolicy.LEGACY, false);
        // The fence is signaled after add_callback's lock-free fast path, before its lock.
        int ret = w.race(at(Action.LOCK_ACQUIRE, "dma_fence_add_callback"), w.f()::signal,
                () -> w.f().addCallback(w.cb("cb1")));
        // CbListEmptyAfterSignal
        assertEquals(m == Mutation.NONE ? -Errno.ENOENT : 0, ret);
        assertEquals(m == Mutation.NONE ? List.of() : List.of("cb1"), w.f().state().callbackNames());
        assertEquals(0, w.runs().get());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
