package org.fencecheck.containers;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.IrqWork;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;

/**
 * Mirrors {@code struct dma_fence_chain} and drivers/dma-buf/dma-fence-chain.c: one node of a timeline of fences
 * (a syncobj timeline point), which signals when its own fence and every earlier node's fence have signaled.
 *
 * <p>The node's fence is {@link #base()}; {@link #of(DmaFence)} is {@code to_dma_fence_chain()}. The ops are this
 * class's methods named after the C functions ({@link #enableSignaling}, {@link #cb}, {@link #irqWork},
 * {@link #signaled}, {@link #release}); the walkers are {@link #walk}, {@link #findSeqno} and
 * {@link #contained}.
 *
 * <p>Ported from torvalds/linux drivers/dma-buf/dma-fence-chain.c (read at 14d2bd53a47a and the 2021+ text with
 * the iterative release and {@code dma_fence_chain_contained()}), with each design's changes: RFC 7/7
 * {@code <20240911085903.1496-8-christian.koenig@amd.com>}: void op that calls {@code dma_fence_signal()} when
 * nothing is left, the irq_work only re-arms; 08/10 {@code <20260624122917.2483-9-christian.koenig@amd.com>}:
 * {@code ->check_signaled} signals; 09/10 {@code <...-10-...>}: void op with {@code dma_fence_signal_locked()}
 * and the irq_work taking the chain's lock around it; 10/10 {@code <...-11-...>}: no lock in the irq_work,
 * {@code dma_fence_signal()}, no lockdep class. SERIES2026 is the state after 10/10.
 */
public final class DmaFenceChain {

    /*
     * Overview: the protocol.
     *
     * Structure. A node holds a reference to its contained fence and to `prev`, the previous node (or any fence
     * ending the chain); `prev` is an RCU pointer that walkers shorten with a compare-and-set once the fences it
     * skips have signaled (garbage collection). A reader gets `prev` with get_rcu_safe: a reference unless the
     * fence is dying, re-checked against the pointer so a fence replaced meanwhile is not returned.
     *
     * Signalling. enable_signaling walks from this node to the first link whose contained fence has not signaled
     * and puts the node's one callback on it, holding a reference to the node for it. The callback runs under
     * that fence's lock, so it only queues the node's irq_work; the irq_work, in hard-IRQ context with no fence
     * lock held, calls enable_signaling again, which either arms the callback on the next unsignaled link or,
     * when none is left, signals the node. The callback's reference passes to the irq_work and is put there.
     *
     * Invariants. At most one callback of a node is armed at a time (it is re-armed only from the irq_work, which
     * runs after it fired). The node signals only after every contained fence of the walk was seen signaled. A
     * node's own memory outlives its armed callback (the reference). Garbage collection only removes links whose
     * contained fence has signaled, so it never changes what a node waits for.
     *
     * Races guarded against. (1) Two walkers shortening one `prev`: the compare-and-set installs the replacement
     * only if `prev` is still the fence the walker checked; the loser drops its replacement, the winner the link
     * it unhooked. (2) A link released while a walker reads it: get_rcu_safe never returns a fence whose count
     * reached zero. (3) A long chain released at once: release unhooks the links it holds the last reference to
     * one by one instead of recursing through their releases (the 2021 "some dma_fence_chain improvements").
     */

    /** The chain's own lockdep class ({@code dma_fence_chain_lock_key}). */
    public static final String LOCK_CLASS = "dma_fence_chain_lock_key";

    static final String FN_WALK = "dma_fence_chain_walk";
    static final String FN_ENABLE = "dma_fence_chain_enable_signaling";
    static final String FN_CB = "dma_fence_chain_cb";
    static final String FN_WORK = "dma_fence_chain_irq_work";
    static final String FN_RELEASE = "dma_fence_chain_release";
    static final String FN_INIT = "dma_fence_chain_init";
    static final String FN_GET_PREV = "dma_fence_chain_get_prev";

    /** {@code chain->prev} (RCU-protected). */
    private final AtomicReference<DmaFence> prev;
    private final long prevSeqno;
    private final DmaFence fence;
    private final FenceCallback cb;
    private final IrqWork work;
    private final ContainerMutation mutation;
    private final Machine machine;
    private final DmaFence base;
    private volatile boolean freed;

    /** {@code dma_fence_chain_ops}. */
    private static final class Ops implements DmaFenceOps {
        private DmaFenceChain chain;

        @Override
        public String getDriverName(DmaFence f) {
            return "dma_fence_chain";
        }

        @Override
        public String getTimelineName(DmaFence f) {
            return "unbound";
        }

        @Override
        public boolean enableSignaling(DmaFence f) {
            return chain.enableSignaling();
        }

        @Override
        public boolean signaled(DmaFence f) {
            return chain.signaled();
        }

