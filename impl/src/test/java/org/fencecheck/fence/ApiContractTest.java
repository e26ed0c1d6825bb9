package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.fencecheck.sim.Warning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The return-value contract of the dma_fence API as the kernel-doc of include/linux/dma-fence.h and
 * drivers/dma-buf/dma-fence.c states it: add/remove_callback, is_signaled, get_status, set_error, timestamp and
 * is_later. All single-CPU and deterministic; waiting is in {@link WaitContractTest}.
 */
class ApiContractTest {

    /** A driver with only the two mandatory ops (no ->enable_signaling, ->signaled, ->wait, ->release). */
    static class PlainOps implements DmaFenceOps {
        @Override
        public String getDriverName(DmaFence fence) {
            return "contract";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "contract-tl";
        }
    }

    /** A driver with ->signaled: the hardware has passed the fence once {@code passed} is set. */
    static final class SignaledOps extends PlainOps {
        final AtomicBoolean passed = new AtomicBoolean();
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public boolean signaled(DmaFence fence) {
            asked.incrementAndGet();
            return passed.get();
        }
    }

    /** A driver with ->enable_signaling that counts its calls and answers {@code answer}. */
    static final class EnableOps extends PlainOps {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean answer = true;

        @Override
        public boolean enableSignaling(DmaFence fence) {
            calls.incrementAndGet();
            return answer;
        }
    }

    /** A driver whose seqnos are 64-bit ({@code ops->use_64bit_seqno}). */
    static final class Seqno64Ops extends PlainOps {
        @Override
        public boolean use64bitSeqno() {
            return true;
        }
    }

    private static DmaFence fence(Machine m, DmaFenceOps ops, LockingPolicy policy) {
        return DmaFence.init(ops, m.newSpinLock("fence", "fence->lock"), FenceContext.alloc(policy), 1);
    }

    private static FenceCallback recording(String name, List<String> ran) {
        return FenceCallback.named(name, f -> ran.add(name));
    }

    /** A driver with ->release, counting its calls. */
    static final class ReleaseOps extends PlainOps {
        final AtomicInteger released = new AtomicInteger();

