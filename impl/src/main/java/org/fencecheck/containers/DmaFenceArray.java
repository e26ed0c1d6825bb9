package org.fencecheck.containers;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.FenceFlags;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.IrqWork;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;

/**
 * Mirrors {@code struct dma_fence_array} and drivers/dma-buf/dma-fence-array.c: one fence that signals when all
 * of its members have signaled (or, with {@code signal_on_any}, when the first one has).
 *
 * <p>The array's fence is {@link #base()}; its ops are this class's methods of the same names as the C functions
 * ({@link #enableSignaling}, {@link #cbFunc}, {@link #irqWork}, {@link #signaled}, {@link #release}).
 * {@link #of(DmaFence)} is {@code to_dma_fence_array()}.
 *
 * <p>Ported from torvalds/linux drivers/dma-buf/dma-fence-array.c (read at 0ccfdcf968b3, and the 2025-2026 text
 * quoted by the June 2026 series with the {@code num_pending} re-read in {@code ->signaled} and the
 * {@code lockdep_set_class()} of the inline lock), with each design's changes:
 * RFC 7/7 {@code <20240911085903.1496-8-christian.koenig@amd.com>}: the op is void and calls
 * {@code dma_fence_signal()} where it returned false; 08/10 {@code <20260624122917.2483-9-christian.koenig@amd.com>}:
 * {@code ->signaled} becomes {@code ->check_signaled}, which signals; 09/10 {@code <...-10-...>}: the op is void
 * and calls {@code dma_fence_signal_locked()}; 10/10 {@code <...-11-...>}: that becomes {@code dma_fence_signal()}
 * and the lockdep class goes. SERIES2026 is the state after 10/10.
 */
public final class DmaFenceArray {

    /*
     * Overview: the protocol.
     *
     * State. `numPending` counts the members still to signal before the array may (num_fences, or 1 with
     * signal_on_any); it only goes down, by an atomic decrement-and-test, and exactly one decrement reaches zero:
     * that caller owns signalling the array. The array's error is base.error itself, which holds the positive
     * PENDING_ERROR sentinel until the first failed member swaps in its error (compare-and-set from the sentinel,
     * so the first error wins) or the signaller clears the sentinel to 0; both are compare-and-sets from the
     * sentinel, so the error is settled before SIGNALED is set and never written afterwards.
     *
     * References. The creator's reference is the core's; it is not enough once callbacks are on the members,
     * because the array may be signalled (and put by everyone) before the last member callback has run. So
     * enable_signaling takes one reference per member callback it installs; the callback drops it unless it is the
     * one that reached zero, which hands its reference to the irq_work, which drops it after signalling. A member
     * found already signaled (-ENOENT) gives its reference back at once.
     *
     * Why the irq_work. A member callback runs under the member's lock with IRQs off. Signalling the array there
     * would take array->lock inside member->lock, while LEGACY's enable_signaling takes member->lock (add_callback)
     * inside array->lock: the two orders are an ABBA deadlock between two CPUs (broken variant
     * array_cb_signals_directly). The irq_work runs on the same CPU once the member's lock is dropped.
     *
     * Invariants. The array signals at most once (the core's SIGNALED) and never before numPending reached zero,
     * except through ->signaled's own count of signaled members when signalling was never enabled. Every member
     * callback installed runs once, drops or hands on its reference once; so the array is freed only after the
     * last of them. The members are put only at release.
     *
     * Races guarded against. (1) ->signaled against enable_signaling: it reads numPending before testing
     * ENABLE_SIGNAL; read the other way round, it could see the bit set by an enable_signaling that had not yet
     * installed (and counted down for) every member and take a half-done count for a finished one. (2) Two
     * member callbacks on two CPUs: only the decrement to zero queues the work. (3) A member signalling while
     * enable_signaling still installs callbacks: the -ENOENT path counts that member itself, the callback path
     * counts the ones added, and the decrement to zero decides once.
     */

    /** {@code PENDING_ERROR}: the sentinel error of an array none of whose members failed yet. */
    static final int PENDING_ERROR = 1;
    /** The array's own lockdep class ({@code dma_fence_array_lock_key}). */
    public static final String LOCK_CLASS = "dma_fence_array_lock_key";

    static final String FN_ENABLE = "dma_fence_array_enable_signaling";
    static final String FN_CB = "dma_fence_array_cb_func";
    static final String FN_WORK = "irq_dma_fence_array_work";
    static final String FN_SIGNALED = "dma_fence_array_signaled";
    static final String FN_RELEASE = "dma_fence_array_release";
    static final String FN_INIT = "dma_fence_array_init";

