package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.StepListener;
import org.fencecheck.sim.Warning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ops and the init of dma-fence-chain.c one at a time: the steps each op takes and in which context,
 * {@code ->signaled} without signalling enabled, the RCU section of dma_fence_chain_get_prev(), the context
 * dma_fence_chain_init() picks, its WARN for a chain as the contained fence, and the use after free KASAN reports
 * when an op runs on a released node.
 */
class ChainOpsTest {

    /**
     * The life of a one-node chain as steps of its ops: enable_signaling arming the callback on the contained
     * fence in process context, the callback queueing the irq_work, the irq_work re-running enable_signaling in
     * hard-IRQ context (nothing left: the node signals), and the release.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void theNodesOpsAreStepsInTheirContexts(LockingPolicy policy) {
        Machine m = new Machine();
        List<String> steps = new ArrayList<>();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence chain = Mocks.mockChain(null, f, 1, policy);
            m.setStepListener(s -> {
                if (s.action() == Action.DRIVER_PROFILE) {
                    steps.add(s.context().name() + " " + s.fn() + ": " + s.act());
                }
            });
            try {
                chain.enableSwSignaling();
                f.signal();
                assertTrue(chain.testSignaledFlag());
                f.put();
                chain.put();
            } finally {
                m.setStepListener(StepListener.NONE);
            }
        });
        assertEquals(List.of(
                "PROC dma_fence_chain_enable_signaling: dma_fence_add_callback(contained, &head->cb)",
                "PROC dma_fence_chain_cb: irq_work_queue(&chain->work); dma_fence_put(f)",
                "IRQ dma_fence_chain_irq_work: dma_fence_chain_enable_signaling(); dma_fence_put()",
                "IRQ dma_fence_chain_enable_signaling: dma_fence_add_callback(contained, &head->cb)",
                "PROC dma_fence_chain_release: unlink prev while we hold its last reference"), steps);
    }

    /**
     * dma_fence_is_signaled() of a node without signalling enabled asks {@code ->signaled}: false while the
     * contained fence has not signaled, true (and the node signals) once it has.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signaledAsksTheContainedFence(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence chain = Mocks.mockChain(null, f, 1, policy);
            assertFalse(chain.isSignaled(), "the contained fence has not signaled");
            assertFalse(chain.testSignaledFlag());
            f.signal();
            assertTrue(chain.isSignaled());
            assertTrue(chain.testSignaledFlag());
            f.put();
            chain.put();
        });
    }

    /**
     * dma_fence_get_status() of a node whose contained fence signaled, signalling never enabled: 1. The designs
     * that call {@code ->signaled} under the node's lock get a plain answer from it and signal the node with
     * dma_fence_signal_locked(); an op that took the lock to signal itself would deadlock there.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void getStatusOfANodeWhoseFenceSignaledIsOne(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence chain = Mocks.mockChain(null, f, 1, policy);
            f.signal();
            int expected = policy.statusTestsFlagOnly() ? 0 : 1;
            assertEquals(expected, chain.getStatus(), "SERIES2026 only tests the flag");
            assertTrue(chain.isSignaled());
            assertEquals(1, chain.getStatus());
            f.put();
            chain.put();
        });
    }

    /** dma_fence_chain_walk() reads prev in an RCU read-side section it leaves again (balanced, no splat). */
    @Test
    void walkLeavesItsRcuSection() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = Mocks.mockChain(null, f1, 1, policy);
            DmaFence c2 = Mocks.mockChain(c1, f2, 2, policy);
            DmaFence next = DmaFenceChain.walk(c2.get());
            assertSame(c1, next, "c1's fence has not signaled: the walk stops there");
            assertFalse(m.rcu().readLockHeld(), "the walk left its rcu_read_lock() section");
            next.put();
            f1.signal();
            f2.signal();
            f1.put();
            f2.put();
            c2.put();
            c1.put();
            assertTrue(DmaFenceChain.of(c1).isFreed());
        });
        assertEquals(List.of(), m.warnings());
    }

    /**
     * dma_fence_chain_init() continues prev's context only for a later seqno; an equal seqno starts a fresh
     * context (prev_seqno 0) at prev's seqno.
     */
    @Test
    void anEqualSeqnoStartsAFreshContext() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence f3 = Mocks.mockFence(m, policy);
            DmaFence c1 = Mocks.mockChain(null, f1, 5, policy);
            DmaFence c2 = Mocks.mockChain(c1, f2, 5, policy);
            DmaFenceChain n2 = DmaFenceChain.of(c2);
            assertNotEquals(c1.context().id(), c2.context().id());
            assertEquals(0, n2.prevSeqno());
            assertEquals(5, c2.seqno());
            assertSame(f2, n2.fence(), "chain->fence is the contained fence");
            DmaFence c3 = Mocks.mockChain(c2, f3, 6, policy);
            assertEquals(c2.context().id(), c3.context().id(), "a later seqno continues the context");
            assertEquals(5, DmaFenceChain.of(c3).prevSeqno());
            assertTrue(DmaFenceChain.of(c3).toString().contains("prev_seqno 5"), DmaFenceChain.of(c3).toString());
            for (DmaFence f : new DmaFence[] {f1, f2, f3}) {
                f.signal();
                f.put();
            }
            c3.put();
            c2.put();
            c1.put();
        });
        assertEquals(List.of(), m.warnings());
    }

    /** A node whose contained fence is itself a chain: WARN_ON(dma_fence_is_chain(fence)), and init carries on. */
    @Test
    void aChainAsTheContainedFenceWarns() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence inner = Mocks.mockChain(null, f, 1, policy);
            DmaFence outer = Mocks.mockChain(null, inner, 1, policy);
            assertSame(inner, DmaFenceChain.contained(outer));
            f.signal();
            f.put();
            inner.put();
            outer.put();
        });
        List<Warning> w = m.warnings();
        assertEquals(1, w.size(), w.toString());
        assertEquals("dma_fence_chain_init", w.get(0).fn());
        assertEquals("WARN_ON(dma_fence_is_chain(fence))", w.get(0).message());
    }

    /**
     * A chain's seqnos are 64-bit (use_64bit_seqno): on one timeline, point 2^32 + 1 is later than point 2, which
     * a 32-bit comparison would call earlier. The node names itself dma_fence_chain on the unbound timeline.
     */
    @Test
    void chainSeqnosCompareAs64Bit() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c1 = Mocks.mockChain(null, f1, 2, policy);
            DmaFence c2 = Mocks.mockChain(c1, f2, (1L << 32) + 1, policy);
            assertEquals(c1.context().id(), c2.context().id());
            assertEquals("dma_fence_chain", c2.getDriverName());
            assertEquals("unbound", c2.getTimelineName());
            assertTrue(DmaFence.isLater(c2, c1), "point 2^32 + 1 is later than point 2");
            assertFalse(DmaFence.isLater(c1, c2));
            for (DmaFence f : new DmaFence[] {f1, f2}) {
                f.signal();
                f.put();
            }
            c2.put();
            c1.put();
        });
        assertEquals(List.of(), m.warnings());
    }

    /** The callback, the irq_work or the release running on a node already released is a use after free (KASAN). */
    @Test
    void anOpOnAReleasedNodeIsAUseAfterFree() {
        Machine m = new Machine();
        LockingPolicy policy = LockingPolicy.REWORKED;
        m.cpu(0).run(() -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence chain = Mocks.mockChain(null, f, 1, policy);
            DmaFenceChain node = DmaFenceChain.of(chain);
            f.signal();
            chain.put();
            assertTrue(node.isFreed());
            OopsException cb = assertThrows(OopsException.class, () -> node.cb(f));
            assertEquals("BUG: KASAN: use-after-free in dma_fence_chain_cb: dma_fence_chain 1 was released",
                    cb.getMessage());
            OopsException work = assertThrows(OopsException.class, node::irqWork);
            assertEquals("BUG: KASAN: use-after-free in dma_fence_chain_irq_work: dma_fence_chain 1 was released",
                    work.getMessage());
            OopsException release = assertThrows(OopsException.class, node::release);
            assertEquals("BUG: KASAN: use-after-free in dma_fence_chain_release: dma_fence_chain 1 was released",
                    release.getMessage());
            f.put();
            assertNull(node.prevSnapshot());
        });
    }
}
