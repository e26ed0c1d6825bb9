package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * The container selftests' mocks (st-dma-fence-chain.c, st-dma-fence-unwrap.c): a fence of context 0 and seqno 0
 * with names and a counting release, whose lock is an inline lock of the shared fence class.
 */
final class Mocks {

    private Mocks() {
    }

    /** mock_ops: names and a release counter, no ->enable_signaling, no ->signaled. */
    static final class MockOps implements DmaFenceOps {
        final AtomicInteger released = new AtomicInteger();

        @Override
        public String getDriverName(DmaFence fence) {
            return "mock";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "mock";
        }

        @Override
        public void release(DmaFence fence) {
            released.incrementAndGet();
        }
    }

    /** mock_fence(): its own inline lock, context 0, seqno 0. */
    static DmaFence mockFence(Machine m, LockingPolicy policy) {
        return mockFence(InlineLock.create(m, "f->lock"), policy);
    }

    /** A mock fence on a given lock (a timeline lock several fences share). */
    static DmaFence mockFence(SpinLock lock, LockingPolicy policy) {
        return DmaFence.init(new MockOps(), lock, new FenceContext(0, policy), 0);
    }

    /** Whether the mock's release ran. */
    static boolean released(DmaFence f) {
        return ((MockOps) f.ops()).released.get() > 0;
    }

    /** mock_chain(): a node taking new references to {@code prev} and {@code fence}. */
    static DmaFence mockChain(DmaFence prev, DmaFence fence, long seqno, LockingPolicy policy) {
        return DmaFenceChain.init(prev == null ? null : prev.get(), fence.get(), seqno, policy).base();
    }

    /** mock_array(): an array over new references to {@code fences}. */
    static DmaFence mockArray(LockingPolicy policy, boolean signalOnAny, DmaFence... fences) {
        DmaFence[] refs = new DmaFence[fences.length];
        for (int i = 0; i < fences.length; i++) {
            refs[i] = fences[i].get();
        }
        return DmaFenceArray.create(refs, FenceContext.alloc(policy), 1, signalOnAny).base();
    }

    /** A callback counting its runs. */
    static final class CountingCb implements FenceCallback {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void func(DmaFence fence) {
            runs.incrementAndGet();
        }

        @Override
        public String name() {
            return "counting_cb";
        }
    }

    /**
     * Runs {@code body} as CPU 0 of {@code m} and checks it with {@link #assertClean}.
     */
    static void onCpu0(Machine m, LockingPolicy policy, Runnable body) {
        m.cpu(0).run(body);
        assertClean(m, policy);
    }

    /**
     * The correct code must leave neither a kernel warning nor a lockdep report, with one exception that is the
     * point of the whole project: under LEGACY the core calls {@code ->enable_signaling} with the fence lock held,
     * which the validator reports as {@link ReportKind#DRIVER_OP_UNDER_FENCE_LOCK} for a container's class the
     * first time a container is enabled (the spec's NoDriverOpUnderFenceLock, violated by mainline by design, not
     * a deadlock). The other designs must not have it.
     */
    static void assertClean(Machine m, LockingPolicy policy) {
        assertEquals(List.of(), m.warnings(), "kernel warnings");
        List<LockdepReport> reports = m.lockdep().reports().stream()
                .filter(r -> !(policy == LockingPolicy.LEGACY && r.kind() == ReportKind.DRIVER_OP_UNDER_FENCE_LOCK))
                .toList();
        assertEquals(List.of(), reports, "lockdep reports");
    }
}
