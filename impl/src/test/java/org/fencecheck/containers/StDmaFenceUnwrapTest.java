package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cases of the kernel's selftest drivers/dma-buf/st-dma-fence-unwrap.c (torvalds/linux, read at
 * 073350da0aa2: sanitycheck, unwrap_array, unwrap_chain, unwrap_chain_array), each named after its C twin and run
 * under every design; all pass under all four. The C cases check that every fence was seen; these check the exact
 * order, and that everything is released at the end. The merge cases of later versions are not ported.
 */
class StDmaFenceUnwrapTest {

    /** dma_fence_unwrap_for_each(fence, &iter, head), collecting the fences. */
    private static List<DmaFence> unwrap(DmaFence head) {
        List<DmaFence> seen = new ArrayList<>();
        DmaFenceUnwrap iter = new DmaFenceUnwrap();
        for (DmaFence f = iter.first(head); f != null; f = iter.next()) {
            seen.add(f);
        }
        return seen;
    }

    /** mock_chain(prev, fence) of the unwrap selftest: takes over both references, seqno 1. */
    private static DmaFence chain(DmaFence prev, DmaFence fence, LockingPolicy policy) {
        return DmaFenceChain.init(prev, fence, 1, policy).base();
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void sanitycheck(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f);
            DmaFence c = chain(null, array, policy);
            f.enableSwSignaling();
            c.enableSwSignaling();
            f.signal();
            assertTrue(c.testSignaledFlag(), "chain -> array -> fence signalled through both irq_works");
            f.put();
            c.put();
            assertTrue(Mocks.released(f));
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void unwrap_array(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f1, f2);
            assertEquals(List.of(f1, f2), unwrap(array), "Not all fences seen!");
            f1.signal();
            f2.signal();
            array.put();
            f1.put();
            f2.put();
            assertTrue(Mocks.released(f1) && Mocks.released(f2));
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void unwrap_chain(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence c = chain(f1.get(), f2.get(), policy);
            assertEquals(List.of(f2, f1), unwrap(c), "the link's own fence, then the previous fence");
            f1.signal();
            f2.signal();
            c.put();
            f1.put();
            f2.put();
            assertTrue(Mocks.released(f1) && Mocks.released(f2));
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void unwrap_chain_array(LockingPolicy policy) {
        Machine m = new Machine();
        Mocks.onCpu0(m, policy, () -> {
            DmaFence f1 = Mocks.mockFence(m, policy);
            DmaFence f2 = Mocks.mockFence(m, policy);
            DmaFence array = Mocks.mockArray(policy, false, f1, f2);
            DmaFence c = chain(null, array, policy);
            assertEquals(List.of(f1, f2), unwrap(c), "Not all fences seen!");
            f1.signal();
            f2.signal();
            c.put();
            f1.put();
            f2.put();
            assertTrue(Mocks.released(f1) && Mocks.released(f2));
        });
    }
}
