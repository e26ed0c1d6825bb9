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
     * The correct code must leave neither a kernel warning nor a lockdep report, except the one hazard that is the
     * subject of the whole project, {@link ReportKind#DRIVER_OP_UNDER_FENCE_LOCK} (the spec's
     * NoDriverOpUnderFenceLock; not a deadlock by itself), where the design has it by construction: LEGACY calls
     * {@code ->enable_signaling} with the container's lock held, and every design but SERIES2026 has
     * {@code dma_fence_get_status()} call {@code ->signaled} under it (SERIES2026's 02/10 and 07/10 made it a
     * flag test). Any other report, or this one where the design should not have it, fails.
     */
    static void assertClean(Machine m, LockingPolicy policy) {
        assertEquals(List.of(), m.warnings(), "kernel warnings");
        List<LockdepReport> reports = m.lockdep().reports().stream()
                .filter(r -> !(r.kind() == ReportKind.DRIVER_OP_UNDER_FENCE_LOCK && opUnderLockByDesign(r, policy)))
                .toList();
        assertEquals(List.of(), reports, "lockdep reports");
    }

    private static boolean opUnderLockByDesign(LockdepReport r, LockingPolicy policy) {
        return switch (r.detail()) {
            case "enable_signaling" -> policy == LockingPolicy.LEGACY;
            case "signaled" -> !policy.statusTestsFlagOnly();
            default -> false;
        };
    }
}