        @Override
        public void release(DmaFence fence) {
            released.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_init(), dma_fence_context_alloc(), names, references
    // ---------------------------------------------------------------------------------------------------------

    /** dma_fence_init: one reference, no flags, no error, no callbacks; the context and seqno as given. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void initGivesAnUnsignaledFenceWithOneReference(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            FenceContext ctx = FenceContext.alloc(policy, OpsLifetime.RCU_DETACH);
            DmaFence f = DmaFence.init(new PlainOps(), m.newSpinLock("fence", "fence->lock"), ctx, 77);
            assertEquals(1, f.refcount());
            assertEquals(0, f.flags());
            assertEquals(0, f.error());
            assertEquals(0, f.getStatus());
            assertEquals(List.of(), f.state().callbacks());
            assertEquals(77, f.seqno());
            assertEquals(77, f.state().seqno());
            assertEquals(ctx.id(), f.state().context());
            assertSame(ctx, f.context());
            assertEquals(policy, f.policy());
            assertEquals(OpsLifetime.RCU_DETACH, f.lifetime());
            assertEquals(Mutation.NONE, f.mutation());
            assertSame(m, f.machine());
        });
    }

    /** dma_fence_context_alloc(num) hands out num consecutive fresh ids; num == 0 is refused. */
    @Test
    void contextAllocReservesConsecutiveIds() {
        long first = DmaFence.contextAlloc(4);
        assertEquals(first + 4, DmaFence.contextAlloc(1));
        assertThrows(IllegalArgumentException.class, () -> DmaFence.contextAlloc(0));
        assertThrows(IllegalArgumentException.class, () -> DmaFence.contextAlloc(-1));
    }

    /**
     * The names come from the driver, signaled or not, while the ops are pinned; under an RCU lifetime a
     * signaled fence (whose ops are detached) answers fixed strings and the driver is no longer reached.
     */
    @ParameterizedTest
    @EnumSource(OpsLifetime.class)
    void namesComeFromTheDriverUntilTheOpsAreDetached(OpsLifetime lifetime) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            FenceContext ctx = FenceContext.alloc(LockingPolicy.REWORKED, lifetime);
            DmaFence f = DmaFence.init(new PlainOps(), m.newSpinLock("fence", "fence->lock"), ctx, 1);
            assertEquals("contract", f.driverName());
            assertEquals("contract", f.getDriverName());
            assertEquals("contract-tl", f.timelineName());
            assertEquals("contract-tl", f.getTimelineName());
            f.signal();
            if (lifetime.usesRcu()) {
                assertEquals(DmaFence.DETACHED_DRIVER, f.driverName());
                assertEquals(DmaFence.DETACHED_DRIVER, f.getDriverName());
                assertEquals(DmaFence.SIGNALED_TIMELINE, f.timelineName());
                assertEquals(DmaFence.SIGNALED_TIMELINE, f.getTimelineName());
            } else {
                assertEquals("contract", f.driverName());
                assertEquals("contract-tl", f.timelineName());
            }
        });
    }

    /**
     * Under an RCU lifetime the signal detaches fence->ops, unless the driver still needs them after the signal
     * (it has ->release or ->wait); pinned ops are never detached.
     */
    @Test
    void signalDetachesOpsOnlyWhenNothingNeedsThemAfterwards() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            FenceContext rcu = FenceContext.alloc(LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH);
            FenceContext pinned = FenceContext.alloc(LockingPolicy.REWORKED, OpsLifetime.PINNED);
            DmaFenceOps plain = new PlainOps();
            DmaFenceOps rel = new ReleaseOps();
            DmaFenceOps wait = new WaitContractTest.WaitOps();
            DmaFence a = DmaFence.init(plain, m.newSpinLock("fence", "fence->lock"), rcu, 1);
            DmaFence b = DmaFence.init(rel, m.newSpinLock("fence", "fence->lock"), rcu, 2);
            DmaFence c = DmaFence.init(wait, m.newSpinLock("fence", "fence->lock"), rcu, 3);
            DmaFence d = DmaFence.init(plain, m.newSpinLock("fence", "fence->lock"), pinned, 4);
            for (DmaFence f : List.of(a, b, c, d)) {
                assertSame(f == b ? rel : f == c ? wait : plain, f.ops());
                f.signal();
            }
            assertEquals(null, a.ops());
            assertSame(rel, b.ops());
            assertSame(wait, c.ops());
            assertSame(plain, d.ops());
        });
    }

    /**
     * dma_fence_get/put: get returns the fence with one more reference; ->release runs exactly once, at the last
     * put; a get on a fence whose count reached zero and a put below zero are use-after-free WARNs.
     */
    @Test
    void referencesReleaseOnceAtTheLastPut() {
        Machine m = new Machine();
        ReleaseOps ops = new ReleaseOps();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, LockingPolicy.LEGACY);
            assertSame(f, f.get());
            assertEquals(2, f.refcount());
            assertSame(f, f.getRcu());
            assertEquals(3, f.refcount());
            f.put();
            f.put();
            assertEquals(1, f.refcount());
            assertEquals(0, ops.released.get());
            f.put();
            assertEquals(0, f.refcount());
            assertEquals(1, ops.released.get());
        });
        assertEquals(List.of(), m.warnings(), "balanced references");
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, LockingPolicy.LEGACY);
            f.put();
            f.get();
            DmaFence g = fence(m, ops, LockingPolicy.LEGACY);
            g.put();
            g.put();
        });
        assertEquals(3, ops.released.get(), "no second release for the underflow");
        assertEquals(2, m.warnings().size(), m.warnings().toString());
        assertEquals("dma_fence_get", m.warnings().get(0).fn());
        assertEquals("dma_fence_put", m.warnings().get(1).fn());
    }

    /** A private stub is a new fence, already signaled with the given timestamp, signaling enabled, no error. */
    @Test
    void privateStubsAreSignaledWithTheirTimestamp() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence p = DmaFence.allocatePrivateStub(1234);
            DmaFence q = DmaFence.allocatePrivateStub(99);
            assertTrue(p != q);
            assertTrue(p.testSignaledFlag());
            assertTrue(p.state().enableSignal());
            assertEquals(1, p.getStatus());
            assertEquals(1234, p.timestamp());
            assertEquals(99, q.timestamp());
            assertEquals(1, p.refcount());
            assertEquals(-Errno.ENOENT, p.addCallback(x -> { }));
            DmaFence s = DmaFence.getStub();
            assertTrue(s.testSignaledFlag() && s.state().enableSignal());
            assertEquals(1, s.getStatus());
            s.put();
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_add_callback()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * add_callback returns 0 and queues the callback, enabling signaling on the way; the callback later gets the
     * fence it was added to.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void addCallbackQueuesAndEnablesSignaling(LockingPolicy policy) {
        Machine m = new Machine();
        EnableOps ops = new EnableOps();
        List<DmaFence> seen = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            assertFalse(f.state().enableSignal());
            assertEquals(0, f.addCallback(FenceCallback.named("cb1", seen::add)));
            assertEquals(List.of("cb1"), f.state().callbackNames());
            assertTrue(f.state().enableSignal(), "add_callback enables signaling");
            assertEquals(1, ops.calls.get(), "->enable_signaling was asked");
            assertFalse(f.testSignaledFlag());
            assertTrue(seen.isEmpty(), "not run before the signal");
            assertEquals(0, f.signal());
            assertEquals(1, seen.size());
            assertSame(f, seen.get(0), "the callback is passed its fence");
        });
        assertEquals(List.of(), m.warnings());
    }

    /** On a fence that is already signaled add_callback returns -ENOENT and the callback is never called. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void addCallbackOnASignaledFenceIsEnoentAndNeverRuns(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            f.signal();
            assertEquals(-Errno.ENOENT, f.addCallback(recording("late", ran)));
            assertEquals(List.of(), f.state().callbacks());
            assertEquals(-Errno.EINVAL, f.signal());
        });
        assertEquals(List.of(), ran);
        assertEquals(List.of(), m.warnings());
    }

    /** A driver that finds its fence already passed at enable time: add_callback sees it signaled, -ENOENT. */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void addCallbackWhenEnablingFindsTheFencePassedIsEnoent(LockingPolicy policy) {
        Machine m = new Machine();
        EnableOps ops = new EnableOps();
        ops.answer = false;
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            assertEquals(-Errno.ENOENT, f.addCallback(recording("cb", ran)));
            assertTrue(f.testSignaledFlag(), "the core signaled the fence the driver said had passed");
            assertTrue(f.state().timestampSet());
            assertEquals(List.of(), f.state().callbacks());
            assertEquals(1, ops.calls.get());
        });
        assertEquals(List.of(), ran);
    }

    /** A callback without a function is a caller bug: WARN_ON and -EINVAL, nothing queued, nothing enabled. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void addCallbackWithoutAFunctionIsEinval(LockingPolicy policy) {
        Machine m = new Machine();
        EnableOps ops = new EnableOps();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            assertEquals(-Errno.EINVAL, f.addCallback(null));
            assertEquals(List.of(), f.state().callbacks());
            assertFalse(f.state().enableSignal());
            assertEquals(0, ops.calls.get());
        });
        assertEquals(1, m.warnings().size());
        assertEquals("dma_fence_add_callback", m.warnings().get(0).fn());
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_remove_callback()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * remove_callback returns true exactly when it took the callback off the list before the signal; such a
     * callback never runs, and the others still run in their order.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void removeCallbackIsTrueOnlyWhileThePendingCallbackIsRemoved(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            FenceCallback cb1 = recording("cb1", ran);
            FenceCallback cb2 = recording("cb2", ran);
            FenceCallback cb3 = recording("cb3", ran);
            FenceCallback never = recording("never", ran);
            f.addCallback(cb1);
            f.addCallback(cb2);
            f.addCallback(cb3);
            assertFalse(f.removeCallback(never), "never added");
            assertTrue(f.removeCallback(cb2));
            assertEquals(List.of("cb1", "cb3"), f.state().callbackNames());
            assertFalse(f.removeCallback(cb2), "already removed");
            assertFalse(f.testSignaledFlag(), "removing does not signal");
            f.signal();
            assertFalse(f.removeCallback(cb1), "already ran");
            assertFalse(f.removeCallback(cb3), "already ran");
        });
        assertEquals(List.of("cb1", "cb3"), ran);
        assertEquals(List.of(), m.warnings());
    }

    /** A removed callback may be added again (list_del_init leaves it reusable), and then runs once. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aRemovedCallbackCanBeAddedAgain(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            FenceCallback cb = recording("cb", ran);
            assertEquals(0, f.addCallback(cb));
            assertTrue(f.removeCallback(cb));
            assertEquals(0, f.addCallback(cb));
            f.signal();
        });
        assertEquals(List.of("cb"), ran);
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_is_signaled(), dma_fence_is_signaled_locked()
    // ---------------------------------------------------------------------------------------------------------

    /** Without ->signaled only an explicit signal makes a fence signaled; the query changes nothing. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void isSignaledWithoutTheOpIsTheFlag(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            assertFalse(f.isSignaled());
            assertEquals(0, f.flags(), "no flag set by the query");
            f.signal();
            assertTrue(f.isSignaled());
        });
    }

    /**
     * With ->signaled, is_signaled asks the driver while SIGNALED is clear and, on a true answer, signals the
     * fence itself: the callbacks run and the timestamp is set. Once signaled the driver is not asked again.
     * It never enables signaling.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void isSignaledAsksTheDriverAndSignalsAPassedFence(LockingPolicy policy) {
        Machine m = new Machine();
        SignaledOps ops = new SignaledOps();
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            f.addCallback(recording("cb", ran));
            assertFalse(f.isSignaled());
            assertEquals(1, ops.asked.get());
            assertFalse(f.testSignaledFlag());
            ops.passed.set(true);
            assertFalse(f.testSignaledFlag(), "test_signaled_flag never asks the driver");
            assertEquals(1, ops.asked.get());
            assertTrue(f.isSignaled());
            assertTrue(f.testSignaledFlag(), "is_signaled signaled the fence");
            assertTrue(f.state().timestampSet());
            assertEquals(List.of("cb"), ran);
            assertEquals(List.of(), f.state().callbacks());
            int asked = ops.asked.get();
            assertTrue(f.isSignaled());
            assertEquals(asked, ops.asked.get(), "a signaled fence answers from its flag");
            assertEquals(-Errno.EINVAL, f.signal(), "already signaled");
        });
        assertEquals(List.of("cb"), ran, "the callbacks ran once");
        Machine m2 = new Machine();
        m2.cpu(0).run(() -> {
            DmaFence g = fence(m2, new SignaledOps(), policy);
            assertFalse(g.isSignaled());
            assertFalse(g.state().enableSignal(), "is_signaled does not enable signaling");
        });
    }

    /** is_signaled_locked: the same with the fence lock held, the signal done with signal_locked. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void isSignaledLockedSignalsAPassedFenceUnderTheLock(LockingPolicy policy) {
        Machine m = new Machine();
        SignaledOps ops = new SignaledOps();
        List<String> ran = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            f.addCallback(recording("cb", ran));
            boolean flags = f.lock().spinLockIrqsave("test", f.seqno());
            assertFalse(f.isSignaledLocked());
            ops.passed.set(true);
            assertTrue(f.isSignaledLocked());
            assertTrue(f.testSignaledFlag());
            assertEquals(List.of("cb"), ran, "the callbacks ran under the lock");
            f.lock().spinUnlockIrqrestore(flags, "test", f.seqno());
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_get_status(), dma_fence_set_error()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * get_status: 0 while not signaled (an error set but not yet signaled included), 1 once signaled without
     * error, the error once signaled with one.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void getStatusIsZeroOneOrTheError(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence ok = fence(m, new PlainOps(), policy);
            assertEquals(0, ok.getStatus());
            ok.signal();
            assertEquals(1, ok.getStatus());

            DmaFence bad = fence(m, new PlainOps(), policy);
            bad.setError(-Errno.EIO);
            assertEquals(-Errno.EIO, bad.error());
            assertEquals(0, bad.getStatus(), "an error is reported only once the fence signaled");
            bad.signal();
            assertEquals(-Errno.EIO, bad.getStatus());
            boolean flags = bad.lock().spinLockIrqsave("test", bad.seqno());
            assertEquals(-Errno.EIO, bad.getStatusLocked());
            bad.lock().spinUnlockIrqrestore(flags, "test", bad.seqno());
            assertThrows(IllegalStateException.class, bad::getStatusLocked, "lockdep_assert_held");
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * get_status goes through is_signaled_locked, so a fence whose driver says it passed is signaled by the
     * query; the 2026 series' get_status_locked only tests the flag and asks no driver op under the lock.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void getStatusOfAPassedFenceDependsOnTheDesign(LockingPolicy policy) {
        Machine m = new Machine();
        SignaledOps ops = new SignaledOps();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            f.setError(-Errno.ETIMEDOUT);
            ops.passed.set(true);
            if (policy.statusTestsFlagOnly()) {
                assertEquals(0, f.getStatus());
                assertFalse(f.testSignaledFlag());
                assertEquals(0, ops.asked.get(), "no driver op under the lock");
            } else {
                assertEquals(-Errno.ETIMEDOUT, f.getStatus());
                assertTrue(f.testSignaledFlag(), "get_status signaled the passed fence");
                assertTrue(ops.asked.get() > 0);
            }
            f.signal();
            assertEquals(-Errno.ETIMEDOUT, f.getStatus());
        });
    }

    /** set_error accepts exactly -MAX_ERRNO .. -1 before the signal; anything else WARNs (and is still written). */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void setErrorRangeIsMinusMaxErrnoToMinusOne(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            for (int err : new int[] {-1, -Errno.MAX_ERRNO, -Errno.ENOMEM}) {
                DmaFence f = fence(m, new PlainOps(), policy);
                f.setError(err);
                assertEquals(err, f.error());
            }
        });
        assertEquals(List.of(), m.warnings(), "valid errors, set before the signal");
        m.cpu(0).run(() -> {
            for (int err : new int[] {0, 1, Errno.EIO, -Errno.MAX_ERRNO - 1}) {
                DmaFence f = fence(m, new PlainOps(), policy);
                f.setError(err);
                assertEquals(err, f.error(), "the kernel writes it anyway");
            }
        });
        List<Warning> w = m.warnings();
        assertEquals(4, w.size(), w.toString());
        assertTrue(w.stream().allMatch(x -> x.fn().equals("dma_fence_set_error")), w.toString());
    }

    /**
     * The error a driver's error path sets before signal_locked is what its callbacks see; they run with the
     * fence lock held, so they ask dma_fence_get_status_locked().
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void callbacksSeeTheErrorSetBeforeTheSignal(LockingPolicy policy) {
        Machine m = new Machine();
        AtomicInteger seen = new AtomicInteger(1);
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            f.addCallback(x -> seen.set(x.getStatusLocked()));
            boolean flags = f.lock().spinLockIrqsave("drv_error_path", f.seqno());
            f.setError(-Errno.ETIMEDOUT);
            f.signalLocked();
            f.lock().spinUnlockIrqrestore(flags, "drv_error_path", f.seqno());
        });
        assertEquals(-Errno.ETIMEDOUT, seen.get());
        assertEquals(List.of(), m.warnings());
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_timestamp(), signal_timestamp
    // ---------------------------------------------------------------------------------------------------------

    /** The timestamp of dma_fence_signal() is ktime_get() at the signal; TIMESTAMP is set with it. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signalRecordsTheTimeOfTheSignal(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            assertFalse(f.state().timestampSet());
            long before = System.nanoTime();
            f.signal();
            long after = System.nanoTime();
            long ts = f.timestamp();
            assertTrue(before <= ts && ts <= after, before + " <= " + ts + " <= " + after);
            assertTrue(f.state().timestampSet());
            assertEquals(ts, f.state().timestamp());
            assertEquals(ts, f.timestamp(), "the timestamp does not move");
        });
        assertEquals(List.of(), m.warnings());
    }

    /** The locked signal variants record their timestamp too: the given one, or the time of the signal. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void lockedSignalVariantsRecordTheTimestamp(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            boolean flags = f.lock().spinLockIrqsave("test", f.seqno());
            assertEquals(0, f.signalTimestampLocked(4242));
            assertEquals(-Errno.EINVAL, f.signalTimestampLocked(1));
            f.lock().spinUnlockIrqrestore(flags, "test", f.seqno());
            assertEquals(4242, f.timestamp());

            DmaFence g = fence(m, new PlainOps(), policy);
            long before = System.nanoTime();
            flags = g.lock().spinLockIrqsave("test", g.seqno());
            assertEquals(0, g.signalLocked());
            assertEquals(-Errno.EINVAL, g.signalLocked());
            g.lock().spinUnlockIrqrestore(flags, "test", g.seqno());
            assertThrows(IllegalStateException.class, () -> g.signalTimestampLocked(1), "lockdep_assert_held");
            long ts = g.timestamp();
            assertTrue(before <= ts && ts <= System.nanoTime());
        });
        assertEquals(List.of(), m.warnings());
    }

    /** dma_fence_timestamp() of a fence that is not signaled WARNs and answers the current time. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void timestampOfAnUnsignaledFenceWarnsAndIsNow(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, new PlainOps(), policy);
            long before = System.nanoTime();
            long ts = f.timestamp();
            long after = System.nanoTime();
            assertTrue(before <= ts && ts <= after, before + " <= " + ts + " <= " + after);
            assertFalse(f.state().timestampSet());
        });
        assertEquals(1, m.warnings().size());
        assertEquals("dma_fence_timestamp", m.warnings().get(0).fn());
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_is_later()
    // ---------------------------------------------------------------------------------------------------------

    /** A fence is not later than itself or than a fence with the same seqno. */
    @Test
    void isLaterIsStrict() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            FenceContext ctx = FenceContext.alloc(LockingPolicy.LEGACY);
            DmaFence a = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), ctx, 7);
            DmaFence b = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), ctx, 7);
            DmaFence c = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), ctx, 8);
            assertFalse(DmaFence.isLater(a, a));
            assertFalse(DmaFence.isLater(a, b));
            assertTrue(DmaFence.isLater(c, a));
            assertFalse(DmaFence.isLater(a, c));
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * 32-bit seqnos compare on their low 32 bits with wrap-around, so 5 is later than 0x1_0000_0003 (3); a
     * driver with use_64bit_seqno compares the whole numbers, where 0x1_0000_0003 is the later one. Both
     * lifetimes (PINNED reads the op, RCU lifetimes the flag taken at init).
     */
    @ParameterizedTest
    @EnumSource(OpsLifetime.class)
    void isLaterWrapsAt32BitsUnlessTheDriverUses64BitSeqnos(OpsLifetime lifetime) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            FenceContext c32 = FenceContext.alloc(LockingPolicy.REWORKED, lifetime);
            DmaFence a = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), c32, 5);
            DmaFence b = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), c32, 0x1_0000_0003L);
            assertTrue(DmaFence.isLater(a, b));
            assertFalse(DmaFence.isLater(b, a));
            DmaFence near = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), c32, 0x7fff_ffffL + 5);
            assertTrue(DmaFence.isLater(near, a), "less than 2^31 ahead");
            DmaFence far = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"), c32, 0x8000_0000L + 5);
            assertFalse(DmaFence.isLater(far, a), "2^31 ahead reads as behind");

            FenceContext c64 = FenceContext.alloc(LockingPolicy.REWORKED, lifetime);
            DmaFence a64 = DmaFence.init(new Seqno64Ops(), m.newSpinLock("f", "f"), c64, 5);
            DmaFence b64 = DmaFence.init(new Seqno64Ops(), m.newSpinLock("f", "f"), c64, 0x1_0000_0003L);
            assertFalse(DmaFence.isLater(a64, b64));
            assertTrue(DmaFence.isLater(b64, a64));
            assertFalse(DmaFence.isLater(b64, b64));
            DmaFence far64 = DmaFence.init(new Seqno64Ops(), m.newSpinLock("f", "f"), c64, 0x8000_0000L + 5);
            assertTrue(DmaFence.isLater(far64, a64));

            // Signaled fences are still ordered, even once their ops are detached.
            for (DmaFence f : List.of(a, b, a64, b64)) {
                f.signal();
            }
            assertTrue(DmaFence.isLater(a, b));
            assertTrue(DmaFence.isLater(b64, a64));
            assertFalse(DmaFence.isLater(a64, b64));
        });
        assertEquals(List.of(), m.warnings());
    }

    /** Seqnos of different contexts are not comparable: WARN and false both ways. */
    @Test
    void isLaterAcrossContextsWarnsAndIsFalse() {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence a = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"),
                    FenceContext.alloc(LockingPolicy.LEGACY), 9);
            DmaFence b = DmaFence.init(new PlainOps(), m.newSpinLock("f", "f"),
                    FenceContext.alloc(LockingPolicy.LEGACY), 1);
            assertFalse(DmaFence.isLater(a, b));
            assertFalse(DmaFence.isLater(b, a));
        });
        assertEquals(2, m.warnings().size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_enable_sw_signaling()
    // ---------------------------------------------------------------------------------------------------------

    /**
     * enable_sw_signaling asks the driver once and sets ENABLE_SIGNAL; a false answer (already passed) makes the
     * core signal the fence (the designs with a void op leave that to the driver).
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void enableSwSignalingSignalsAFenceTheDriverSaysPassed(LockingPolicy policy) {
        Machine m = new Machine();
        EnableOps ops = new EnableOps();
        m.cpu(0).run(() -> {
            DmaFence f = fence(m, ops, policy);
            f.enableSwSignaling();
            assertTrue(f.state().enableSignal());
            assertFalse(f.testSignaledFlag());
            assertEquals(1, ops.calls.get());

            f.enableSwSignaling();
            assertEquals(1, ops.calls.get(), "the driver is asked once per fence");

            ops.answer = false;
            DmaFence g = fence(m, ops, policy);
            g.enableSwSignaling();
            assertEquals(2, ops.calls.get());
            assertTrue(g.testSignaledFlag(), "the core signaled the fence the driver said had passed");
            assertTrue(g.state().timestampSet());
            g.enableSwSignaling();
            assertEquals(2, ops.calls.get());
        });
        assertEquals(List.of(), m.warnings());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Errno
    // ---------------------------------------------------------------------------------------------------------

    /** The errno numbers are the kernel's (uapi asm-generic errno-base.h / errno.h, linux/errno.h). */
    @Test
    void errnoValuesAreTheKernels() {
        assertEquals(2, Errno.ENOENT);
        assertEquals(4, Errno.EINTR);
        assertEquals(5, Errno.EIO);
        assertEquals(12, Errno.ENOMEM);
        assertEquals(22, Errno.EINVAL);
        assertEquals(35, Errno.EDEADLK);
        assertEquals(62, Errno.ETIME);
        assertEquals(110, Errno.ETIMEDOUT);
        assertEquals(512, Errno.ERESTARTSYS);
        assertEquals(4095, Errno.MAX_ERRNO);
    }

    /** Errno.name spells a return as C would: "-EIO" for a negated errno, the bare name positive, else digits. */
    @Test
    void errnoNamesSpellTheReturnAsC() {
        assertEquals("-ENOENT", Errno.name(-Errno.ENOENT));
        assertEquals("-EINTR", Errno.name(-Errno.EINTR));
        assertEquals("-EIO", Errno.name(-Errno.EIO));
        assertEquals("-ENOMEM", Errno.name(-Errno.ENOMEM));
        assertEquals("-EINVAL", Errno.name(-Errno.EINVAL));
        assertEquals("-EDEADLK", Errno.name(-Errno.EDEADLK));
        assertEquals("-ETIME", Errno.name(-Errno.ETIME));
        assertEquals("-ETIMEDOUT", Errno.name(-Errno.ETIMEDOUT));
        assertEquals("-ERESTARTSYS", Errno.name(-Errno.ERESTARTSYS));
        assertEquals("EIO", Errno.name(Errno.EIO));
        assertEquals("0", Errno.name(0));
        assertEquals("-4095", Errno.name(-Errno.MAX_ERRNO));
        assertEquals("-3", Errno.name(-3));
        assertEquals("1", Errno.name(1));
    }
}
