package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.SelfDeadlockException;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Warning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each broken container variant next to the correct code in the same scenario: the variant's specific failure
 * (exception, lockdep report, warning, or the wrong answer: a poll that never sees the signal, a callback that
 * never runs, a leaked reference, an early signal) and the correct code's clean run. Each array_* variant shows the
 * failure of the property TLC refutes with it in spec/DmaFenceContainers.tla (see {@link ContainerMutation}). The
 * shared-lock-class variants are in {@link ContainerLockdepTest}.
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
     * The members' reference counts right after the array's last put (each member also held by its driver, here
     * the test), and whether each member was released once the driver put its own reference too.
     */
    private record Refs(List<Integer> afterArrayRelease, List<Boolean> releasedAfterDriverPut) {
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
        assertEquals(List.of(2, 2), refs.afterArrayRelease());
        assertEquals(List.of(false, false), refs.releasedAfterDriverPut());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayReleasePutsTheMembers(LockingPolicy policy) {
        Machine m = new Machine();
        Refs refs = releaseScenario(m, policy, ContainerMutation.NONE);
        assertEquals(List.of(1, 1), refs.afterArrayRelease());
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
     * member, the other still pending (TLC: ArraySignaledOnlyWhenAllowed), with signalling enabled or polled.
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
}