        @Override
        public void release(DmaFence f) {
            chain.release();
        }

        @Override
        public boolean use64bitSeqno() {
            return true;
        }
    }

    private DmaFenceChain(DmaFence prev, DmaFence fence, FenceContext context, long seqno, long prevSeqno,
                          ContainerMutation mutation, Machine machine) {
        this.prev = new AtomicReference<>(prev);
        this.fence = fence;
        this.prevSeqno = prevSeqno;
        this.mutation = mutation;
        this.machine = machine;
        this.cb = FenceCallback.named("chain_cb", this::cb);
        this.work = new IrqWork(FN_WORK, this::irqWork);
        Ops ops = new Ops();
        ops.chain = this;
        this.base = DmaFence.init(ops, InlineLock.forContainer(machine, "chain->base.inline_lock", LOCK_CLASS,
                context.policy(), mutation == ContainerMutation.CHAIN_LOCK_SHARED_CLASS), context, seqno);
    }

    /**
     * Mirrors {@code dma_fence_chain_init()}: a node after {@code prev} containing {@code fence}, taking over the
     * caller's reference to both. It continues {@code prev}'s context when {@code prev} is a node and
     * {@code seqno} is later (64-bit) than {@code prev}'s; otherwise it starts a fresh context, with a seqno no
     * lower than {@code prev}'s so the chain's seqnos never go back. WARNs if {@code fence} is itself a chain
     * (chains link through {@code prev} only).
     *
     * @param prev   the previous node or fence, or null
     * @param fence  the fence this node waits for
     * @param seqno  the timeline point
     * @param policy the core's design, for a fresh context
     * @return the node, holding one reference
     */
    public static DmaFenceChain init(DmaFence prev, DmaFence fence, long seqno, LockingPolicy policy) {
        return init(prev, fence, seqno, policy, ContainerMutation.NONE);
    }

