package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverShape;
import org.fencecheck.driver.DriverTimeline;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lockdep view of a container's inline lock. Under LEGACY, adding a callback to a container runs its
 * {@code ->enable_signaling} under the container's lock, and the op adds callbacks to members, taking their locks
 * inside it. Every member's inline lock is of the one class {@link InlineLock#FENCE_CLASS}; the container's lock is
 * an inline lock too, so mainline gives it a class of its own with {@code lockdep_set_class()} ("Since both locks
 * share the same lockdep class, this legitimate nesting confuses lockdep", the comment 10/10 deletes). Without it
 * lockdep sees one class taken while held, "possible recursive locking" (broken variants array_lock_shared_class
 * and chain_lock_shared_class). The other designs call the op with no lock held, so nothing nests and the shared
 * class is harmless, which is why 10/10 may drop the call (SERIES2026 runs with the shared class).
 */
class ContainerLockdepTest {

    /** For each acquisition of a member lock ("f->lock") on CPU 0, whether CPU 0 held {@code outer} then. */
    private static List<Boolean> recordNesting(Machine m, SpinLock[] outer) {
        List<Boolean> nested = new CopyOnWriteArrayList<>();
        m.setStepListener(step -> {
            if (step.action() == Action.LOCK_ACQUIRE && step.act().contains("(f->lock)") && outer[0] != null) {
                nested.add(Cpu.current().holds(outer[0]));
            }
        });
        return nested;
    }

    private static DmaFence array(Machine m, LockingPolicy policy, ContainerMutation mutation, DmaFence... members) {
        DmaFence[] refs = new DmaFence[members.length];
        for (int i = 0; i < members.length; i++) {
            refs[i] = members[i].get();
        }
        return DmaFenceArray.create(refs, FenceContext.alloc(policy), 1, false, mutation).base();
    }

    /** Adds a callback to the container, signals the members and puts everything; returns the nesting record. */
    private static List<Boolean> addCallbackAndSignal(Machine m, LockingPolicy policy, boolean chain,
                                                      ContainerMutation mutation) {
        SpinLock[] outer = new SpinLock[1];
        List<Boolean> nested = recordNesting(m, outer);
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence container;
            DmaFence first = null;
            if (chain) {
                first = DmaFenceChain.init(null, f1.get(), 1, policy, mutation).base();
                container = DmaFenceChain.init(first.get(), f2.get(), 2, policy, mutation).base();
            } else {
                container = array(m, policy, mutation, f1, f2);
            }
            outer[0] = container.lock();
            Mocks.CountingCb cb = new Mocks.CountingCb();
            assertEquals(0, container.addCallback(cb));
            f1.signal();
            f2.signal();
            assertEquals(1, cb.runs.get(), "the container signaled once");
            f1.put();
            f2.put();
            container.put();
            if (first != null) {
                first.put();
            }
        });
        return nested;
    }

    private static String ownClass(boolean chain) {
        return chain ? DmaFenceChain.LOCK_CLASS : DmaFenceArray.LOCK_CLASS;
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void arrayAddCallbackNestsMemberLocksInsideTheArrayLockOnlyUnderLegacy(LockingPolicy policy) {
        Machine m = new Machine();
        List<Boolean> nested = addCallbackAndSignal(m, policy, false, ContainerMutation.NONE);
        assertEquals(policy == LockingPolicy.LEGACY, nested.contains(true), "member->lock inside array->lock");
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chainAddCallbackNestsTheContainedFenceLockInsideTheChainLockOnlyUnderLegacy(LockingPolicy policy) {
        Machine m = new Machine();
        List<Boolean> nested = addCallbackAndSignal(m, policy, true, ContainerMutation.NONE);
        assertEquals(policy == LockingPolicy.LEGACY, nested.contains(true), "fence->lock inside chain->lock");
        Mocks.assertClean(m, policy);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void theContainerLockClassIsItsOwnUntilSeries2026(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence a = array(m, policy, ContainerMutation.NONE, f);
            DmaFence c = DmaFenceChain.init(null, f.get(), 1, policy).base();
            boolean shared = policy == LockingPolicy.SERIES2026;
            assertEquals(shared ? InlineLock.FENCE_CLASS : DmaFenceArray.LOCK_CLASS, a.lock().lockClass());
            assertEquals(shared ? InlineLock.FENCE_CLASS : DmaFenceChain.LOCK_CLASS, c.lock().lockClass());
            f.signal();
            f.put();
            a.put();
            c.put();
        });
    }

    /**
     * Broken variants array_lock_shared_class and chain_lock_shared_class: the container's lock in the members'
     * class. LEGACY: the nesting above is one class inside itself, RECURSIVE_LOCK on {@link InlineLock#FENCE_CLASS}
     * (two instances of one class, as lockdep reports them; no CPU deadlocks here, the locks are different).
     * The other designs nest nothing and stay clean, like SERIES2026 itself.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void sharedLockClassIsRecursiveLockingUnderLegacyOnly(LockingPolicy policy) {
        for (boolean chain : new boolean[] {false, true}) {
            Machine m = new Machine();
            ContainerMutation mutation = chain ? ContainerMutation.CHAIN_LOCK_SHARED_CLASS
                    : ContainerMutation.ARRAY_LOCK_SHARED_CLASS;
            List<Boolean> nested = addCallbackAndSignal(m, policy, chain, mutation);
            List<LockdepReport> recursive = m.lockdep().reports(ReportKind.RECURSIVE_LOCK);
            if (policy == LockingPolicy.LEGACY) {
                assertTrue(nested.contains(true));
                assertEquals(1, recursive.size(), mutation.specName() + ": " + m.lockdep().reports());
                assertEquals(List.of(InlineLock.FENCE_CLASS), recursive.get(0).lockClasses());
                assertTrue(recursive.get(0).usages().get(0).site().equals("dma_fence_add_callback")
                        || recursive.get(0).usages().get(0).site().equals("dma_fence_enable_sw_signaling"),
                        "the outer acquisition is the core's around ->enable_signaling: " + recursive.get(0));
            } else {
                assertFalse(nested.contains(true));
                Mocks.assertClean(m, policy);
            }
        }
    }

    /** The correct twin of the case above under LEGACY: with the container's own class the same nesting is clean. */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = "LEGACY")
    void ownLockClassMakesTheSameNestingClean(LockingPolicy policy) {
        for (boolean chain : new boolean[] {false, true}) {
            Machine m = new Machine();
            List<Boolean> nested = addCallbackAndSignal(m, policy, chain, ContainerMutation.NONE);
            assertTrue(nested.contains(true));
            assertEquals(List.of(), m.lockdep().reports(ReportKind.RECURSIVE_LOCK));
            Mocks.assertClean(m, policy);
            assertTrue(m.lockdep().reports(ReportKind.DRIVER_OP_UNDER_FENCE_LOCK).stream()
                    .anyMatch(r -> r.lockClasses().equals(List.of(ownClass(chain)))),
                    "LEGACY's op under the container's own lock is what lockdep sees");
        }
    }

    /**
     * LEGACY calls the container's op under the container's lock, taken irqsave by dma_fence_add_callback(): a
     * member driver whose ->enable_signaling ends with spin_unlock_irq() turns IRQs on inside that atomic context,
     * reported as IRQs enabled in the atomic caller {@link InlineLock#OP_UNDER_CONTAINER_LOCK}. The other designs
     * call the op lock-free in process context, where the same driver is harmless.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void aMemberOpThatEnablesIrqsUnderTheContainerLockIsReportedOnlyUnderLegacy(LockingPolicy policy) {
        for (boolean chain : new boolean[] {false, true}) {
            Machine m = new Machine();
            m.cpu(0).run(() -> {
                DmaFence[] members = new DmaFence[2];
                for (int i = 0; i < members.length; i++) {
                    members[i] = new DriverTimeline(m, policy, DriverShape.of(policy, DriverLocking.IRQ, false),
                            Mutation.NONE).emit();
                }
                DmaFence container = chain
                        ? DmaFenceChain.init(DmaFenceChain.init(null, members[0].get(), 1, policy).base(),
                                members[1].get(), 2, policy).base()
                        : array(m, policy, ContainerMutation.NONE, members);
                assertEquals(0, container.addCallback(new Mocks.CountingCb()));
            });
            boolean reported = m.lockdep().reports(ReportKind.IRQS_ENABLED_IN_ATOMIC_CALLER).stream()
                    .anyMatch(r -> r.detail().equals(InlineLock.OP_UNDER_CONTAINER_LOCK));
            assertEquals(policy == LockingPolicy.LEGACY, reported, (chain ? "chain: " : "array: ")
                    + m.lockdep().reports());
        }
    }

    /**
     * The containers' irq_works run in hard-IRQ context on the CPU whose member callback queued them, after that
     * member's lock is dropped: no fence lock is held there, under every design (the chain's irq_work calls its
     * enable_signaling from there; 09/10 took the chain's lock around it, 10/10 no longer does).
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void irqWorksRunInHardIrqContextWithNoFenceLockHeld(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> seen = new CopyOnWriteArrayList<>();
        m.setStepListener(step -> {
            if (step.action() == Action.DRIVER_PROFILE
                    && (step.fn().equals(DmaFenceArray.FN_WORK) || step.fn().equals(DmaFenceChain.FN_WORK))) {
                Cpu cpu = Cpu.current();
                seen.add(step.fn() + "/" + step.context() + "/" + cpu.heldLocks().size());
            }
        });
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence a = array(m, policy, ContainerMutation.NONE, f1, f2);
            DmaFence c1 = DmaFenceChain.init(null, f1.get(), 1, policy).base();
            DmaFence c2 = DmaFenceChain.init(c1.get(), f2.get(), 2, policy).base();
            a.enableSwSignaling();
            c2.enableSwSignaling();
            f2.signal();
            f1.signal();
            assertTrue(a.testSignaledFlag() && c2.testSignaledFlag());
            for (DmaFence f : new DmaFence[] {f1, f2, a, c2, c1}) {
                f.put();
            }
        });
        assertEquals(List.of(DmaFenceChain.FN_WORK + "/irq/0", DmaFenceArray.FN_WORK + "/irq/0",
                DmaFenceChain.FN_WORK + "/irq/0"), seen);
        Mocks.assertClean(m, policy);
    }
}
