package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.Step;
import org.fencecheck.sim.StepListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ops of dma-fence-array.c one at a time: the steps each takes and in which context, the pending-error
 * sentinel on the enable path, {@code ->signaled} between the last member's callback and the irq_work, and the use
 * after free KASAN reports when an op runs on a released array.
 */
class ArrayOpsTest {

    /**
     * The life of a one-member array as steps of its ops: enable_signaling (get + add_callback of callback 0 on
     * fences[0]) in
     * process context, the member's callback counting down num_pending, the irq_work signalling the array in
     * hard-IRQ context, and the release putting the members.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void theArraysOpsAreStepsInTheirContexts(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> steps = new ArrayList<>();
        List<String> added = new ArrayList<>();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f);
            m.setStepListener(s -> {
                if (s.action() == Action.DRIVER_PROFILE) {
                    steps.add(s.context().name() + " " + s.fn() + ": " + s.act());
                } else if (s.fn().equals("dma_fence_add_callback") && s.action() == Action.CALL) {
                    added.add(s.act());
                }
            });
            try {
                array.enableSwSignaling();
                f.signal();
                assertTrue(array.testSignaledFlag());
                f.put();
                array.put();
            } finally {
                m.setStepListener(StepListener.NONE);
            }
        });
        assertEquals(List.of(
                "PROC dma_fence_array_enable_signaling: dma_fence_get(&array->base); dma_fence_add_callback(fences[0])",
                "PROC dma_fence_array_cb_func: atomic_dec_and_test(&array->num_pending)",
                "IRQ irq_dma_fence_array_work: dma_fence_signal(&array->base); dma_fence_put()",
                "PROC dma_fence_array_release: dma_fence_put(array->fences[i]); dma_fence_free()"), steps);
        assertEquals(List.of("call [array_cb0]"), added, "the member's callback is array->callbacks[0]");
    }

    /**
     * Members that all signaled before enable_signaling: the op counts them down itself and clears the
     * PENDING_ERROR sentinel, so the array signals with status 1 and error 0.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void enablingAnArrayOfSignaledMembersClearsThePendingError(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f = Mocks.mockFence(m, policy);
            f.signal();
            DmaFence array = Mocks.mockArray(policy, false, f);
            assertEquals(DmaFenceArray.PENDING_ERROR, array.error());
            array.enableSwSignaling();
            assertTrue(array.testSignaledFlag());
            assertEquals(0, array.error(), "the sentinel was cleared");
            assertEquals(1, array.getStatus());
            f.put();
            array.put();
        });
    }

    /**
     * With signalling enabled, {@code ->signaled} answers from num_pending: once the last member's callback
     * counted it down to 0 the array has passed, even before its irq_work (held off here by IRQs off) signals it.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signaledAnswersFromAPendingCountOfZeroBeforeTheIrqWork(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            Cpu cpu = Cpu.current();
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f);
            array.enableSwSignaling();
            boolean flags = cpu.localIrqSave();
            f.signal();
            assertEquals(0, DmaFenceArray.of(array).numPending());
            assertFalse(array.testSignaledFlag(), "the irq_work has not run");
            assertTrue(array.isSignaled(), "num_pending 0 with signalling enabled is passed");
            cpu.localIrqRestore(flags, "test");
            assertTrue(array.testSignaledFlag());
            assertEquals(0, array.error());
            f.put();
            array.put();
        });
    }

    /**
     * Without signalling enabled, {@code ->signaled} asks the members: false while one has not signaled; true once
     * all have, with the PENDING_ERROR sentinel cleared (status 1, error 0). The array names itself
     * dma_fence_array on the unbound timeline.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signaledWithoutSignallingEnabledAsksTheMembers(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f0 = Mocks.mockFence(m, policy);
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f0, f1);
            assertEquals("dma_fence_array", array.getDriverName());
            assertEquals("unbound", array.getTimelineName());
            f0.signal();
            assertFalse(array.isSignaled(), "fences[1] has not signaled");
            assertEquals(DmaFenceArray.PENDING_ERROR, array.error());
            f1.signal();
            assertTrue(array.isSignaled());
            assertEquals(0, array.error(), "the sentinel was cleared");
            assertEquals(1, array.getStatus());
            f0.put();
            f1.put();
            array.put();
        });
    }

    /**
     * dma_fence_get_status() of an array whose members all signaled, signalling never enabled: 1. The designs that
     * call {@code ->signaled} under the array's lock get a plain answer from it and signal the array with
     * dma_fence_signal_locked(); an op that took the lock to signal itself would deadlock there.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void getStatusOfAnArrayWhoseMembersSignaledIsOne(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f);
            f.signal();
            int expected = policy.statusTestsFlagOnly() ? 0 : 1;
            assertEquals(expected, array.getStatus(), "SERIES2026 only tests the flag");
            assertTrue(array.isSignaled());
            assertEquals(1, array.getStatus());
            f.put();
            array.put();
        });
    }

    /** An irq_work or a release running on an array already released is a use after free (KASAN). */
    @Test
    void anOpOnAReleasedArrayIsAUseAfterFree() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f);
            DmaFenceArray a = DmaFenceArray.of(array);
            f.signal();
            f.put();
            array.put();
            assertTrue(a.isFreed());
            OopsException work = assertThrows(OopsException.class, a::irqWork);
            assertEquals("BUG: KASAN: use-after-free in irq_dma_fence_array_work: dma_fence_array 1 was released",
                    work.getMessage());
            OopsException release = assertThrows(OopsException.class, a::release);
            assertEquals("BUG: KASAN: use-after-free in dma_fence_array_release: dma_fence_array 1 was released",
                    release.getMessage());
        });
    }

    /**
     * Broken variant array_cb_signals_directly still signals only at the last member, and with the sentinel
     * cleared (status 1, error 0): it differs from the correct code only in the lock it takes.
     */
    @Test
    void arrayCbSignalsDirectlyStillWaitsForTheLastMember() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f0 = Mocks.mockFence(m, policy);
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence array = DmaFenceArray.create(new DmaFence[] {f0.get(), f1.get()},
                    org.fencecheck.fence.FenceContext.alloc(policy), 1, false,
                    ContainerMutation.ARRAY_CB_SIGNALS_DIRECTLY).base();
            array.enableSwSignaling();
            f0.signal();
            assertFalse(array.testSignaledFlag(), "signaled before its last member");
            f1.signal();
            assertTrue(array.testSignaledFlag());
            assertEquals(0, array.error(), "the sentinel was cleared");
            assertEquals(1, array.getStatus());
        });
    }

    /** dma_fence_match_context() of a plain fence compares its own context; array->fences[i] is the member. */
    @Test
    void matchContextOfAPlainFenceIsItsOwnContext() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            assertTrue(DmaFenceArray.matchContext(f, 0), "a mock fence is of context 0");
            assertFalse(DmaFenceArray.matchContext(f, 1));
            DmaFence array = Mocks.mockArray(policy, false, f);
            assertSame(f, DmaFenceArray.of(array).fence(0));
            f.signal();
            f.put();
            array.put();
        });
    }
}