    /**
     * Like {@link #init(DmaFence, DmaFence, long, LockingPolicy)}, running a broken variant.
     *
     * @param prev     the previous node or fence, or null
     * @param fence    the fence this node waits for
     * @param seqno    the timeline point
     * @param policy   the core's design, for a fresh context
     * @param mutation the broken variant, or {@link ContainerMutation#NONE}
     * @return the node
     */
    public static DmaFenceChain init(DmaFence prev, DmaFence fence, long seqno, LockingPolicy policy,
                                     ContainerMutation mutation) {
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mutation, "mutation");
        DmaFenceChain prevChain = of(prev);
        FenceContext context;
        long prevSeqno = 0;
        if (prevChain != null && Long.compareUnsigned(seqno, prev.seqno()) > 0) {
            context = prev.context();
            prevSeqno = prev.seqno();
        } else {
            context = FenceContext.alloc(policy);
            if (prevChain != null && Long.compareUnsigned(prev.seqno(), seqno) > 0) {
                seqno = prev.seqno();
            }
        }
        if (isChain(fence)) {
            fence.machine().warn(FN_INIT, "WARN_ON(dma_fence_is_chain(fence))");
        }
        return new DmaFenceChain(prev, fence, context, seqno, prevSeqno, mutation, fence.machine());
    }

    /**
     * Mirrors {@code to_dma_fence_chain()}: the node whose base is {@code f}, or null.
     *
     * @param f a fence, or null
     * @return its node, or null
     */
    public static DmaFenceChain of(DmaFence f) {
        return f != null && f.ops() instanceof Ops o ? o.chain : null;
    }

    /** Mirrors {@code dma_fence_is_chain()}. */
    public static boolean isChain(DmaFence f) {
        return of(f) != null;
    }

    /**
     * Mirrors {@code dma_fence_chain_contained()}: the node's fence, or {@code f} itself if it is not a node.
     *
     * @param f a fence
     * @return the fence to wait for at this link (no new reference)
     */
    public static DmaFence contained(DmaFence f) {
        DmaFenceChain chain = of(f);
        return chain != null ? chain.fence : f;
    }

    /** Returns {@code &chain->base}. */
    public DmaFence base() {
        return base;
    }

    /** Returns {@code chain->fence} (no new reference). */
    public DmaFence fence() {
        return fence;
    }

    /** Returns {@code chain->prev_seqno}: the previous node's seqno if this one continues its context, else 0. */
    public long prevSeqno() {
        return prevSeqno;
    }

    /** Returns {@code chain->prev} now (no new reference; a racy snapshot for tests). */
    public DmaFence prevSnapshot() {
        return prev.get();
    }

    /** Returns whether the node was released. */
    public boolean isFreed() {
        return freed;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Walking
    // ---------------------------------------------------------------------------------------------------------

    /** {@code dma_fence_chain_get_prev()}: a reference to {@code prev} under RCU, via get_rcu_safe. */
    private DmaFence getPrev() {
        machine.rcu().readLock(FN_GET_PREV, base.seqno());
        try {
            for (;;) {
                DmaFence p = prev.get();
                if (p == null) {
                    return null;
                }
                if (p.getRcu() == null) {
                    continue; // dying: a walker is replacing it, re-read the pointer
                }
                if (prev.get() == p) {
                    return p;
                }
                p.put();
            }
        } finally {
            machine.rcu().readUnlock(FN_GET_PREV, base.seqno());
        }
    }

    /**
     * Mirrors {@code dma_fence_chain_walk()}: from node {@code f} to the next link whose fence has not signaled,
     * unhooking the signaled links in between from {@code f}'s {@code prev}. Consumes the reference to {@code f}.
     *
     * @param f the current node (a reference the walk takes over)
     * @return a reference to the next link, or null at the end of the chain
     */
    public static DmaFence walk(DmaFence f) {
        DmaFenceChain chain = of(f);
        if (chain == null) {
            f.put();
            return null;
        }
        DmaFence p;
        while ((p = chain.getPrev()) != null) {
            DmaFenceChain prevChain = of(p);
            DmaFence replacement;
            if (prevChain != null) {
                if (chain.mutation == ContainerMutation.CHAIN_WALK_IGNORES_CONTAINED) {
                    // Broken: no look at the link's contained fence; every link counts as signaled, so the walk
                    // unhooks points that have not passed and the node stops waiting for them.
                } else if (!prevChain.fence.isSignaled()) {
                    break;
                }
                replacement = prevChain.getPrev();
            } else {
                if (!p.isSignaled()) {
                    break;
                }
                replacement = null;
            }
            chain.machine.step(Action.DRIVER_PROFILE, FN_WALK, "cmpxchg(&chain->prev, prev, replacement)",
                    chain.base.seqno());
            if (chain.mutation == ContainerMutation.CHAIN_WALK_NO_CMPXCHG) {
                // Broken: a plain store, and the unhooked link put as if this walker's store always won. A
                // second walker that got the same prev before either stored drops the link's one reference
                // again (the link is freed under its other holders), and its store overwrites the first one's
                // replacement without putting it.
                chain.prev.set(replacement);
                p.put();
            } else {
                DmaFence tmp = chain.prev.compareAndExchange(p, replacement);
                if (tmp == p) {
                    tmp.put();
                } else if (replacement != null) {
                    replacement.put();
                }
            }
            p.put();
        }
        f.put();
        return p;
    }

    /**
     * Mirrors {@code dma_fence_chain_find_seqno()}: moves {@code pfence[0]} from a node to the link that will
     * signal point {@code seqno}, or to null if that point has signaled. Consumes the reference in
     * {@code pfence[0]} and leaves a reference to the result there.
     *
     * @param pfence the node to start from, in and out ({@code struct dma_fence **})
     * @param seqno  the point; 0 is a no-op
     * @return 0, or {@code -EINVAL} if {@code pfence[0]} is not a node or has not reached {@code seqno}
     */
    public static int findSeqno(DmaFence[] pfence, long seqno) {
        if (seqno == 0) {
            return 0;
        }
        DmaFenceChain chain = of(pfence[0]);
        if (chain == null || Long.compareUnsigned(chain.base.seqno(), seqno) < 0) {
            return -Errno.EINVAL;
        }
        for (pfence[0] = chain.base.get(); pfence[0] != null; pfence[0] = walk(pfence[0])) {
            DmaFenceChain at = of(pfence[0]);
            if (pfence[0].context().id() != chain.base.context().id() || at == null) {
                break;
            }
            // Stop at the first node whose predecessor lies before the point: that node signals it.
            int cmp = Long.compareUnsigned(at.prevSeqno, seqno);
            if (chain.mutation == ContainerMutation.CHAIN_FIND_SEQNO_STOPS_LATE ? cmp <= 0 : cmp < 0) {
                // Broken (<=): also stops at the node right after the point, when its predecessor is the point.
                break;
            }
        }
        chain.base.put();
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The ops
    // ---------------------------------------------------------------------------------------------------------

    /**
     * {@code dma_fence_chain_enable_signaling()}: arms the node's callback on the first unsignaled contained fence
     * of the walk, with a reference to the node for it. Called by the core (LEGACY: under the node's lock) and
     * again by the irq_work, with no lock, in hard-IRQ context.
     *
     * @return whether a callback was armed; LEGACY/REWORKED signal the node on false (the core or the irq_work),
     *         RFC2024/SERIES2026 (void op) have signaled it here already
     */
    boolean enableSignaling() {
        boolean atomic = InlineLock.enterOpUnderOwnLock(base.lock());
        try {
            return armOnFirstUnsignaled();
        } finally {
            InlineLock.leaveOpUnderOwnLock(atomic);
        }
    }

    private boolean armOnFirstUnsignaled() {
        touch(FN_ENABLE);
        base.get();
        for (DmaFence iter = base.get(); iter != null; iter = walk(iter)) {
            DmaFence f = contained(iter);
            f.get();
            machine.step(Action.DRIVER_PROFILE, FN_ENABLE, "dma_fence_add_callback(contained, &head->cb)",
                    base.seqno());
            if (f.addCallback(cb) == 0) {
                iter.put();
                return true;
            }
            f.put();
        }
        base.put();
        if (base.policy().voidEnableSignaling()) {
            // RFC 7/7 and 10/10: no unsignaled fence left, the op signals (09/10 did it locked, under the lock
            // its irq_work took; 10/10 dropped both). The core no longer signals on the op's answer.
            if (mutation == ContainerMutation.CHAIN_OP_FORGETS_SIGNAL) {
                // Broken: the conversion dropped "return false" but added no signal. The node stays unsignaled
                // with every contained fence passed and no callback armed that would ever signal it.
            } else {
                base.signal();
            }
        }
        return false;
    }

    /**
     * {@code dma_fence_chain_cb()}: the armed contained fence {@code f} signaled (its lock held, IRQs off): hand
     * the re-arm to the irq_work and drop the callback's reference to {@code f}.
     *
     * @param f the contained fence that signaled
     */
    void cb(DmaFence f) {
        touch(FN_CB);
        machine.step(Action.DRIVER_PROFILE, FN_CB, "irq_work_queue(&chain->work); dma_fence_put(f)", base.seqno());
        if (mutation == ContainerMutation.CHAIN_NO_IRQ_WORK) {
            // Broken: the re-arm runs here, under f's lock, taking the next contained fence's lock inside it.
            rearmOrSignal();
            base.put();
        } else {
            work.queue();
        }
        f.put();
    }

    /** {@code dma_fence_chain_irq_work()}: re-arm on the next unsignaled fence or signal; drop the callback's reference. */
    void irqWork() {
        touch(FN_WORK);
        machine.step(Action.DRIVER_PROFILE, FN_WORK, "dma_fence_chain_enable_signaling(); dma_fence_put()",
                base.seqno());
        rearmOrSignal();
        base.put();
    }

    private void rearmOrSignal() {
        // "Try to rearm the callback": mainline signals on false; the void op of RFC 7/7 and 10/10 signals itself.
        if (!enableSignaling() && !base.policy().voidEnableSignaling()) {
            base.signal();
        }
    }

    /**
     * {@code dma_fence_chain_signaled()} (LEGACY, REWORKED, RFC2024) or {@code ->check_signaled} (SERIES2026,
     * 08/10, which signals the node itself): whether every contained fence of the walk has signaled.
     *
     * @return whether the node has passed; under SERIES2026 whether it is signaled after the op signalled it
     */
    boolean signaled() {
        for (DmaFence iter = base.get(); iter != null; iter = walk(iter)) {
            // Broken (chain_signaled_tests_link): the link's own SIGNALED flag, which a link gets only once
            // signalling was enabled on it, instead of asking its contained fence.
            boolean passed = mutation == ContainerMutation.CHAIN_SIGNALED_TESTS_LINK ? iter.testSignaledFlag()
                    : contained(iter).isSignaled();
            if (!passed) {
                iter.put();
                return false;
            }
        }
        if (base.policy().checkSignals()) {
            base.signal();
            return base.testSignaledFlag();
        }
        return true;
    }

    /**
     * {@code dma_fence_chain_release()}: unhooks the previous links this node holds the last reference to, one at a
     * time (each unhooked link is released with an empty {@code prev}, so no release recurses into the next), then
     * puts what is left of {@code prev} and the contained fence.
     */
    void release() {
        touch(FN_RELEASE);
        machine.step(Action.DRIVER_PROFILE, FN_RELEASE, "unlink prev while we hold its last reference",
                base.seqno());
        DmaFence p;
        while ((p = prev.get()) != null) {
            if (p.refcount() > 1) {
                break;
            }
            DmaFenceChain prevChain = of(p);
            if (prevChain == null) {
                break;
            }
            prev.set(prevChain.prev.get());
            prevChain.prev.set(null);
            p.put();
        }
        if (p != null) {
            p.put();
        }
        if (mutation == ContainerMutation.CHAIN_RELEASE_KEEPS_FENCE) {
            // Broken: dma_fence_put(chain->fence) forgotten; the reference init took over is never returned.
        } else {
            fence.put();
        }
        freed = true;
    }

    private void touch(String fn) {
        if (freed) {
            throw new OopsException("BUG: KASAN: use-after-free in " + fn + ": dma_fence_chain " + base.seqno()
                    + " was released");
        }
    }

    @Override
    public String toString() {
        return "dma_fence_chain(" + base + ", prev_seqno " + prevSeqno + ")";
    }
}
