package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.lockdep.LockdepReport;
import org.fencecheck.lockdep.ReportKind;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Warning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20 (spec/DmaFenceNesting.tla): where fences from outside meet a container, the kernel flattens with
 * {@code dma_fence_unwrap_merge()} so that no array holds a container and no chain link holds a chain. Each case
 * asserts the exact WARN of {@code dma_fence_chain_init()} or {@code dma_fence_array_init()}, or its absence:
 * the candidate (a sync file exported from a timeline point and imported at a point of another syncobj, which the
 * 2026 tree adds without unwrapping) against its fix ({@link DrmSyncobj}'s {@code importUnwraps}); the import at
 * point 0 and the transfer, correct and as {@link ContainerMutation#SYNCOBJ_TRANSFER_NO_UNWRAP}; the sync-file
 * merge, correct and as {@link ContainerMutation#UNWRAP_MERGE_KEEPS_CONTAINERS}; the merge's count rules; and
 * what the nested chain does to lockdep when signalling is enabled on it.
 */
class SyncobjNestingTest {

    static final String CHAIN_WARN = "WARN_ON(dma_fence_is_chain(fence))";
    static final String ARRAY_WARN = "WARN_ON(dma_fence_is_container(fence)): arrays must not contain containers";

    /** A mock fence of its own context (the selftest mocks all share context 0, which the merge would dedupe). */
    private static DmaFence fence(Machine m, LockingPolicy policy) {
        return fence(m, FenceContext.alloc(policy), 1);
    }

    private static DmaFence fence(Machine m, FenceContext context, long seqno) {
        return DmaFence.init(new Mocks.MockOps(), InlineLock.create(m, "f->lock"), context, seqno);
    }

    private static List<String> warned(Machine m, String fn) {
        return m.warnings().stream().filter(w -> w.fn().equals(fn)).map(Warning::message).toList();
    }

    private static List<DmaFence> members(DmaFence f) {
        DmaFenceArray a = DmaFenceArray.of(f);
        List<DmaFence> out = new ArrayList<>();
        for (int i = 0; i < a.numFences(); i++) {
            out.add(a.fence(i));
        }
        return out;
    }

    /** A plain fence, or an array none of whose members is a container. */
    private static boolean flat(DmaFence f) {
        if (DmaFenceChain.isChain(f)) {
            return false;
        }
        return !DmaFenceArray.isArray(f) || members(f).stream().noneMatch(DmaFenceArray::isContainer);
    }

    /** Syncobj A with points 1 and 2 on plain fences f1, f2 (returned), each of its own context. */
    private static DmaFence[] timelineA(Machine m, LockingPolicy policy, DrmSyncobj a) {
        DmaFence f1 = fence(m, policy);
        DmaFence f2 = fence(m, policy);
        a.addPoint(f1, 1);
        a.addPoint(f2, 2);
        return new DmaFence[] {f1, f2};
    }

    /** Signals and puts the plain fences, releases the syncobjs, and checks every plain fence was released. */
    private static void cleanUp(DmaFence[] plain, DrmSyncobj... syncobjs) {
        for (DmaFence f : plain) {
            if (!f.testSignaledFlag()) {
                f.signal();
            }
        }
        for (DrmSyncobj s : syncobjs) {
            s.release();
        }
        for (DmaFence f : plain) {
            f.put();
            assertTrue(Mocks.released(f), "released: " + f);
        }
    }

    // ---- the candidate: export at a point, import at a point -----------------------------------------------

    /**
     * The 2026 tree: drm_syncobj_export_sync_file(A, point 2) carries A's chain link of point 2 (find_seqno's
     * answer, not unwrapped), and drm_syncobj_import_sync_file_fence(B, that file, point 1) hands it to
     * drm_syncobj_add_point() as it is: B's new link contains a chain, and dma_fence_chain_init() WARNs once.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void importAtAPointOfAnExportedPointNestsAChain(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DrmSyncobj a = new DrmSyncobj(m, policy);
            DmaFence[] f = timelineA(m, policy, a);
            DmaFence file = a.exportSyncFile(2);
            assertTrue(DmaFenceChain.isChain(file), "the sync file carries a dma_fence_chain link: " + file);
            assertSame(a.fence(), file, "point 2 is A's head link");
            assertSame(f[1], DmaFenceChain.of(file).fence());
            DrmSyncobj b = new DrmSyncobj(m, policy);
            assertFalse(b.importUnwraps(), "the 2026 tree is the default");
            b.importSyncFile(file, 1);
            DmaFenceChain link = DmaFenceChain.of(b.fence());
            assertSame(file, link.fence(), "B's new link contains A's link itself");
            assertTrue(DmaFenceChain.isChain(link.fence()));
            file.put();
            cleanUp(f, a, b);
        });
        assertEquals(List.of(CHAIN_WARN), warned(m, DmaFenceChain.FN_INIT));
        assertEquals(1, m.warnings().size(), m.warnings().toString());
    }

    /**
     * The candidate fix (importUnwraps): the import flattens with dma_fence_unwrap_merge() first. Exported at
     * point 2 the file's link unwraps to f2 and, walking on, f1: B's link contains an array of exactly those two
     * plain fences; exported at point 1 it unwraps to f1 alone, which B's link then contains itself. No warning.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void importThatUnwrapsKeepsTheLinkFlat(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DrmSyncobj a = new DrmSyncobj(m, policy);
            DmaFence[] f = timelineA(m, policy, a);
            DrmSyncobj b = new DrmSyncobj(m, policy, true, ContainerMutation.NONE);
            DmaFence file2 = a.exportSyncFile(2);
            b.importSyncFile(file2, 1);
            DmaFence contained = DmaFenceChain.of(b.fence()).fence();
            assertTrue(DmaFenceArray.isArray(contained), contained.toString());
            assertEquals(List.of(f[0], f[1]), members(contained), "f1 and f2, by context");
            assertTrue(flat(contained));
            DmaFence file1 = a.exportSyncFile(1);
            assertTrue(DmaFenceChain.isChain(file1));
            b.importSyncFile(file1, 2);
            assertSame(f[0], DmaFenceChain.of(b.fence()).fence(), "one pending fence: the link holds it itself");
            file1.put();
            file2.put();
            cleanUp(f, a, b);
        });
        Mocks.assertClean(m, policy);
    }

    /** Import at point 0 replaces B's fence with the sync file's (a chain link) and nests nothing, either way. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void importAtPointZeroReplacesAndNeverWarns(LockingPolicy policy) {
        for (boolean unwraps : new boolean[] {false, true}) {
            Machine m = new Machine();
            m.cpu(0).run(() -> {
                DrmSyncobj a = new DrmSyncobj(m, policy);
                DmaFence[] f = timelineA(m, policy, a);
                DmaFence file = a.exportSyncFile(2);
                DrmSyncobj b = new DrmSyncobj(m, policy, unwraps, ContainerMutation.NONE);
                b.importSyncFile(file, 0);
                assertSame(file, b.fence(), "drm_syncobj_replace_fence(): the fence itself");
                file.put();
                cleanUp(f, a, b);
            });
            Mocks.assertClean(m, policy);
        }
    }

    // ---- the transfer ------------------------------------------------------------------------------------------

    /**
     * drm_syncobj_transfer_to_timeline() (ec8d985ff26f): A's point 2 is found (a chain link), merged flat, and
     * added at C's point 1: C's link contains the array of f1 and f2, no warning. With
     * syncobj_transfer_no_unwrap (before the 2022 fix) the link is added as it is: the chain WARN, once.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void transferFlattensUnlessTheVariantSkipsTheUnwrap(LockingPolicy policy) {
        for (ContainerMutation mutation : new ContainerMutation[] {ContainerMutation.NONE,
                ContainerMutation.SYNCOBJ_TRANSFER_NO_UNWRAP}) {
            Machine m = new Machine();
            m.cpu(0).run(() -> {
                DrmSyncobj a = new DrmSyncobj(m, policy);
                DmaFence[] f = timelineA(m, policy, a);
                DrmSyncobj c = new DrmSyncobj(m, policy, false, mutation);
                assertEquals(0, c.transferToTimeline(a, 2, 1));
                DmaFence contained = DmaFenceChain.of(c.fence()).fence();
                if (mutation == ContainerMutation.NONE) {
                    assertEquals(List.of(f[0], f[1]), members(contained));
                    assertTrue(flat(contained));
                } else {
                    assertSame(a.fence(), contained, "A's link of point 2 inside C's link");
                }
                cleanUp(f, a, c);
            });
            if (mutation == ContainerMutation.NONE) {
                Mocks.assertClean(m, policy);
            } else {
                assertEquals(List.of(CHAIN_WARN), warned(m, DmaFenceChain.FN_INIT));
                assertEquals(1, m.warnings().size(), m.warnings().toString());
            }
        }
    }

    /** A source point the timeline has not reached is -EINVAL, and nothing is added. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void transferFromAPointNotReachedIsEinval(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DrmSyncobj a = new DrmSyncobj(m, policy);
            DmaFence[] f = timelineA(m, policy, a);
            DrmSyncobj c = new DrmSyncobj(m, policy);
            assertEquals(-org.fencecheck.fence.Errno.EINVAL, c.transferToTimeline(a, 3, 1));
            assertEquals(null, c.fence());
            assertThrows(IllegalArgumentException.class, () -> c.transferToTimeline(a, 1, 0));
            cleanUp(f, a, c);
        });
        Mocks.assertClean(m, policy);
    }

    // ---- sync_file_merge() -------------------------------------------------------------------------------------

    /**
     * Two sync files each holding an array: [x1, y] and [x2, z], x1 and x2 of one context (x2 later). The merge
     * is one array of the plain fences, sorted by context and deduped to the later of x1/x2: [x2, y, z], all
     * needed (not signal-on-any). With unwrap_merge_keeps_containers the two arrays themselves become the members:
     * the array WARN once per member.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void syncFileMergeOfTwoArrays(LockingPolicy policy) {
        for (ContainerMutation mutation : new ContainerMutation[] {ContainerMutation.NONE,
                ContainerMutation.UNWRAP_MERGE_KEEPS_CONTAINERS}) {
            Machine m = new Machine();
            m.cpu(0).run(() -> {
                FenceContext x = FenceContext.alloc(policy);
                DmaFence x1 = fence(m, x, 1);
                DmaFence y = fence(m, policy);
                DmaFence x2 = fence(m, x, 2);
                DmaFence z = fence(m, policy);
                DmaFence file1 = Mocks.mockArray(policy, false, x1, y);
                DmaFence file2 = Mocks.mockArray(policy, false, x2, z);
                DmaFence merged = DrmSyncobj.syncFileMerge(mutation, file1, file2);
                assertTrue(DmaFenceArray.isArray(merged), merged.toString());
                if (mutation == ContainerMutation.NONE) {
                    assertEquals(List.of(x2, y, z), members(merged));
                    assertEquals(3, DmaFenceArray.of(merged).numPending(), "not signal-on-any");
                    assertTrue(flat(merged));
                } else {
                    assertEquals(List.of(file1, file2), members(merged));
                }
                assertNotEquals(file1.context().id(), merged.context().id(), "a fresh context");
                for (DmaFence f : new DmaFence[] {x1, y, x2, z}) {
                    f.signal();
                }
                assertTrue(merged.isSignaled());
                merged.put();
                file1.put();
                file2.put();
                for (DmaFence f : new DmaFence[] {x1, y, x2, z}) {
                    f.put();
                    assertTrue(Mocks.released(f));
                }
            });
            if (mutation == ContainerMutation.NONE) {
                Mocks.assertClean(m, policy);
            } else {
                assertEquals(List.of(ARRAY_WARN, ARRAY_WARN), warned(m, DmaFenceArray.FN_INIT));
                assertEquals(2, m.warnings().size(), m.warnings().toString());
            }
        }
    }

    // ---- the merge's count rules -------------------------------------------------------------------------------

    /**
     * Nothing pending: a new signaled private stub with the latest timestamp among the signaled fences (inside the
     * array too), not any input. One pending: that very fence, with a new reference, whether it came plain or
     * from inside an array or a chain link.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void mergeCountRules(LockingPolicy policy) {
        Machine m = new Machine();
        m.cpu(0).run(() -> {
            DmaFence s1 = fence(m, policy);
            DmaFence s2 = fence(m, policy);
            DmaFence u = fence(m, policy);
            DmaFence arr = Mocks.mockArray(policy, false, s2, u);
            DmaFence link = DmaFenceChain.init(null, u.get(), 1, policy).base();
            s1.signal();
            s2.signal();

            int before = u.refcount();
            for (DmaFence[] in : new DmaFence[][] {{s1, u}, {s1, arr}, {link}, {arr, link}}) {
                DmaFence r = DmaFenceUnwrap.merge(in);
                assertSame(u, r, "one pending fence: itself");
                assertEquals(before + 1, u.refcount(), "with a new reference");
                r.put();
            }

            u.signal();
            DmaFence stub = DmaFenceUnwrap.merge(s1, arr, link);
            for (DmaFence f : new DmaFence[] {s1, s2, u, arr, link}) {
                assertNotSame(f, stub);
            }
            assertTrue(stub.testSignaledFlag(), "a signaled stub");
            assertFalse(DmaFenceArray.isContainer(stub));
            long latest = Math.max(s1.timestamp(), Math.max(s2.timestamp(), u.timestamp()));
            assertEquals(latest, stub.timestamp(), "the latest timestamp of the signaled fences");
            assertEquals(1, stub.refcount());
            stub.put();

            arr.put();
            link.put();
            for (DmaFence f : new DmaFence[] {s1, s2, u}) {
                assertEquals(1, f.refcount(), "the merges left the inputs' references as they were");
                f.put();
                assertTrue(Mocks.released(f));
            }
        });
        Mocks.assertClean(m, policy);
    }

    // ---- the consequence: a chain inside a chain under lockdep ------------------------------------------------

    /**
     * After the candidate sequence, enabling signalling on B's head: its ->enable_signaling adds its callback to
     * the fence its link contains, which is A's chain link, so dma_fence_add_callback() takes A's link's lock.
     * Under LEGACY the op runs under B's link's lock, and both links' locks are of dma_fence_chain_lock_key:
     * lockdep reports RECURSIVE_LOCK on that class (two instances, no CPU deadlock), held at
     * dma_fence_enable_sw_signaling and acquired at dma_fence_add_callback, besides LEGACY's by-design
     * DRIVER_OP_UNDER_FENCE_LOCK. REWORKED, RFC2024 and SERIES2026 run the op with no lock held: nothing nests
     * and lockdep reports nothing at all. Either way the nested chain still
     * signals B's head when f1 and f2 have signaled. With importUnwraps B's link holds an array and LEGACY
     * nests the array's own class inside the chain's: no RECURSIVE_LOCK.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void enablingSignalingOnTheNestedChainUnderLockdep(LockingPolicy policy) {
        for (boolean unwraps : new boolean[] {false, true}) {
            Machine m = new Machine();
            m.cpu(0).run(() -> {
                DrmSyncobj a = new DrmSyncobj(m, policy);
                DmaFence[] f = timelineA(m, policy, a);
                DmaFence file = a.exportSyncFile(2);
                DrmSyncobj b = new DrmSyncobj(m, policy, unwraps, ContainerMutation.NONE);
                b.importSyncFile(file, 1);
                file.put();
                DmaFence head = b.fence();
                head.enableSwSignaling();
                f[1].signal();
                assertFalse(head.testSignaledFlag());
                f[0].signal();
                assertTrue(head.testSignaledFlag(), "the nested chain still signals B's head");
                cleanUp(f, a, b);
            });
            List<LockdepReport> recursive = m.lockdep().reports(ReportKind.RECURSIVE_LOCK);
            if (policy == LockingPolicy.LEGACY && !unwraps) {
                assertEquals(1, recursive.size(), m.lockdep().reports().toString());
                assertEquals(List.of(DmaFenceChain.LOCK_CLASS), recursive.get(0).lockClasses());
                assertEquals("dma_fence_enable_sw_signaling", recursive.get(0).usages().get(0).site(),
                        "the outer lock: the core's around B's link's ->enable_signaling");
                assertEquals("dma_fence_add_callback", recursive.get(0).usages().get(1).site(),
                        "the inner acquisition: the outer link's op adding its callback to the inner link");
            } else {
                assertEquals(List.of(), recursive, m.lockdep().reports().toString());
            }
            if (policy == LockingPolicy.LEGACY) {
                // Besides it only LEGACY's by-design op under the container's lock (the chain's; the array's too
                // when B's link holds an array).
                assertTrue(m.lockdep().reports().stream().allMatch(r -> r.kind() == ReportKind.RECURSIVE_LOCK
                        || r.kind() == ReportKind.DRIVER_OP_UNDER_FENCE_LOCK), m.lockdep().reports().toString());
            } else {
                assertEquals(List.of(), m.lockdep().reports(), policy + ": no lockdep report at all");
            }
            assertEquals(unwraps ? List.of() : List.of(CHAIN_WARN), warned(m, DmaFenceChain.FN_INIT));
            assertEquals(unwraps ? 0 : 1, m.warnings().size(), m.warnings().toString());
        }
    }
}
