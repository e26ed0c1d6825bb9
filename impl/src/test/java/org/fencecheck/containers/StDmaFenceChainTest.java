package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cases of the kernel's selftest drivers/dma-buf/st-dma-fence-chain.c (torvalds/linux, read at 3793338cc3fe,
 * with 6.x's {@code dma_fence_enable_sw_signaling()} of every node in {@code fence_chains_init()}, as RFC 7/7's
 * diff of the file shows), each named after its C twin and run under every design. The chains are 64 nodes long
 * (CHAIN_SZ, 4096, is for real CPUs); the wait cases wait on simulated CPU 1 while CPU 0 signals. find_race is
 * {@link ContainerConcurrencyTest}'s business.
 *
 * <p>All cases pass under all four designs: the enable path nests a member's lock inside the node's lock only
 * under LEGACY, where the node's lock has its own lockdep class; the irq_work re-arms with no fence lock held in
 * every design.
 */
class StDmaFenceChainTest {

    private static final int LENGTH = 64;

    /** struct fence_chains. */
    private static final class FenceChains {
        final DmaFence[] fences;
        final DmaFence[] chains;
        DmaFence tail;

        FenceChains(Machine m, LockingPolicy policy, int count, LongUnaryOperator seqnoFn) {
            fences = new DmaFence[count];
            chains = new DmaFence[count];
            for (int i = 0; i < count; i++) {
                fences[i] = Mocks.mockFence(m, policy);
                chains[i] = Mocks.mockChain(tail, fences[i], seqnoFn.applyAsLong(i), policy);
                tail = chains[i];
                chains[i].enableSwSignaling();
            }
        }

        /** fence_chains_fini(): signal and put every fence, then put every node; all must be released. */
        void fini() {
            for (DmaFence f : fences) {
                f.signal();
                f.put();
            }
            for (DmaFence c : chains) {
                c.put();
            }
            for (int i = 0; i < chains.length; i++) {
                assertTrue(DmaFenceChain.of(chains[i]).isFreed(), "chain[" + i + "] leaked");
                assertTrue(Mocks.released(fences[i]), "fence[" + i + "] leaked");
            }
        }
    }

    private static long seqnoInc(long i) {
        return i + 1;
    }

    private static long seqnoInc2(long i) {
        return 2 * i + 2;
    }

    /** find_seqno(&fence, seqno) on a new reference to {@code start}; returns the error and the fence found. */
    private record Found(int err, DmaFence fence) {
    }

