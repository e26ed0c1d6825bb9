package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.SelfDeadlockException;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.StepListener;
import org.fencecheck.sim.Warning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each broken container variant next to the correct code in the same scenario: the variant's specific failure
 * (exception, lockdep report, warning, or the wrong answer: a poll that never sees the signal, a callback that
 * never runs, a leaked reference, an early signal) and the correct code's clean run. Each array_* variant shows the
 * failure of the property TLC refutes with it in spec/DmaFenceContainers.tla, and so does each chain_* variant
 * (see {@link ContainerMutation}). The shared-lock-class variants are in
 * {@link ContainerLockdepTest}.
 */
class ContainerMutationTest {

    private static DmaFence array(LockingPolicy policy, ContainerMutation mutation, DmaFence... members) {
        DmaFence[] refs = new DmaFence[members.length];
        for (int i = 0; i < members.length; i++) {
            refs[i] = members[i].get();
        }
        return DmaFenceArray.create(refs, FenceContext.alloc(policy), 1, false, mutation).base();
    }

    // ---- array_cb_signals_directly -------------------------------------------------------------------------

    /** A callback on an array of two members, then both members signal on CPU 0. */
    private static Machine cbSignalsScenario(LockingPolicy policy, ContainerMutation mutation) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(policy, mutation, f1, f2);
            Mocks.CountingCb cb = new Mocks.CountingCb();
            assertEquals(0, a.addCallback(cb));
            f1.signal();
            f2.signal();
            assertEquals(1, cb.runs.get());
            f1.put();
            f2.put();
            a.put();
            assertTrue(DmaFenceArray.of(a).isFreed());
        });
        return m;
    }

    /**
     * array_cb_signals_directly. LEGACY: add_callback took member->lock inside array->lock; the last member's
     * callback now takes array->lock inside member->lock: LOCK_ORDER_CYCLE between the two classes (an ABBA
     * deadlock between a CPU adding a callback and one signalling the member). SERIES2026: the array lock is of
     * the members' class, so the callback takes that class inside itself: RECURSIVE_LOCK.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "SERIES2026"})
    void arrayCbSignalsDirectlyIsCaughtByLockdep(LockingPolicy policy) {
        Machine m = cbSignalsScenario(policy, ContainerMutation.ARRAY_CB_SIGNALS_DIRECTLY);
        if (policy == LockingPolicy.LEGACY) {
            List<LockdepReport> cycle = m.lockdep().reports(ReportKind.LOCK_ORDER_CYCLE);
            assertEquals(1, cycle.size(), m.lockdep().reports().toString());
            assertEquals(Set.of(InlineLock.FENCE_CLASS, DmaFenceArray.LOCK_CLASS),
                    Set.copyOf(cycle.get(0).lockClasses()));
        } else {
            List<LockdepReport> rec = m.lockdep().reports(ReportKind.RECURSIVE_LOCK);
            assertEquals(1, rec.size(), m.lockdep().reports().toString());
            assertEquals(List.of(InlineLock.FENCE_CLASS), rec.get(0).lockClasses());
        }
    }

    /**
     * array_cb_signals_directly under REWORKED and RFC2024: the op runs unlocked (no array->lock -> member->lock
     * order) and the array keeps its own class, so this scenario gives lockdep only the one order
     * member->lock -> array->lock and nothing to report. The variant survives here; the test pins that down (it
     * fails if either design starts nesting the other way), and the irq_work is what LEGACY and SERIES2026 need.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"REWORKED", "RFC2024"})
    void arrayCbSignalsDirectlySurvivesWhereNothingNestsTheOtherWay(LockingPolicy policy) {
        Machine m = cbSignalsScenario(policy, ContainerMutation.ARRAY_CB_SIGNALS_DIRECTLY);
        assertEquals(List.of(), m.lockdep().reports(ReportKind.LOCK_ORDER_CYCLE));
        assertEquals(List.of(), m.lockdep().reports(ReportKind.RECURSIVE_LOCK));
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayCbQueuingTheIrqWorkIsClean(LockingPolicy policy) {
        Mocks.assertClean(cbSignalsScenario(policy, ContainerMutation.NONE), policy);
    }

    // ---- array_no_pending_ref ------------------------------------------------------------------------------

    /** Enable signalling on an array, drop the creator's reference, then signal the members. */
    private static void dropArrayBeforeMembersSignal(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(policy, mutation, f1, f2);
            DmaFenceArray arr = DmaFenceArray.of(a);
            a.enableSwSignaling();
            a.put();
            assertEquals(mutation == ContainerMutation.ARRAY_NO_PENDING_REF, arr.isFreed());
            f1.signal();
            f2.signal();
            assertTrue(a.testSignaledFlag());
            assertTrue(arr.isFreed(), "the irq_work's put was the last");
            f1.put();
            f2.put();
        });
    }

    /**
     * array_no_pending_ref: nothing holds the array for its callbacks, so the creator's put frees it with the
     * callbacks still on the members; the first member to signal runs dma_fence_array_cb_func() on freed memory
     * (KASAN's use-after-free, an oops here).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayNoPendingRefIsAUseAfterFree(LockingPolicy policy) {
        Machine m = new Machine();
        OopsException e = assertThrows(OopsException.class,
                () -> dropArrayBeforeMembersSignal(m, policy, ContainerMutation.ARRAY_NO_PENDING_REF));
        assertTrue(e.getMessage().contains("use-after-free in dma_fence_array_cb_func"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayPendingRefsKeepTheArrayUntilTheIrqWork(LockingPolicy policy) {
        Machine m = new Machine();
        dropArrayBeforeMembersSignal(m, policy, ContainerMutation.NONE);
        Mocks.assertClean(m, policy);
    }

    // ---- array_signaled_pending_only -----------------------------------------------------------------------

    /** How often the poller asks dma_fence_is_signaled() in the broken run. */
    private static final int POLLS = 100;

    /**
     * An array of two members that both signal while nobody enables signalling on the array; then a poller asks
     * dma_fence_is_signaled(array) (the spec's pollloop op): the correct code answers true at the first poll; the
     * broken one answers false to every poll, until someone finally enables signalling on the array.
     */
    private static void pollScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(policy, mutation, f1, f2);
            f1.signal();
            f2.signal();
            if (mutation == ContainerMutation.NONE) {
                assertTrue(a.isSignaled(), "->signaled counts the signalled members when signalling is off");
                assertTrue(a.testSignaledFlag());
            } else {
                for (int i = 0; i < POLLS; i++) {
                    assertFalse(a.isSignaled(), "poll " + i + " saw the array signalled");
                }
                assertFalse(a.testSignaledFlag());
                assertEquals(2, DmaFenceArray.of(a).numPending(), "nothing counts down without enable_signaling");
                // Only enabling signalling (which finds both members -ENOENT) gets the array signalled.
                a.enableSwSignaling();
                assertTrue(a.testSignaledFlag());
            }
            f1.put();
            f2.put();
            a.put();
            assertTrue(DmaFenceArray.of(a).isFreed());
        });
    }

    /**
     * array_signaled_pending_only (mainline's dma_fence_array_signaled() before 78ac1c355881): num_pending
     * counts down only through the member callbacks enable_signaling installs, so a poller that never enables
     * signalling never sees the array signalled, however often it asks (TLC: PollerSeesSignal). No warning and no
     * lockdep report: the failure is the poller's hang.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arraySignaledPendingOnlyNeverShowsThePollerTheSignal(LockingPolicy policy) {
        Machine m = new Machine();
        pollScenario(m, policy, ContainerMutation.ARRAY_SIGNALED_PENDING_ONLY);
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arraySignaledCountsSignalledMembersWithoutEnabling(LockingPolicy policy) {
        Machine m = new Machine();
        pollScenario(m, policy, ContainerMutation.NONE);
        Mocks.assertClean(m, policy);
    }

    // ---- array_no_enoent_count -----------------------------------------------------------------------------

    /**
     * f1 signals before the first add_callback on the array (so the array's enable_signaling finds it -ENOENT),
     * f2 after; then the members and the array are put.
     */
    private static Mocks.CountingCb enoentScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        Mocks.CountingCb cb = new Mocks.CountingCb();
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(policy, mutation, f1, f2);
            f1.signal();
            assertEquals(0, a.addCallback(cb), "f2 is pending: the callback goes on the array");
            f2.signal();
            if (mutation == ContainerMutation.NONE) {
                assertEquals(1, cb.runs.get());
                assertTrue(a.testSignaledFlag());
            } else {
                assertEquals(0, cb.runs.get(), "the callback ran");
                assertFalse(a.testSignaledFlag());
                assertFalse(a.isSignaled(), "signalling is enabled: ->signaled trusts num_pending");
                assertEquals(1, DmaFenceArray.of(a).numPending(), "f1 was never counted down");
            }
            f1.put();
            f2.put();
            a.put();
            assertTrue(DmaFenceArray.of(a).isFreed());
        });
        return cb;
    }

    /**
     * array_no_enoent_count: enable_signaling gives back f1's reference but does not count f1 down, so f2's
     * callback leaves num_pending at 1: the array never signals and the callback added to it never runs (TLC:
     * ContainerCallbacksRun). Only the last put runs it, through dma_fence_release()'s "released with pending
     * signals!" WARN, which signals the dead array with -EDEADLK.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayNoEnoentCountNeverRunsTheCallback(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.CountingCb cb = enoentScenario(m, policy, ContainerMutation.ARRAY_NO_ENOENT_COUNT);
        List<String> warned = m.warnings().stream().map(Warning::message).toList();
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).endsWith("released with pending signals!"), warned.get(0));
        assertEquals(1, cb.runs.get(), "run once, by the release's forced signal");
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayEnoentMemberIsCountedDown(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.CountingCb cb = enoentScenario(m, policy, ContainerMutation.NONE);
        assertEquals(1, cb.runs.get());
        Mocks.assertClean(m, policy);
    }

    // ---- array_release_no_put ------------------------------------------------------------------------------

    /**
     * The members' reference counts right after the container's last put (each member also held by its driver,
     * here the test), and whether each member was released once the driver put its own reference too.
     */
    private record Refs(List<Integer> afterContainerRelease, List<Boolean> releasedAfterDriverPut) {
    }

    /** Signalling enabled on an array of two members, both signal, then the array's last put. */
    private static Refs releaseScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        Refs[] out = new Refs[1];
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(policy, mutation, f1, f2);
            assertEquals(2, f1.refcount(), "the driver's reference and the array's");
            a.enableSwSignaling();
            f1.signal();
            f2.signal();
            assertTrue(a.testSignaledFlag());
            a.put();
            assertTrue(DmaFenceArray.of(a).isFreed());
            List<Integer> refs = List.of(f1.refcount(), f2.refcount());
            f1.put();
            f2.put();
            out[0] = new Refs(refs, List.of(Mocks.released(f1), Mocks.released(f2)));
        });
        return out[0];
    }

    /**
     * array_release_no_put: dma_fence_array_release() keeps the array's member references, so each member stays
     * one above its driver's reference and is never released (TLC: MemberRefsBalance).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayReleaseNoPutLeaksTheMembers(LockingPolicy policy) {
        Machine m = new Machine();
        Refs refs = releaseScenario(m, policy, ContainerMutation.ARRAY_RELEASE_NO_PUT);
        assertEquals(List.of(2, 2), refs.afterContainerRelease());
        assertEquals(List.of(false, false), refs.releasedAfterDriverPut());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayReleasePutsTheMembers(LockingPolicy policy) {
        Machine m = new Machine();
        Refs refs = releaseScenario(m, policy, ContainerMutation.NONE);
        assertEquals(List.of(1, 1), refs.afterContainerRelease());
        assertEquals(List.of(true, true), refs.releasedAfterDriverPut());
        Mocks.assertClean(m, policy);
    }

    // ---- array_pending_swapped -----------------------------------------------------------------------------

    /**
     * An all-members array (signal_on_any false) of two members, f1 signals, then f2. With {@code enable} a
     * callback is added first (the member callbacks count down); without, the array is only polled (->signaled
     * counts the signalled members from num_pending's initial value). Returns whether the array was signalled
     * after f1 alone.
     */
    private static boolean swappedScenario(Machine m, LockingPolicy policy, ContainerMutation mutation,
                                           boolean enable) {
        boolean[] early = new boolean[1];
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(policy, mutation, f1, f2);
            Mocks.CountingCb cb = new Mocks.CountingCb();
            if (enable) {
                assertEquals(0, a.addCallback(cb));
            }
            f1.signal();
            early[0] = enable ? a.testSignaledFlag() : a.isSignaled();
            assertEquals(early[0] && enable ? 1 : 0, cb.runs.get());
            f2.signal();
            assertTrue(a.isSignaled());
            assertEquals(enable ? 1 : 0, cb.runs.get());
            f1.put();
            f2.put();
            a.put();
            assertTrue(DmaFenceArray.of(a).isFreed());
        });
        return early[0];
    }

    /**
     * array_pending_swapped: num_pending starts at 1 for an all-members array, so it signals after its first
     * member, the other still pending (TLC: ContainerSignaledOnlyWhenAllowed), with signalling enabled or polled.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayPendingSwappedSignalsAfterTheFirstMember(LockingPolicy policy) {
        for (boolean enable : new boolean[] {true, false}) {
            Machine m = new Machine();
            assertTrue(swappedScenario(m, policy, ContainerMutation.ARRAY_PENDING_SWAPPED, enable),
                    "signalled after f1 alone (enable " + enable + ")");
            Mocks.assertClean(m, policy);
        }
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayPendingWaitsForEveryMember(LockingPolicy policy) {
        for (boolean enable : new boolean[] {true, false}) {
            Machine m = new Machine();
            assertFalse(swappedScenario(m, policy, ContainerMutation.NONE, enable),
                    "signalled after f1 alone (enable " + enable + ")");
            Mocks.assertClean(m, policy);
        }
    }

    // ---- chain_no_irq_work ---------------------------------------------------------------------------------

    /**
     * Two nodes over f1 and f2 (both on one timeline lock if {@code shareLock}), signalling enabled on the tail,
     * which arms on its own fence f2; then f2 signals first, so the re-arm must move on to f1, then f1 signals.
     */
    private static void chainScenario(Machine m, LockingPolicy policy, ContainerMutation mutation, boolean shareLock) {
        m.cpu(0).run(() -> {
            SpinLock timeline = m.newSpinLock("mock_timeline", "timeline->lock");
            DmaFence f1 = shareLock ? Mocks.mockFence(timeline, policy) : Mocks.mockFence(m, policy);
            DmaFence f2 = shareLock ? Mocks.mockFence(timeline, policy) : Mocks.mockFence(m, policy);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy, mutation).base();
            c2.enableSwSignaling();
            f2.signal();
            assertFalse(c2.testSignaledFlag());
            f1.signal();
            assertTrue(c2.testSignaledFlag());
            for (DmaFence f : new DmaFence[] {f1, f2, c2, c1}) {
                f.put();
            }
            assertTrue(DmaFenceChain.of(c1).isFreed() && DmaFenceChain.of(c2).isFreed());
        });
    }

    /**
     * chain_no_irq_work: f2's callback re-arms on f1 at once, taking f1's lock inside f2's: one class inside
     * itself, RECURSIVE_LOCK, under every design (add_callback always takes the fence lock).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainNoIrqWorkNestsTwoFenceLocks(LockingPolicy policy) {
        Machine m = new Machine();
        chainScenario(m, policy, ContainerMutation.CHAIN_NO_IRQ_WORK, false);
        List<LockdepReport> rec = m.lockdep().reports(ReportKind.RECURSIVE_LOCK);
        assertEquals(1, rec.size(), m.lockdep().reports().toString());
        assertEquals(List.of(InlineLock.FENCE_CLASS), rec.get(0).lockClasses());
        assertEquals("dma_fence_add_callback", rec.get(0).usages().get(1).site());
    }

    /** chain_no_irq_work with both fences on one timeline lock (as most drivers have): the CPU spins on itself. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainNoIrqWorkSelfDeadlocksOnASharedTimelineLock(LockingPolicy policy) {
        Machine m = new Machine();
        SelfDeadlockException e = assertThrows(SelfDeadlockException.class,
                () -> chainScenario(m, policy, ContainerMutation.CHAIN_NO_IRQ_WORK, true));
        assertEquals("timeline->lock", e.edge().lockName());
        assertEquals(1, m.lockdep().reports(ReportKind.RECURSIVE_LOCK).size());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainIrqWorkReArmsWithNoFenceLockHeld(LockingPolicy policy) {
        for (boolean share : new boolean[] {false, true}) {
            Machine m = new Machine();
            chainScenario(m, policy, ContainerMutation.NONE, share);
            Mocks.assertClean(m, policy);
        }
    }

    // ---- chain_walk_no_cmpxchg -----------------------------------------------------------------------------

    /** What the two walkers left: the references of the nodes after both walks, and whether c2 was released. */
    private record Walked(int c1Refs, int c2Refs, boolean c2Freed, DmaFence c1, DmaFence c2) {
    }

    /**
     * Three nodes c1 <- c2 <- c3 over f1, f2, f3; the test keeps its reference to each node (as the selftest's
     * fence_chains does), only f2 has signaled. Two walkers start at c3 on CPUs 0 and 1 and both find c2 to unhook
     * (replacement c1). The interleaving is fixed: walker A (CPU 0) takes its references to c2 and to c1, and is
     * held just before its store to c3->prev; walker B (CPU 1) runs its whole walk; then A finishes.
     */
    private static Walked twoWalkers(Machine m, LockingPolicy policy, ContainerMutation mutation) throws Exception {
        CountDownLatch goB = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        DmaFence[] f = new DmaFence[3];
        DmaFence[] c = new DmaFence[3];
        DmaFence[] found = new DmaFence[2];
        try (CpuExecutor cpu0 = new CpuExecutor(m.cpu(0)); CpuExecutor cpu1 = new CpuExecutor(m.cpu(1))) {
            cpu0.run(() -> {
                for (int i = 0; i < 3; i++) {
                    f[i] = Mocks.mockFence(m, policy);
                    c[i] = DmaFenceChain.init(i == 0 ? null : c[i - 1].get(), f[i].get(), i + 1, policy, mutation)
                            .base();
                }
                f[1].signal();
            }).get(10, TimeUnit.SECONDS);
            m.setStepListener(step -> {
                if (step.cpu() == 0 && step.fn().equals(DmaFenceChain.FN_WALK) && held.compareAndSet(false, true)) {
                    goB.countDown();
                    await(bDone);
                }
            });
            var a = cpu0.run(() -> found[0] = DmaFenceChain.walk(c[2].get()));
            var b = cpu1.run(() -> {
                try {
                    await(goB);
                    found[1] = DmaFenceChain.walk(c[2].get());
                } finally {
                    bDone.countDown();
                }
            });
            b.get(10, TimeUnit.SECONDS);
            a.get(10, TimeUnit.SECONDS);
            m.setStepListener(StepListener.NONE);
            assertTrue(held.get(), "walker A was never held before its store");
            cpu0.run(() -> {
                assertSame(c[0], found[0], "walker A stops at c1 (f1 pending)");
                assertSame(c[0], found[1], "walker B stops at c1 (f1 pending)");
                assertSame(c[0], DmaFenceChain.of(c[2]).prevSnapshot(), "c2 is unhooked from c3");
                found[0].put();
                found[1].put();
            }).get(10, TimeUnit.SECONDS);
            Walked w = new Walked(c[0].refcount(), c[1].refcount(), DmaFenceChain.of(c[1]).isFreed(), c[0], c[1]);
            if (mutation == ContainerMutation.NONE) {
                cpu0.run(() -> {
                    for (DmaFence x : new DmaFence[] {c[2], c[1], c[0], f[0], f[1], f[2]}) {
                        if (x == f[0]) {
                            f[0].signal();
                            f[2].signal();
                        }
                        x.put();
                    }
                    for (int i = 0; i < 3; i++) {
                        assertTrue(DmaFenceChain.of(c[i]).isFreed(), "c" + (i + 1) + " leaked");
                        assertTrue(Mocks.released(f[i]), "f" + (i + 1) + " leaked");
                    }
                }).get(10, TimeUnit.SECONDS);
            }
            return w;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "schedule stuck");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * chain_walk_no_cmpxchg: both walkers store and both put c2 twice, so c2's four references (the test's, c3's
     * link, one per walker) are all gone when A finishes, while the test still holds its own: c2 is released under
     * it, and the test's next use of c2 (enabling signalling, as a waiter on point 2 does) runs
     * dma_fence_chain_enable_signaling() on freed memory (TLC: NoUseAfterFree). c1 also keeps the reference of B's
     * overwritten replacement: three references and two holders, the test and c3's link (c2, released, gave its
     * link back) (TLC: ChainRefsBalance).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainWalkNoCmpxchgFreesTheLinkUnderItsHolder(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        Walked w = twoWalkers(m, policy, ContainerMutation.CHAIN_WALK_NO_CMPXCHG);
        assertTrue(w.c2Freed(), "c2 released although the test still holds its reference");
        assertEquals(0, w.c2Refs());
        assertEquals(3, w.c1Refs(), "c1: the test, c3's link and the leaked replacement of walker B");
        assertEquals(List.of(), m.warnings(), "no underflow: the puts matched the count, not the holders");
        OopsException e = assertThrows(OopsException.class, () -> m.cpu(2).run(() -> w.c2().enableSwSignaling()));
        assertEquals("BUG: KASAN: use-after-free in dma_fence_chain_enable_signaling: dma_fence_chain 2 was"
                + " released", e.getMessage());
    }

    /**
     * The same interleaving with the cmpxchg: B's store wins and B drops c3's link to c2; A's cmpxchg finds c1
     * in c3->prev, fails, and A puts its replacement and its own c2. Every count matches its holders and nothing
     * is freed before its last holder puts it.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainWalkCmpxchgLetsOneWalkerUnhookTheLink(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        Walked w = twoWalkers(m, policy, ContainerMutation.NONE);
        assertFalse(w.c2Freed());
        assertEquals(1, w.c2Refs(), "c2: the test's reference only");
        assertEquals(3, w.c1Refs(), "c1: the test, c2's link and c3's link");
        Mocks.assertClean(m, policy);
    }

    // ---- chain_walk_ignores_contained ----------------------------------------------------------------------

    /**
     * Two nodes c1 (f1) <- c2 (f2), signalling enabled on c2, which arms on f2; f2 signals, so c2's irq_work
     * re-arms and must move on to f1. Returns whether c2 was signalled while f1 was still pending, and checks
     * the state then and after f1 signals.
     */
    private static boolean walkScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        boolean[] early = new boolean[1];
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy, mutation).base();
            c2.enableSwSignaling();
            f2.signal();
            early[0] = c2.testSignaledFlag();
            assertFalse(f1.testSignaledFlag());
            assertFalse(c1.testSignaledFlag());
            // The broken walk unhooked c1 (its f1 pending) from c2: nothing links c2 to point 1 any more.
            assertSame(early[0] ? null : c1, DmaFenceChain.of(c2).prevSnapshot());
            f1.signal();
            assertTrue(c2.testSignaledFlag());
            for (DmaFence f : new DmaFence[] {f1, f2, c2, c1}) {
                f.put();
            }
            assertTrue(DmaFenceChain.of(c1).isFreed() && DmaFenceChain.of(c2).isFreed());
        });
        return early[0];
    }

    /**
     * chain_walk_ignores_contained: the irq_work's walk unhooks c1 without looking at f1, finds nothing left and
     * signals c2 with f1 still pending (TLC: ChainSignaledOnlyWhenAllowed). No warning, no lockdep report.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainWalkIgnoresContainedSignalsBeforeAnEarlierPoint(LockingPolicy policy) {
        Machine m = new Machine();
        assertTrue(walkScenario(m, policy, ContainerMutation.CHAIN_WALK_IGNORES_CONTAINED),
                "c2 signalled with f1 pending");
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainWalkStopsAtAnUnsignaledContainedFence(LockingPolicy policy) {
        Machine m = new Machine();
        assertFalse(walkScenario(m, policy, ContainerMutation.NONE), "c2 signalled with f1 pending");
        Mocks.assertClean(m, policy);
    }

    // ---- chain_release_keeps_fence -------------------------------------------------------------------------

    /**
     * Signalling enabled on c2 of c1 (f1) <- c2 (f2), both fences signal, then the nodes' last puts (c2's first,
     * while the test still holds c1). The fences' counts right after and whether they were released once the
     * driver (the test) put its own reference too.
     */
    private static Refs chainReleaseScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        Refs[] out = new Refs[1];
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy, mutation).base();
            assertEquals(2, f1.refcount(), "the driver's reference and the node's");
            c2.enableSwSignaling();
            f1.signal();
            f2.signal();
            assertTrue(c2.testSignaledFlag());
            c2.put();
            c1.put();
            assertTrue(DmaFenceChain.of(c1).isFreed() && DmaFenceChain.of(c2).isFreed());
            List<Integer> refs = List.of(f1.refcount(), f2.refcount());
            f1.put();
            f2.put();
            out[0] = new Refs(refs, List.of(Mocks.released(f1), Mocks.released(f2)));
        });
        return out[0];
    }

    /**
     * chain_release_keeps_fence: each node's release keeps its contained fence's reference, so after both nodes
     * are gone each fence still counts 2 for its one holder, the driver, and is never released (TLC:
     * ChainRefsBalance).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainReleaseKeepsFenceLeaksTheContainedFences(LockingPolicy policy) {
        Machine m = new Machine();
        Refs refs = chainReleaseScenario(m, policy, ContainerMutation.CHAIN_RELEASE_KEEPS_FENCE);
        assertEquals(List.of(2, 2), refs.afterContainerRelease());
        assertEquals(List.of(false, false), refs.releasedAfterDriverPut());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainReleasePutsTheContainedFences(LockingPolicy policy) {
        Machine m = new Machine();
        Refs refs = chainReleaseScenario(m, policy, ContainerMutation.NONE);
        assertEquals(List.of(1, 1), refs.afterContainerRelease());
        assertEquals(List.of(true, true), refs.releasedAfterDriverPut());
        Mocks.assertClean(m, policy);
    }

    // ---- chain_find_seqno_stops_late -----------------------------------------------------------------------

    /**
     * c1 (f1, point 1) <- c2 (f2, point 2) on one context, nothing signaled; find_seqno(c2, 1) must leave the
     * fence that signals point 1. Checks the fence found (c2 if {@code late}, else c1) and that a waiter on it
     * sees point 1 pass when f1 signals (not if {@code late}: it also waits for f2).
     */
    private static void findSeqnoScenario(Machine m, LockingPolicy policy, ContainerMutation mutation,
                                          boolean late) {
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy, mutation).base();
            assertEquals(c1.context().id(), c2.context().id(), "one timeline");
            assertEquals(1, DmaFenceChain.of(c2).prevSeqno());
            DmaFence[] pfence = {c2.get()};
            assertEquals(0, DmaFenceChain.findSeqno(pfence, 1));
            assertSame(late ? c2 : c1, pfence[0], "find_seqno(c2, 1) left point " + pfence[0].seqno());
            f1.signal();
            assertEquals(!late, pfence[0].isSignaled(), "point 1 passed; the fence found signalled");
            f2.signal();
            assertTrue(pfence[0].isSignaled());
            for (DmaFence f : new DmaFence[] {pfence[0], f1, f2, c2, c1}) {
                f.put();
            }
            assertTrue(DmaFenceChain.of(c1).isFreed() && DmaFenceChain.of(c2).isFreed());
        });
    }

    /**
     * chain_find_seqno_stops_late: the loop stops at c2 because c2's prev_seqno (1) is not below the point (1);
     * find_seqno leaves c2, point 2, in *pfence, and a waiter on point 1 stays blocked after f1 signals, until f2
     * does too (TLC: FindSeqnoCoversPoint).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainFindSeqnoStopsLateLeavesTheNextPoint(LockingPolicy policy) {
        Machine m = new Machine();
        findSeqnoScenario(m, policy, ContainerMutation.CHAIN_FIND_SEQNO_STOPS_LATE, true);
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainFindSeqnoLeavesTheNodeOfThePoint(LockingPolicy policy) {
        Machine m = new Machine();
        findSeqnoScenario(m, policy, ContainerMutation.NONE, false);
        Mocks.assertClean(m, policy);
    }

    // ---- chain_op_forgets_signal ---------------------------------------------------------------------------

    /** What add_callback on the node returned, and its callback's runs before the node's last put. */
    private record Added(int ret, int runsBeforePut, boolean signaledBeforePut, Mocks.CountingCb cb) {
    }

    /**
     * c1 (f1) <- c2 (f2), both fences signaled, nobody enabled signalling on the nodes; then a callback is added
     * to c2, whose enable_signaling finds nothing left to wait for. The test does not poll c2 (->signaled would
     * signal it in the op's place) and then puts everything.
     */
    private static Added opSignalScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        Added[] out = new Added[1];
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy, mutation).base();
            f1.signal();
            f2.signal();
            Mocks.CountingCb cb = new Mocks.CountingCb();
            int ret = c2.addCallback(cb);
            // Everything has settled: no irq_work is queued that could still signal the node.
            assertFalse(m.cpu(0).irqPending(), "an interrupt is still pending");
            out[0] = new Added(ret, cb.runs.get(), c2.testSignaledFlag(), cb);
            for (DmaFence f : new DmaFence[] {f1, f2, c2, c1}) {
                f.put();
            }
            assertTrue(DmaFenceChain.of(c1).isFreed() && DmaFenceChain.of(c2).isFreed());
        });
        return out[0];
    }

    /**
     * chain_op_forgets_signal under the void op: enable_signaling finds no unsignaled fence and neither signals
     * nor tells the core; add_callback re-tests SIGNALED, finds it clear and links the callback (returns 0), and
     * the callback never runs (TLC: ContainerCallbacksRun). Only the last put runs it, through
     * dma_fence_release()'s "released with pending signals!" WARN.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"RFC2024", "SERIES2026"})
    void chainOpForgetsSignalLinksACallbackThatNeverRuns(LockingPolicy policy) {
        Machine m = new Machine();
        Added a = opSignalScenario(m, policy, ContainerMutation.CHAIN_OP_FORGETS_SIGNAL);
        assertEquals(0, a.ret(), "add_callback linked the callback on a node with every fence passed");
        assertEquals(0, a.runsBeforePut(), "the callback ran");
        assertFalse(a.signaledBeforePut());
        List<String> warned = m.warnings().stream().map(Warning::message).toList();
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).endsWith("released with pending signals!"), warned.get(0));
        assertEquals(1, a.cb().runs.get(), "run once, by the release's forced signal");
    }

    /**
     * chain_op_forgets_signal under LEGACY and REWORKED: the op's false answer makes the core signal the node, so
     * add_callback returns -ENOENT as with the correct code; the variant changes nothing there.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void chainOpForgetsSignalChangesNothingWhereTheCoreSignals(LockingPolicy policy) {
        Machine m = new Machine();
        Added a = opSignalScenario(m, policy, ContainerMutation.CHAIN_OP_FORGETS_SIGNAL);
        assertEquals(-Errno.ENOENT, a.ret());
        assertTrue(a.signaledBeforePut());
        assertEquals(0, a.cb().runs.get());
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainOpWithNothingLeftSignalsTheNode(LockingPolicy policy) {
        Machine m = new Machine();
        Added a = opSignalScenario(m, policy, ContainerMutation.NONE);
        assertEquals(-Errno.ENOENT, a.ret());
        assertTrue(a.signaledBeforePut());
        assertEquals(0, a.cb().runs.get());
        Mocks.assertClean(m, policy);
    }

    // ---- chain_signaled_tests_link -------------------------------------------------------------------------

    /**
     * c1 (f1) <- c2 (f2); both fences signal while nobody enables signalling on the nodes; then a poller asks
     * dma_fence_is_signaled(c2): the correct code answers true at the first poll; the broken one false to every
     * poll, until someone enables signalling on c2.
     */
    private static void chainPollScenario(Machine m, LockingPolicy policy, ContainerMutation mutation) {
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy, mutation).base();
            f1.signal();
            f2.signal();
            if (mutation == ContainerMutation.NONE) {
                assertTrue(c2.isSignaled(), "->signaled asks the contained fences when signalling is off");
                assertTrue(c2.testSignaledFlag());
            } else {
                for (int i = 0; i < POLLS; i++) {
                    assertFalse(c2.isSignaled(), "poll " + i + " saw the node signalled");
                }
                assertFalse(c2.testSignaledFlag());
                assertFalse(c1.testSignaledFlag(), "no node gets SIGNALED by itself");
                // Only enabling signalling (whose walk asks the contained fences) gets the node signalled.
                c2.enableSwSignaling();
                assertTrue(c2.testSignaledFlag());
            }
            for (DmaFence f : new DmaFence[] {f1, f2, c2, c1}) {
                f.put();
            }
            assertTrue(DmaFenceChain.of(c1).isFreed() && DmaFenceChain.of(c2).isFreed());
        });
    }

    /**
     * chain_signaled_tests_link: ->signaled (->check_signaled under SERIES2026) stops at c2's own SIGNALED flag,
     * which nothing sets without enabling signalling, so a poller never sees c2 signalled, however often it asks
     * and under every design (TLC: PollerSeesSignal). No warning and no lockdep report: the failure is the
     * poller's hang.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainSignaledTestsLinkNeverShowsThePollerTheSignal(LockingPolicy policy) {
        Machine m = new Machine();
        chainPollScenario(m, policy, ContainerMutation.CHAIN_SIGNALED_TESTS_LINK);
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainSignaledAsksTheContainedFences(LockingPolicy policy) {
        Machine m = new Machine();
        chainPollScenario(m, policy, ContainerMutation.NONE);
        Mocks.assertClean(m, policy);
    }
}
