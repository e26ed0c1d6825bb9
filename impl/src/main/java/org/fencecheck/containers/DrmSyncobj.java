package org.fencecheck.containers;

import java.util.Objects;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * Mirrors the part of {@code struct drm_syncobj} and drivers/gpu/drm/drm_syncobj.c that decides what a syncobj's
 * fence contains: its fence pointer, timeline points added as {@code dma_fence_chain} links, and the sync-file
 * import and export and the transfer that move fences in and out of it (issue 20: a container never contains
 * another container of a kind the kernel forbids). No handles, files, waiters or ioctls: a syncobj is an object,
 * a sync file is the fence it would carry (one reference).
 *
 * <p>Ported from the drm_syncobj.c of the 2026 tree: the text read in mahkoh/linux at 1547ffb8601e
 * ({@code drm_syncobj_add_point()}, {@code drm_syncobj_replace_fence()}, {@code drm_syncobj_find_fence()}, and
 * {@code drm_syncobj_transfer_to_timeline()} with the {@code dma_fence_unwrap_merge()} of commit ec8d985ff26f
 * "drm: use dma_fence_unwrap_merge() in drm_syncobj"), with the point arguments of the sync-file import and export
 * that Rob Clark's "drm/syncobj: Extend EXPORT_SYNC_FILE for timeline syncobjs" v6
 * ({@code <20250401155758.48855-1-robdclark@gmail.com>}) added, as the May 2026 tree quoted by Julian Orth's
 * "[PATCH 09/12] drm/syncobj: fix resource leak in drm_syncobj_import_sync_file_fence"
 * ({@code <20260516-jorth-syncobj-v1-9-88ede9d98a81@gmail.com>}, index 9b7ecc2978f5) still has them: the export
 * carries whatever {@code drm_syncobj_find_fence()} found at the point, for a timeline a chain link, and the import
 * at a point hands the sync file's fence to {@code drm_syncobj_add_point()} as it is. So a sync file exported from
 * one timeline point and imported at a point of another builds a chain link containing a chain link, and
 * {@code dma_fence_chain_init()} WARNs. {@code importUnwraps} is the candidate fix (spec/DmaFenceNesting.tla's
 * {@code ImportUnwraps}): the import flattens with {@link DmaFenceUnwrap#merge} as the transfer
 * does.
 */
public final class DrmSyncobj {

    static final String FN_ADD_POINT = "drm_syncobj_add_point";
    static final String FN_REPLACE = "drm_syncobj_replace_fence";

    private final LockingPolicy policy;
    private final boolean importUnwraps;
    private final ContainerMutation mutation;
    /** {@code syncobj->lock}, taken around every change of {@code syncobj->fence}. */
    private final SpinLock lock;
    /** {@code syncobj->fence} (RCU-protected in C; written under {@link #lock}): one reference, or null. */
    private volatile DmaFence fence;

    /**
     * A syncobj with no fence ({@code drm_syncobj_create()} without flags), as the 2026 tree has it.
     *
     * @param machine the machine its lock lives on
     * @param policy  the core's design, for the chain links it creates
     */
    public DrmSyncobj(Machine machine, LockingPolicy policy) {
        this(machine, policy, false, ContainerMutation.NONE);
    }

    /**
     * A syncobj with no fence.
     *
     * @param machine       the machine its lock lives on
     * @param policy        the core's design, for the chain links it creates
     * @param importUnwraps the candidate fix: {@link #importSyncFile} at a point flattens the sync file's fence
     *                      with {@link DmaFenceUnwrap#merge} first (false: the 2026 tree)
     * @param mutation      the broken variant ({@link ContainerMutation#SYNCOBJ_TRANSFER_NO_UNWRAP},
     *                      {@link ContainerMutation#UNWRAP_MERGE_KEEPS_CONTAINERS}), or {@link ContainerMutation#NONE}
     */
    public DrmSyncobj(Machine machine, LockingPolicy policy, boolean importUnwraps, ContainerMutation mutation) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.mutation = Objects.requireNonNull(mutation, "mutation");
        this.importUnwraps = importUnwraps;
        this.lock = machine.newSpinLock("drm_syncobj.lock", "syncobj->lock");
    }

    /** Returns whether the import at a point flattens (the candidate fix). */
    public boolean importUnwraps() {
        return importUnwraps;
    }

    /** Returns {@code syncobj->fence} now (no new reference), or null. */
    public DmaFence fence() {
        return fence;
    }

    /**
     * Mirrors {@code drm_syncobj_add_point()}: a new {@code dma_fence_chain} link after the syncobj's fence,
     * containing {@code f} (a new reference), becomes the syncobj's fence; then one walk of the old chain for its
     * garbage collection. {@code dma_fence_chain_init()} WARNs if {@code f} is itself a chain link.
     *
     * @param f     the fence of the new point (borrowed)
     * @param point the point's seqno
     */
    public void addPoint(DmaFence f, long point) {
        Objects.requireNonNull(f, "fence");
        f.get();
        lock.spinLock(FN_ADD_POINT, point);
        DmaFence prev = fence == null ? null : fence.get(); // drm_syncobj_fence_get()
        DmaFenceChain chain = DmaFenceChain.init(prev, f, point, policy);
        DmaFence old = fence;
        fence = chain.base();
        lock.spinUnlock(FN_ADD_POINT, point);
        // dma_fence_chain_for_each(fence, prev): walk once to trigger garbage collection.
        for (DmaFence iter = prev == null ? null : prev.get(); iter != null; iter = DmaFenceChain.walk(iter)) {
            // nothing: the walk unhooks the signaled links
        }
        if (old != null) {
            old.put(); // the syncobj's reference to the fence the chain now follows
        }
    }

    /**
     * Mirrors {@code drm_syncobj_replace_fence()}: {@code f} (a new reference, or null) becomes the syncobj's
     * fence and the old one is put.
     *
     * @param f the new fence (borrowed), or null
     */
    public void replaceFence(DmaFence f) {
        if (f != null) {
            f.get();
        }
        lock.spinLock(FN_REPLACE, Step.NO_FENCE);
        DmaFence old = fence;
        fence = f;
        lock.spinUnlock(FN_REPLACE, Step.NO_FENCE);
        if (old != null) {
            old.put();
        }
    }

    /**
     * Mirrors {@code drm_syncobj_find_fence()} without {@code DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT}: point 0 is
     * the syncobj's fence itself; otherwise {@code dma_fence_chain_find_seqno()} on it, and a point already
     * signaled (the walk ends in NULL) is {@code dma_fence_get_stub()}.
     *
     * @param point the timeline point, or 0
     * @return a new reference to the fence, or null where C returns {@code -EINVAL} (no fence, or a point the
     *         timeline has not reached)
     */
    public DmaFence findFence(long point) {
        DmaFence f = fence;
        if (f == null) {
            return null;
        }
        DmaFence[] pf = {f.get()};
        if (DmaFenceChain.findSeqno(pf, point) != 0) {
            pf[0].put();
            return null;
        }
        return pf[0] == null ? DmaFence.getStub() : pf[0];
    }

    /**
     * Mirrors {@code drm_syncobj_export_sync_file()} with the point of the 2025 patch: the fence a new sync file
     * carries is {@code drm_syncobj_find_fence(point)}'s, not unwrapped ({@code sync_file_create()} keeps it as
     * it is): for a timeline point, a {@code dma_fence_chain} link.
     *
     * @param point the timeline point, or 0
     * @return a new reference to the sync file's fence, or null ({@code -EINVAL})
     */
    public DmaFence exportSyncFile(long point) {
        return findFence(point);
    }

    /**
     * Mirrors {@code drm_syncobj_import_sync_file_fence()} with the point of the 2025 patch, as the May 2026 tree
     * has it: point 0 replaces the syncobj's fence; any other point adds a link containing the sync file's fence
     * as it is, so a chain link exported from a timeline becomes a chain inside a chain (the WARN of
     * {@code dma_fence_chain_init()}). With {@code importUnwraps} (the candidate fix) the fence is flattened with
     * {@link DmaFenceUnwrap#merge} first, as {@link #transferToTimeline} does.
     *
     * @param f     the sync file's fence (borrowed)
     * @param point the timeline point, or 0
     */
    public void importSyncFile(DmaFence f, long point) {
        Objects.requireNonNull(f, "fence");
        if (point == 0) {
            replaceFence(f);
        } else if (importUnwraps) {
            DmaFence flat = DmaFenceUnwrap.merge(mutation, f);
            addPoint(flat, point);
            flat.put();
        } else {
            addPoint(f, point);
        }
    }

    /**
     * Mirrors {@code drm_syncobj_transfer_to_timeline()} (the transfer ioctl with a destination point; point 0 is
     * {@code drm_syncobj_transfer_to_binary()}, a {@link #replaceFence}): finds the fence at {@code srcPoint} of
     * {@code src}, flattens it with {@link DmaFenceUnwrap#merge} (commit ec8d985ff26f; the 2022 fix did it with
     * {@code drm_syncobj_flatten_chain()}) and adds it at {@code dstPoint} of this syncobj. Broken variant
     * {@link ContainerMutation#SYNCOBJ_TRANSFER_NO_UNWRAP}: the found fence is added as it is, as before the 2022
     * fix (ab66fdace858 "drm/syncobj: flatten dma_fence_chains on transfer",
     * {@code <20220209182600.434803-1-christian.koenig@amd.com>}).
     *
     * @param src      the source syncobj
     * @param srcPoint its point, or 0 for its fence
     * @param dstPoint this syncobj's new point, not 0
     * @return 0, or {@code -EINVAL} when the source has no fence at that point
     */
    public int transferToTimeline(DrmSyncobj src, long srcPoint, long dstPoint) {
        if (dstPoint == 0) {
            throw new IllegalArgumentException("dst_point 0 is drm_syncobj_transfer_to_binary()");
        }
        DmaFence tmp = src.findFence(srcPoint);
        if (tmp == null) {
            return -Errno.EINVAL;
        }
        DmaFence f = mutation == ContainerMutation.SYNCOBJ_TRANSFER_NO_UNWRAP ? tmp.get()
                : DmaFenceUnwrap.merge(mutation, tmp);
        tmp.put();
        addPoint(f, dstPoint);
        f.put();
        return 0;
    }

    /**
     * Mirrors {@code sync_file_merge()} (drivers/dma-buf/sync_file.c): the fence of the merged sync file is
     * {@code dma_fence_unwrap_merge(a, b)}.
     *
     * @param a the first sync file's fence (borrowed)
     * @param b the second sync file's fence (borrowed)
     * @return a new reference to the merged sync file's fence
     */
    public static DmaFence syncFileMerge(DmaFence a, DmaFence b) {
        return syncFileMerge(ContainerMutation.NONE, a, b);
    }

    /**
     * Like {@link #syncFileMerge(DmaFence, DmaFence)}, running a broken variant of the merge.
     *
     * @param mutation {@link ContainerMutation#UNWRAP_MERGE_KEEPS_CONTAINERS}, or {@link ContainerMutation#NONE}
     * @param a        the first sync file's fence
     * @param b        the second sync file's fence
     * @return a new reference to the merged fence
     */
    public static DmaFence syncFileMerge(ContainerMutation mutation, DmaFence a, DmaFence b) {
        return DmaFenceUnwrap.merge(mutation, a, b);
    }

    /**
     * Mirrors the last {@code drm_syncobj_put()} ({@code drm_syncobj_free()}): {@code drm_syncobj_replace_fence(
     * syncobj, NULL)}.
     */
    public void release() {
        replaceFence(null);
    }

    @Override
    public String toString() {
        return "drm_syncobj(" + fence + ")";
    }
}
