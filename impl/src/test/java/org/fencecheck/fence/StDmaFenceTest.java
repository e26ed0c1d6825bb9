package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cases of the kernel's selftest drivers/dma-buf/st-dma-fence.c (6.x, with mock_wait), each named after its C
 * twin and run under both locking policies. Each runs as simulated CPU 0 of a fresh machine; no case may leave a
 * kernel warning behind.
 */
class StDmaFenceTest {

    /** The C suite's simple_cb: records that the callback ran. */
    static final class SimpleCb implements FenceCallback {
        final AtomicBoolean seen = new AtomicBoolean();

        @Override
        public void func(DmaFence fence) {
            seen.set(true);
        }

        @Override
        public String name() {
            return "simple_cb";
        }
    }

    private static void onCpu0(Machine m, Runnable body) {
        m.cpu(0).run(body);
        assertEquals(List.of(), m.warnings(), "kernel warnings");
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void sanitycheck(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            f.enableSwSignaling();
            f.signal();
            f.put();
            assertEquals(1, ((MockFence.MockOps) f.ops()).released.get());
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_signaling(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            f.enableSwSignaling();
            assertFalse(f.isSignaled(), "Fence unexpectedly signaled on creation");
            assertEquals(0, f.signal(), "Fence reported being already signaled");
            assertTrue(f.isSignaled(), "Fence not reporting signaled");
            assertEquals(-Errno.EINVAL, f.signal(), "Fence reported not being already signaled");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_add_callback(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            SimpleCb cb = new SimpleCb();
            assertEquals(0, f.addCallback(cb), "Failed to add callback, fence already signaled!");
            f.signal();
            assertTrue(cb.seen.get(), "Callback failed!");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_late_add_callback(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            SimpleCb cb = new SimpleCb();
            f.enableSwSignaling();
            f.signal();
            assertEquals(-Errno.ENOENT, f.addCallback(cb), "Added callback, but fence was already signaled!");
            f.signal();
            assertFalse(cb.seen.get(), "Callback called after failed attachment!");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_rm_callback(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            SimpleCb cb = new SimpleCb();
            assertEquals(0, f.addCallback(cb), "Failed to add callback, fence already signaled!");
            assertTrue(f.removeCallback(cb), "Failed to remove callback!");
            f.signal();
            assertFalse(cb.seen.get(), "Callback still signaled after removal!");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_late_rm_callback(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            SimpleCb cb = new SimpleCb();
            assertEquals(0, f.addCallback(cb), "Failed to add callback, fence already signaled!");
            f.signal();
            assertTrue(cb.seen.get(), "Callback failed!");
            assertFalse(f.removeCallback(cb), "Callback removal succeeded after being executed!");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_status(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            f.enableSwSignaling();
            assertEquals(0, f.getStatus(), "Fence unexpectedly has signaled status on creation");
            f.signal();
            assertEquals(1, f.getStatus(), "Fence not reporting signaled status");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_error(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            f.enableSwSignaling();
            f.setError(-Errno.EIO);
            assertEquals(0, f.getStatus(), "Fence unexpectedly has error status before signal");
            f.signal();
            assertEquals(-Errno.EIO, f.getStatus(), "Fence not reporting error status");
            f.put();
        });
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_wait(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            DmaFence f = MockFence.create(m, policy);
            f.enableSwSignaling();
            assertEquals(-Errno.ETIME, f.waitTimeout(false, 0), "Wait reported complete before being signaled");
            f.signal();
            assertEquals(0, f.waitTimeout(false, 0), "Wait reported incomplete after being signaled");
            f.put();
        });
    }

    /**
     * As the C test, with one deviation: the second wait allows HZ jiffies rather than 2 (as upstream's 2026
     * version does), since a simulated jiffy is 1 ms and the machine is shared.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_wait_timeout(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        DmaFence f = MockFence.create(m, policy);
        m.cpu(0).run(() -> {
            f.enableSwSignaling();
            assertEquals(-Errno.ETIME, f.waitTimeout(false, 1), "Wait reported complete before being signaled");
        });
        try (CpuExecutor timer = new CpuExecutor(m.cpu(1))) {
            Future<?> fired = timer.submit(() -> {
                Thread.sleep(Sched.NANOS_PER_JIFFY / 1_000_000);
                return f.signal();
            });
            long[] ret = new long[1];
            long[] returnedAt = new long[1];
            m.cpu(0).run(() -> {
                ret[0] = f.waitTimeout(false, Sched.HZ);
                returnedAt[0] = System.nanoTime();
            });
            fired.get();
            if (ret[0] == -Errno.ETIME) {
                Assumptions.assumeTrue(f.timestamp() > returnedAt[0], "Timer did not fire within HZ");
                fail("Wait reported incomplete after timeout");
            }
            assertTrue(ret[0] > 0, "remaining jiffies " + ret[0]);
        }
        m.cpu(0).run(f::put);
        assertEquals(List.of(), m.warnings());
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void test_stub(LockingPolicy policy) {
        Machine m = new Machine();
        onCpu0(m, () -> {
            List<DmaFence> stubs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                DmaFence s = DmaFence.getStub();
                stubs.add(s);
                assertTrue(s.isSignaled(), "Obtained unsignaled stub fence!");
            }
            for (int i = stubs.size() - 1; i >= 0; i--) {
                stubs.get(i).put();
            }
        });
    }

    /**
     * race_signal_callback: two CPUs, two passes (signal own fence after / before adding a callback to the other
     * CPU's fence); if add_callback succeeded, the callback must have run once the fence was waited for and its
     * lock taken and dropped ("Callback not seen").
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void race_signal_callback(LockingPolicy policy) throws Exception {
        Machine m = new Machine();
        AtomicReferenceArray<DmaFence> fences = new AtomicReferenceArray<>(2);
        for (int pass = 0; pass <= 1; pass++) {
            boolean before = pass == 1;
            AtomicBoolean stop = new AtomicBoolean();
            try (CpuExecutor t0 = new CpuExecutor(m.cpu(0)); CpuExecutor t1 = new CpuExecutor(m.cpu(1))) {
                Future<long[]> r0 = t0.submit(() -> threadSignalCallback(m, policy, fences, 0, before, stop));
                Future<long[]> r1 = t1.submit(() -> threadSignalCallback(m, policy, fences, 1, before, stop));
                Thread.sleep(50);
                stop.set(true);
                for (Future<long[]> r : List.of(r0, r1)) {
                    try {
                        long[] passes = r.get();
                        assertTrue(passes[0] > 0, "no pass completed");
                    } catch (ExecutionException e) {
                        throw new AssertionError(e.getCause());
                    }
                }
            }
        }
        assertEquals(List.of(), m.warnings());
    }

    /** thread_signal_callback(); returns {passes, misses}. */
    private static long[] threadSignalCallback(Machine m, LockingPolicy policy, AtomicReferenceArray<DmaFence> fences,
                                               int id, boolean before, AtomicBoolean stop) {
        long pass = 0;
        long miss = 0;
        while (!stop.get()) {
            DmaFence f1 = MockFence.create(m, policy);
            f1.enableSwSignaling();
            fences.set(id, f1);
            DmaFence f2;
            do {
                f2 = getRcuSafe(fences, 1 - id);
            } while (f2 == null && !stop.get());
            if (before) {
                f1.signal();
            }
            SimpleCb cb = new SimpleCb();
            if (f2 == null || f2.addCallback(cb) != 0) {
                miss++;
                cb.seen.set(true);
            }
            if (!before) {
                f1.signal();
            }
            if (!cb.seen.get()) {
                f2.await(false);
                boolean flags = f2.lock().spinLockIrqsave("__wait_for_callbacks", f2.seqno());
                f2.lock().spinUnlockIrqrestore(flags, "__wait_for_callbacks", f2.seqno());
            }
            if (!cb.seen.get()) {
                throw new AssertionError("Callback not seen on thread " + id + ", pass " + pass + " (" + miss
                        + " misses), signaling " + (before ? "before" : "after") + " add_callback; fence signaled? "
                        + (f2 != null && f2.isSignaled()));
            }
            if (f2 != null) {
                f2.put();
            }
            fences.set(id, null);
            f1.put();
            pass++;
        }
        return new long[] {pass, miss};
    }

    /** dma_fence_get_rcu_safe(): a reference to the published fence unless it is dying or was replaced. */
    private static DmaFence getRcuSafe(AtomicReferenceArray<DmaFence> fences, int i) {
        for (;;) {
            DmaFence f = fences.get(i);
            if (f == null) {
                return null;
            }
            if (f.getRcu() == null) {
                continue;
            }
            if (fences.get(i) == f) {
                return f;
            }
            f.put();
        }
    }
}
