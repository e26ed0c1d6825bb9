package org.fencecheck.fence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;

/**
 * {@code fence->ops} as the core reaches it under an {@link OpsLifetime}: the load (plain, or
 * {@code rcu_dereference()} inside {@code rcu_read_lock()}), the {@code ops &&} test before a call, the detach on
 * signal ({@code RCU_INIT_POINTER(fence->ops, NULL)}), and the check, at every dereference, that the table's module
 * is still there (reported to the machine's {@link org.fencecheck.lockdep.ModuleValidator}).
 *
 * <p>Every use follows one shape, which is upstream's:
 * <pre>
 *   DmaFenceOps o = ptr.begin(fn);          // rcu_read_lock(); ops = rcu_dereference(fence->ops)
 *   try {
 *       if (ptr.reachable(o, "signaled", fn) &amp;&amp; ...) ... o.signaled(fence) ...
 *   } finally {
 *       ptr.end(fn);                        // rcu_read_unlock()
 *   }
 * </pre>
 */
final class OpsPointer {

    /*
     * Overview. The pointer is written twice at most: once by the fence's constructor and once, to NULL, by the
     * winner of the SIGNALED test-and-set when the lifetime detaches. Accesses, and why each ordering:
     *
     * - PINNED load: plain. The pointer is never written after construction, and the fence reaches other threads
     *   only through a publication that already orders the constructor before them (as for every other field set
     *   by dma_fence_init()).
     * - rcu_dereference(): getAcquire. A non-NULL value must come with the table it points to, as the kernel's
     *   address dependency guarantees; acquire is the Java spelling. Protection against the module going away is
     *   not this load's job but the read-side section's (see Rcu: the section's entry is fenced before the load).
     * - Detach: setRelease of NULL. RCU_INIT_POINTER() publishes nothing (NULL has no contents), so the kernel
     *   uses a plain store; release keeps it after the SIGNALED test-and-set that precedes it, so a reader that
     *   sees NULL never sees SIGNALED clear afterwards, which makes the name queries' two reads consistent.
     *
     * Steps: PINNED announces none of its own, so the legacy traces stay exactly those of spec/DmaFence.tla; the
     * RCU lifetimes announce the section's entry and exit (Rcu) and OPS_READ / OPS_CALL, the spec's ReadOps and
     * OpsCall of DmaFenceLifetime.tla.
     */

    private static final VarHandle OPS;