    private final DmaFence[] fences;
    private final AtomicInteger numPending;
    private final ArrayCb[] callbacks;
    private final IrqWork work;
    private final ContainerMutation mutation;
    private final Machine machine;
    private final DmaFence base;
    /** Set by release: any later access is a use after free (what KASAN reports). */
    private volatile boolean freed;

    /** {@code struct dma_fence_array_cb}: a member's callback, pointing back at its array. */
    private final class ArrayCb implements FenceCallback {
        private final int index;

        ArrayCb(int index) {
            this.index = index;
        }

        @Override
        public void func(DmaFence fence) {
            cbFunc(fence);
        }

        @Override
        public String name() {
            return "array_cb" + index;
        }
    }

    /** {@code dma_fence_array_ops}. */
    private static final class Ops implements DmaFenceOps {
        private DmaFenceArray array;

        @Override
        public String getDriverName(DmaFence fence) {
            return "dma_fence_array";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "unbound";
        }

        @Override
        public boolean enableSignaling(DmaFence fence) {
            return array.enableSignaling();
        }

        @Override
        public boolean signaled(DmaFence fence) {
            return array.signaled();
        }

        @Override
        public void release(DmaFence fence) {
            array.release();
        }
    }

    private DmaFenceArray(DmaFence[] fences, FenceContext context, long seqno, boolean signalOnAny,
                          ContainerMutation mutation, Machine machine) {
        this.fences = fences;
        this.mutation = mutation;
        this.machine = machine;
        // dma_fence_array_init(): num_pending = signal_on_any ? 1 : num_fences. Broken variant
        // array_pending_swapped (spec PendingInit) swaps the two values.
        boolean swapped = mutation == ContainerMutation.ARRAY_PENDING_SWAPPED;
        this.numPending = new AtomicInteger(signalOnAny != swapped ? 1 : fences.length);
        this.callbacks = new ArrayCb[fences.length];
        for (int i = 0; i < fences.length; i++) {
            callbacks[i] = new ArrayCb(i);
        }
        this.work = new IrqWork(FN_WORK, this::irqWork);
        Ops ops = new Ops();
        ops.array = this;
        this.base = DmaFence.init(ops, InlineLock.forContainer(machine, "array->base.inline_lock", LOCK_CLASS,
                context.policy(), mutation == ContainerMutation.ARRAY_LOCK_SHARED_CLASS), context, seqno);
        base.compareAndSetError(0, PENDING_ERROR);
    }

    /**
     * Mirrors {@code dma_fence_array_create()}: an array fence over {@code fences}, taking over the caller's
     * reference to each (they are put at release). Like {@code dma_fence_array_init()} it WARNs for an empty
     * member list and for a member that is itself a container (arrays must not nest: recursion in the callbacks),
     * and carries on. The allocation cannot fail here, so the C function's NULL return has no twin.
     *
     * @param fences      the members
     * @param context     the array's context and the core's design
     * @param seqno       the array's seqno
     * @param signalOnAny signal when the first member signals, rather than the last
     * @return the array, holding one reference to its base fence
     */
    public static DmaFenceArray create(DmaFence[] fences, FenceContext context, long seqno, boolean signalOnAny) {
        return create(fences, context, seqno, signalOnAny, ContainerMutation.NONE);
    }