    private static Found find(DmaFence start, long seqno) {
        DmaFence[] p = {start.get()};
        int err = DmaFenceChain.findSeqno(p, seqno);
        if (p[0] != null) {
            p[0].put();
        }
        return new Found(err, p[0]);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void sanitycheck(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence chain = Mocks.mockChain(null, f, 1, policy);
            chain.enableSwSignaling();
            f.signal();
            f.put();
            assertTrue(chain.isSignaled());
            chain.put();
            assertTrue(DmaFenceChain.of(chain).isFreed());
            assertTrue(Mocks.released(f));
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void find_seqno(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            FenceChains fc = new FenceChains(m, policy, LENGTH, StDmaFenceChainTest::seqnoInc);
            Found zero = find(fc.tail, 0);
            assertEquals(0, zero.err(), "find_seqno(0)");
            assertSame(fc.tail, zero.fence(), "find_seqno(0) is a no-op");
            for (int i = 0; i < LENGTH; i++) {
                Found f = find(fc.tail, i + 1);
                assertEquals(0, f.err(), "find_seqno(" + (i + 1) + ")");
                assertSame(fc.chains[i], f.fence(), "Incorrect fence reported by find_seqno(" + (i + 1) + ")");
                Found self = find(f.fence(), i + 1);
                assertEquals(0, self.err(), "Error reported for finding self");
                assertSame(fc.chains[i], self.fence(), "Incorrect fence reported by find self");
                assertNotEquals(0, find(f.fence(), i + 2).err(), "Error not reported for future fence");
                Found before = find(f.fence(), i);
                assertEquals(0, before.err(), "Error reported for previous fence!");
                if (i > 0) {
                    assertSame(fc.chains[i - 1], before.fence(), "Incorrect fence reported by find_seqno(" + i + ")");
                }
            }
            fc.fini();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void find_signaled(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            FenceChains fc = new FenceChains(m, policy, 2, StDmaFenceChainTest::seqnoInc);
            fc.fences[0].signal();
            Found f = find(fc.tail, 1);
            assertEquals(0, f.err());
            assertTrue(f.fence() == null || f.fence() == fc.chains[0],
                    "Incorrect chain-fence reported for completed seqno:1: " + f.fence());
            fc.fini();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void find_out_of_order(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            FenceChains fc = new FenceChains(m, policy, 3, StDmaFenceChainTest::seqnoInc);
            fc.fences[1].signal();
            Found f = find(fc.tail, 2);
            assertEquals(0, f.err());
            // The middle link (2) was collected by the walk; fence 1 still blocks point 2.
            assertSame(fc.chains[0], f.fence(), "Incorrect chain-fence reported for completed seqno:2");
            fc.fini();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void find_gap(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            FenceChains fc = new FenceChains(m, policy, LENGTH, StDmaFenceChainTest::seqnoInc2);
            for (int i = 0; i < LENGTH; i++) {
                Found f = find(fc.tail, 2L * i + 1);
                assertEquals(0, f.err());
                assertSame(fc.chains[i], f.fence(), "Incorrect fence reported by find_seqno(" + (2 * i + 1) + ")");
                Found self = find(f.fence(), 2L * i + 2);
                assertEquals(0, self.err(), "Error reported for finding self");
                assertSame(fc.chains[i], self.fence(), "Incorrect fence reported by find self");
            }
            fc.fini();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signal_forward(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            FenceChains fc = new FenceChains(m, policy, LENGTH, StDmaFenceChainTest::seqnoInc);
            for (int i = 0; i < LENGTH; i++) {
                fc.fences[i].signal();
                assertTrue(fc.chains[i].isSignaled(), "chain[" + i + "] not signaled!");
                if (i + 1 < LENGTH) {
                    assertFalse(fc.chains[i + 1].isSignaled(), "chain[" + i + "] is signaled!");
                }
            }
            fc.fini();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signal_backward(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            FenceChains fc = new FenceChains(m, policy, LENGTH, StDmaFenceChainTest::seqnoInc);
            for (int i = LENGTH - 1; i >= 0; i--) {
                fc.fences[i].signal();
                if (i > 0) {
                    assertFalse(fc.chains[i].isSignaled(), "chain[" + i + "] is signaled!");
                }
            }
            for (int i = 0; i < LENGTH; i++) {
                assertTrue(fc.chains[i].isSignaled(), "chain[" + i + "] was not signaled!");
            }
            fc.fini();
        });
    }

    /** The wait cases: CPU 1 waits on the tail (dma_fence_wait) while CPU 0 signals in {@code order}. */
    private static void waitCase(LockingPolicy policy, List<Integer> order) throws Exception {
        Machine m = new Machine();
        FenceChains[] fc = new FenceChains[1];
        try (CpuExecutor c0 = new CpuExecutor(m.cpu(0)); CpuExecutor c1 = new CpuExecutor(m.cpu(1))) {
            c0.run(() -> fc[0] = new FenceChains(m, policy, LENGTH, StDmaFenceChainTest::seqnoInc))
                    .get(10, TimeUnit.SECONDS);
            Future<Long> waiter = c1.submit(() -> fc[0].tail.await(false));
            c0.run(() -> {
                for (int i : order) {
                    fc[0].fences[i].signal();
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals(0L, waiter.get(10, TimeUnit.SECONDS), "dma_fence_wait(tail)");
            c0.run(() -> fc[0].fini()).get(10, TimeUnit.SECONDS);
        }
        Mocks.assertClean(m, policy);
    }

    private static List<Integer> range() {
        return java.util.stream.IntStream.range(0, LENGTH).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void wait_forward(LockingPolicy policy) throws Exception {
        waitCase(policy, range());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void wait_backward(LockingPolicy policy) throws Exception {
        List<Integer> order = new java.util.ArrayList<>(range());
        java.util.Collections.reverse(order);
        waitCase(policy, order);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void wait_random(LockingPolicy policy) throws Exception {
        List<Integer> order = new java.util.ArrayList<>(range());
        java.util.Collections.shuffle(order, new Random(0x5eed + policy.ordinal()));
        waitCase(policy, order);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void chain_init_seqno_rules(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence f3 = Mocks.mockFence(m, policy);
            DmaFence c1 = Mocks.mockChain(null, f1, 5, policy);
            DmaFence c2 = Mocks.mockChain(c1, f2, 7, policy);
            assertEquals(c1.context().id(), c2.context().id(), "a later seqno continues the context");
            assertEquals(5, DmaFenceChain.of(c2).prevSeqno());
            DmaFence c3 = Mocks.mockChain(c2, f3, 3, policy);
            assertNotEquals(c2.context().id(), c3.context().id(), "an earlier seqno starts a fresh context");
            assertEquals(7, c3.seqno(), "seqno = max(prev->seqno, seqno)");
            assertEquals(0, DmaFenceChain.of(c3).prevSeqno());
            DmaFence first = Mocks.mockChain(null, f1, 9, policy);
            assertEquals(9, first.seqno());
            assertNull(DmaFenceChain.of(first).prevSnapshot());
            for (DmaFence f : new DmaFence[] {f1, f2, f3}) {
                f.signal();
                f.put();
            }
            for (DmaFence c : new DmaFence[] {first, c3, c2, c1}) {
                c.put();
            }
            assertTrue(DmaFenceChain.of(c1).isFreed());
        });
    }

    /**
     * Not in the C suite: dma_fence_chain_release() unhooks the links it holds the last reference to one at a
     * time, so dropping the tail of a long chain (a syncobj timeline userspace grew) does not recurse through
     * every link's release; a recursive release of this many links overflows the Java stack as it overflowed the
     * kernel's before the 2021 rework.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "SERIES2026"})
    void release_long_chain_iteratively(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence first = Mocks.mockChain(null, f, 1, policy);
            DmaFence tail = first;
            for (int i = 2; i <= 50_000; i++) {
                DmaFence next = Mocks.mockChain(tail, f, i, policy);
                if (tail != first) {
                    tail.put();
                }
                tail = next;
            }
            first.put();
            assertFalse(DmaFenceChain.of(first).isFreed(), "the second link still holds the first");
            tail.put();
            assertTrue(DmaFenceChain.of(first).isFreed());
            assertEquals(1, f.refcount(), "every link put its contained fence");
            f.signal();
            f.put();
        });
    }
}