    static {
        try {
            OPS = MethodHandles.lookup().findVarHandle(OpsPointer.class, "ops", DmaFenceOps.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OpsLifetime lifetime;
    private final Mutation mutation;
    private final Machine machine;
    private final long seqno;
    /** The fence this is the ops pointer of: reports say whether it was signaled. */
    private final DmaFence fence;

    /** Accessed only through OPS, with the orderings of the overview. */
    @SuppressWarnings("unused")
    private DmaFenceOps ops;

    OpsPointer(DmaFence fence, DmaFenceOps ops, OpsLifetime lifetime, Mutation mutation, Machine machine,
               long seqno) {
        this.fence = fence;
        this.ops = ops;
        this.lifetime = lifetime;
        this.mutation = mutation;
        this.machine = machine;
        this.seqno = seqno;
    }

    OpsLifetime lifetime() {
        return lifetime;
    }

    /** The pointer's current value without any protection: for state snapshots and tests, never to call through. */
    DmaFenceOps peek() {
        return (DmaFenceOps) OPS.getAcquire(this);
    }

    /**
     * Reads {@code fence->ops} for one use: PINNED a plain load; RCU lifetimes enter a read-side section first
     * (broken {@code ops_outside_rcu}: after the load). Must be paired with {@link #end}.
     *
     * @param fn the core function
     * @return the pointer, possibly NULL under the RCU lifetimes
     */
    DmaFenceOps begin(String fn) {
        if (!lifetime.usesRcu()) {
            return (DmaFenceOps) OPS.get(this);
        }
        if (mutation == Mutation.OPS_OUTSIDE_RCU) {
            // Mutation ops_outside_rcu (DmaFenceLifetime ReadOps + LateRcuLock): the pointer is loaded with no
            // read-side section open; a grace period that starts now does not wait for this CPU, which then
            // enters its section holding a stale table pointer.
            machine.step(Action.OPS_READ, fn, "ops = fence->ops (before rcu_read_lock)", seqno);
            DmaFenceOps o = (DmaFenceOps) OPS.getAcquire(this);
            machine.rcu().readLock(fn, seqno);
            return o;
        }
        machine.rcu().readLock(fn, seqno);
        machine.step(Action.OPS_READ, fn, "ops = rcu_dereference(fence->ops)", seqno);
        return (DmaFenceOps) OPS.getAcquire(this);
    }

    /**
     * Ends the use {@link #begin} started: {@code rcu_read_unlock()} under the RCU lifetimes.
     *
     * @param fn the core function
     */
    void end(String fn) {
        if (lifetime.usesRcu()) {
            machine.rcu().readUnlock(fn, seqno);
        }
    }

    /**
     * The {@code ops && ...} test before dereferencing {@code o} for {@code op}, plus the module check: false
     * when the ops are detached (the core then skips the op). Broken {@code no_null_check} skips the test for
     * {@code ->signaled} and {@code ->enable_signaling}: the call goes through NULL, which is reported and oopses.
     *
     * @param o  what {@link #begin} returned
     * @param op the op, e.g. {@code "signaled"}
     * @param fn the core function
     * @return whether the table may be read and the op called
     * @throws OopsException for the broken variant's call through NULL
     */
    boolean reachable(DmaFenceOps o, String op, String fn) {
        if (o == null) {
            if (mutation == Mutation.NO_NULL_CHECK && (op.equals("signaled") || op.equals("enable_signaling"))) {
                // Mutation no_null_check (DmaFenceLifetime OpsCall): no `ops &&` in dma_fence_is_signaled() /
                // __dma_fence_enable_signaling(): the detached pointer is called through.
                throw callThroughNull(op, fn);
            }
            if (lifetime.usesRcu()) {
                machine.step(Action.OPS_CALL, fn, "ops NULL: ops->" + op + " skipped", seqno);
            }
            return false;
        }
        touch(o, op, fn);
        return true;
    }

    /**
     * A call through a detached (NULL) {@code fence->ops}: the step, the validator's report, and the oops the
     * kernel would take. Returned for the caller to throw.
     *
     * @param op the op called
     * @param fn the core function
     * @return the oops
     */
    OopsException callThroughNull(String op, String fn) {
        machine.step(Action.OPS_CALL, fn, "ops->" + op + "() through NULL ops", seqno);
        machine.moduleValidator().nullOpsCall(op, fn, seqno, fence.testSignaledFlag());
        return new OopsException("BUG: kernel NULL pointer dereference: ops->" + op + "() in " + fn + " on fence "
                + seqno);
    }

    /**
     * The module check alone: the core is about to read {@code o}'s table or run its code for {@code op}; if
     * the owning module is gone, that is reported (and the Java object, like freed memory that still holds the
     * old bytes, answers anyway).
     *
     * @param o  non-null ops
     * @param op the op or table entry
     * @param fn the core function
     */
    void touch(DmaFenceOps o, String op, String fn) {
        if (lifetime.usesRcu()) {
            machine.step(Action.OPS_CALL, fn, "ops->" + op, seqno);
        }
        OpsOwner owner = o.owner();
        if (owner.isUnloaded()) {
            machine.moduleValidator().opsIntoUnloadedModule(owner.name(), op, fn, seqno,
                    fence.testSignaledFlag());
        }
    }

    /** RCU_INIT_POINTER(fence->ops, NULL): by the winner of SIGNALED, with the fence lock held. */
    void detach() {
        OPS.setRelease(this, null);
    }

    @Override
    public String toString() {
        return "fence->ops(" + lifetime + ")";
    }
}