    /**
     * Like {@link #create(DmaFence[], FenceContext, long, boolean)}, running a broken variant.
     *
     * @param fences      the members
     * @param context     the array's context and the core's design
     * @param seqno       the array's seqno
     * @param signalOnAny signal on any member
     * @param mutation    the broken variant, or {@link ContainerMutation#NONE}
     * @return the array
     */
    public static DmaFenceArray create(DmaFence[] fences, FenceContext context, long seqno, boolean signalOnAny,
                                       ContainerMutation mutation) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(mutation, "mutation");
        DmaFence[] members = fences == null ? new DmaFence[0] : fences.clone();
        Machine machine = members.length > 0 ? members[0].machine() : Cpu.current().machine();
        if (members.length == 0) {
            machine.warn(FN_INIT, "WARN_ON(!num_fences || !fences)");
        }
        for (DmaFence f : members) {
            if (isContainer(f)) {
                machine.warn(FN_INIT, "WARN_ON(dma_fence_is_container(fence)): arrays must not contain containers");
            }
        }
        return new DmaFenceArray(members, context, seqno, signalOnAny, mutation, machine);
    }

    /**
     * Mirrors {@code to_dma_fence_array()}: the array whose base is {@code fence}, or null (an ops-identity test,
     * as {@code dma_fence_is_array()}).
     *
     * @param fence a fence, or null
     * @return its array, or null
     */
    public static DmaFenceArray of(DmaFence fence) {
        return fence != null && fence.ops() instanceof Ops o ? o.array : null;
    }

    /** Mirrors {@code dma_fence_is_array()}. */
    public static boolean isArray(DmaFence fence) {
        return of(fence) != null;
    }

    /** Mirrors {@code dma_fence_is_container()}: an array or a chain. */
    public static boolean isContainer(DmaFence fence) {
        return isArray(fence) || DmaFenceChain.isChain(fence);
    }

    /** Returns {@code &array->base}. */
    public DmaFence base() {
        return base;
    }

    /** Returns {@code array->num_fences}. */
    public int numFences() {
        return fences.length;
    }

    /** Returns {@code array->fences[i]} (no new reference). */
    public DmaFence fence(int i) {
        return fences[i];
    }

    /** Returns {@code atomic_read(&array->num_pending)} (a racy snapshot, for tests). */
    public int numPending() {
        return numPending.get();
    }

    /** Returns whether the array was released (its memory freed). */
    public boolean isFreed() {
        return freed;
    }

    /**
     * Mirrors {@code dma_fence_array_first()}: the first member of an array, the fence itself if it is not an
     * array, null for null or an empty array.
     *
     * @param head a fence, or null
     * @return the first fence to visit (no new reference)
     */
    public static DmaFence first(DmaFence head) {
        if (head == null) {
            return null;
        }
        DmaFenceArray array = of(head);
        if (array == null) {
            return head;
        }
        return array.fences.length == 0 ? null : array.fences[0];
    }

    /**
     * Mirrors {@code dma_fence_array_next()}: member {@code index} of an array, null past the end or for a fence
     * that is not an array.
     *
     * @param head  the fence {@link #first} was given
     * @param index the member's index
     * @return the member, or null
     */
    public static DmaFence next(DmaFence head, int index) {
        DmaFenceArray array = of(head);
        if (array == null || index >= array.fences.length) {
            return null;
        }
        return array.fences[index];
    }

    /**
     * Mirrors {@code dma_fence_match_context()}: whether a fence, or every member of an array, is of
     * {@code context}.
     *
     * @param fence   a fence or an array
     * @param context a context id
     * @return whether all are of that context
     */
    public static boolean matchContext(DmaFence fence, long context) {
        DmaFenceArray array = of(fence);
        if (array == null) {
            return fence.context().id() == context;
        }
        for (DmaFence f : array.fences) {
            if (f.context().id() != context) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The ops
    // ---------------------------------------------------------------------------------------------------------

    /**
     * {@code dma_fence_array_enable_signaling()}: a callback on every member, each holding a reference to the
     * array. LEGACY runs it under the array's lock with IRQs off, the other designs with no lock.
     *
     * @return LEGACY/REWORKED: false when every member needed had already signaled (the core then signals);
     *         RFC2024/SERIES2026 (void op): whether the array is still unsignaled, which the core ignores
     */
    boolean enableSignaling() {
        boolean atomic = InlineLock.enterOpUnderOwnLock(base.lock());
        try {
            return addMemberCallbacks();
        } finally {
            InlineLock.leaveOpUnderOwnLock(atomic);
        }
    }

    private boolean addMemberCallbacks() {
        boolean pendingRef = mutation != ContainerMutation.ARRAY_NO_PENDING_REF;
        for (int i = 0; i < fences.length; i++) {
            machine.step(Action.DRIVER_PROFILE, FN_ENABLE,
                    "dma_fence_get(&array->base); dma_fence_add_callback(fences[" + i + "])", base.seqno());
            if (pendingRef) {
                base.get();
            }
            if (fences[i].addCallback(callbacks[i]) != 0) {
                setPendingError(fences[i].error());
                if (pendingRef) {
                    base.put();
                }
                if (mutation == ContainerMutation.ARRAY_NO_ENOENT_COUNT) {
                    // Broken variant array_no_enoent_count (spec OpEnoent): the member already signalled is not
                    // counted down, so num_pending never reaches zero and the array never signals.
                    continue;
                }
                if (numPending.decrementAndGet() == 0) {
                    clearPendingError();
                    return completedWhileEnabling();
                }
            }
        }
        return true;
    }

    /**
     * The members needed had all signaled before their callbacks went on. Mainline and the seed's REWORKED return
     * false and let the core signal; RFC 7/7 and 10/10 call {@code dma_fence_signal()} themselves (no lock is
     * held there in those designs; 09/10's {@code dma_fence_signal_locked()} was for the lock 10/10 removes).
     */
    private boolean completedWhileEnabling() {
        if (base.policy().voidEnableSignaling()) {
            base.signal();
        }
        return false;
    }

    /**
     * {@code dma_fence_array_cb_func()}: a member signaled (its lock held, IRQs off). Records its error, counts it,
     * and hands the array's signalling to the irq_work if it was the last one needed, else drops its reference.
     *
     * @param f the member that signaled
     */
    void cbFunc(DmaFence f) {
        touch(FN_CB);
        machine.step(Action.DRIVER_PROFILE, FN_CB, "atomic_dec_and_test(&array->num_pending)", base.seqno());
        setPendingError(f.error());
        boolean last = numPending.decrementAndGet() == 0;
        if (last && mutation == ContainerMutation.ARRAY_CB_SIGNALS_DIRECTLY) {
            // Broken: array->lock taken inside the member's lock (see the overview, "Why the irq_work").
            clearPendingError();
            base.signal();
            base.put();
            return;
        }
        if (last) {
            work.queue();
        } else if (mutation != ContainerMutation.ARRAY_NO_PENDING_REF) {
            base.put();
        }
    }

    /** {@code irq_dma_fence_array_work()}: in hard-IRQ context, signals the array and drops the last callback's reference. */
    void irqWork() {
        touch(FN_WORK);
        machine.step(Action.DRIVER_PROFILE, FN_WORK, "dma_fence_signal(&array->base); dma_fence_put()", base.seqno());
        clearPendingError();
        base.signal();
        if (mutation != ContainerMutation.ARRAY_NO_PENDING_REF) {
            base.put();
        }
    }

    /**
     * {@code dma_fence_array_signaled()} (LEGACY, REWORKED, RFC2024) or {@code ->check_signaled} (SERIES2026,
     * 08/10, which signals the array itself). With signalling enabled, the callbacks keep {@code num_pending}
     * exact and a count at or below zero is the answer; without, the members are asked one by one, counting down
     * a copy of {@code num_pending}. The copy is read before ENABLE_SIGNAL (race (1) of the overview); an
     * answer stale by a concurrent enable only says "not yet", which a later call corrects.
     *
     * @return whether the array has passed; under SERIES2026 whether it is signaled after the op signalled it
     */
    boolean signaled() {
        int pending = numPending.get();
        boolean passed = false;
        // Broken variant array_signaled_pending_only (spec PollTest): mainline before 78ac1c355881 answered from
        // num_pending alone, whether signalling was enabled or not; without it num_pending never counts down.
        if (FenceFlags.test(base.flags(), FenceFlags.ENABLE_SIGNAL_BIT)
                || mutation == ContainerMutation.ARRAY_SIGNALED_PENDING_ONLY) {
            passed = pending <= 0;
        } else {
            for (int i = 0; i < fences.length && !passed; i++) {
                passed = fences[i].isSignaled() && --pending == 0;
            }
        }
        if (!passed) {
            return false;
        }
        clearPendingError();
        if (base.policy().checkSignals()) {
            // 08/10: the op signals; the twin's core, which keeps one is_signaled path for both op shapes, then
            // finds the fence signaled and its own dma_fence_signal() returns -EINVAL without effect.
            base.signal();
            return base.testSignaledFlag();
        }
        return true;
    }

    /** {@code dma_fence_array_release()}: the last reference is gone; puts every member. */
    void release() {
        touch(FN_RELEASE);
        // Broken variant array_release_no_put (spec ReleasePuts): the member references are kept (leaked).
        boolean putMembers = mutation != ContainerMutation.ARRAY_RELEASE_NO_PUT;
        machine.step(Action.DRIVER_PROFILE, FN_RELEASE,
                putMembers ? "dma_fence_put(array->fences[i]); dma_fence_free()" : "dma_fence_free()", base.seqno());
        if (putMembers) {
            for (DmaFence f : fences) {
                f.put();
            }
        }
        freed = true;
    }

    /** {@code dma_fence_array_set_pending_error()}: the first member error replaces the sentinel. */
    private void setPendingError(int error) {
        if (error != 0) {
            base.compareAndSetError(PENDING_ERROR, error);
        }
    }

    /** {@code dma_fence_array_clear_pending_error()}: no member failed; the array's error becomes 0. */
    private void clearPendingError() {
        base.compareAndSetError(PENDING_ERROR, 0);
    }

    /** Any access to a freed array is the use after free KASAN would report. */
    private void touch(String fn) {
        if (freed) {
            throw new OopsException("BUG: KASAN: use-after-free in " + fn + ": dma_fence_array " + base.seqno()
                    + " was released");
        }
    }

    @Override
    public String toString() {
        return "dma_fence_array(" + base + ", " + fences.length + " fences, pending " + numPending.get() + ")";
    }
}
