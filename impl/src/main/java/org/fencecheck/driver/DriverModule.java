package org.fencecheck.driver;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.fence.OpsOwner;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.LockHome;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * A loadable driver module that creates fences (spec DmaFenceLifetime.tla): it owns its {@code dma_fence_ops}
 * table, holds a reference to every fence it emitted until it retires the fence (signal, then put), and can be
 * unloaded. {@link #unload()} is {@code module_exit()} followed by the freeing of the module: it marks the module
 * exiting, retires every fence it still holds, waits until all are retired, calls {@code synchronize_rcu()}, and
 * only then marks the module unloaded. From then on no code or data of the module may be touched; the fence core
 * checks that at every dereference of {@code fence->ops} ({@link OpsOwner}) and reports to the machine's
 * {@link org.fencecheck.lockdep.ModuleValidator}.
 *
 * <p>The module's fences form one timeline; where their {@code fence->lock} lives is the {@link LockPlace} (each
 * fence's own lock, or one lock in the module's data, whose use after unload is reported like an ops call); their
 * context carries the locking policy
 * and the {@link OpsLifetime}. A hardware seqno ({@link #hwComplete()}) decides what {@code ->signaled} and
 * {@code ->enable_signaling} answer; there is no interrupt (the lifetime concern has none).
 */
public final class DriverModule implements OpsOwner, LockHome {

    /*
     * Overview. `state` goes LOADED -> EXITING -> GRACE -> UNLOADED (the spec's ModuleStates), each by one
     * thread, the unloader; it is an AtomicReference so that the core's check on any CPU reads the current state
     * (a volatile read) and a second unload fails instead of racing. The retired flag of each held fence is the
     * claim on the module's reference: exactly one retire (the driver's or the exit path's drain) wins its CAS
     * and signals and puts. `outstanding` counts fences whose retire has not finished, decremented after the put,
     * so the exit path's wait for zero also waits for a concurrent retirer that won a CAS but is still signaling.
     *
     * Protocol of unload and why it is safe for RCU_DETACH drivers without ->release/->wait: after the wait every
     * fence is signaled, so its ops are detached (the store happened before the retirer's decrement, which the
     * unloader read); a CPU that enters a read-side section after synchronize_rcu() started sees NULL; one that
     * entered before is waited for. The deliberately broken Mutation.NO_GRACE_PERIOD skips the wait.
     */

    /** The module's life (spec {@code ModuleStates}). */
    public enum State {
        /** Loaded: its code may run. */
        LOADED,
        /** {@code module_exit()} runs: the driver only retires fences now. */
        EXITING,
        /** Waiting in {@code synchronize_rcu()}. */
        GRACE,
        /** Code and data freed. */
        UNLOADED
    }

    /** Which optional ops the module's table has (spec {@code DriverOps}). */
    public enum Ops {
        /** Neither {@code ->release} nor {@code ->wait}: detached on signal under RCU_DETACH. */
        PLAIN,
        /** With {@code ->release}: never detached. */
        RELEASE,
        /** With {@code ->wait}: never detached. */
        WAIT
    }

    /** One fence the module emitted, and whether the module's reference to it was claimed by a retire. */
    private record Held(DmaFence fence, AtomicBoolean retired) {
    }

    private static final String FN_EXIT = "module_exit";

    private final Machine machine;
    private final String name;
    private final FenceContext context;
    /** The timeline's lock in the module's data (LockPlace.MODULE), or null: each fence gets its own. */
    private final SpinLock fenceLock;
    private final LockPlace lockPlace;
    private final ModuleOps ops;
    private final AtomicReference<State> state = new AtomicReference<>(State.LOADED);
    private final List<Held> fences = new CopyOnWriteArrayList<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong hwSeqno = new AtomicLong();
    private final AtomicLong nextSeqno = new AtomicLong(1);
    private final AtomicInteger driverReleases = new AtomicInteger();

    /**
     * Loads a module.
     *
     * @param machine  the machine whose RCU, validator and listener see it
     * @param name     the module's (and driver's) name
     * @param policy   the locking policy of its fences
     * @param lifetime how the core reaches its fences' ops
     * @param ops      which optional ops its table has
     * @param mutation the broken variant its fences' core (or, for {@link Mutation#NO_GRACE_PERIOD}, its exit
     *                 path) runs, or {@link Mutation#NONE}
     * @param place    where its fences' lock lives
     */
    public DriverModule(Machine machine, String name, LockingPolicy policy, OpsLifetime lifetime, Ops ops,
                        Mutation mutation, LockPlace place) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.name = Objects.requireNonNull(name, "name");
        this.context = FenceContext.alloc(policy, lifetime, mutation);
        this.lockPlace = Objects.requireNonNull(place, "place");
        this.fenceLock = place == LockPlace.MODULE ? machine.newSpinLock("fence", "fence->lock", this) : null;
        this.ops = switch (ops) {
            case PLAIN -> new ModuleOps(this);
            case RELEASE -> new ModuleOps.WithRelease(this);
            case WAIT -> new ModuleOps.WithWait(this);
        };
    }

    /** A module whose fences have their own lock. */
    public DriverModule(Machine machine, String name, LockingPolicy policy, OpsLifetime lifetime, Ops ops,
                        Mutation mutation) {
        this(machine, name, policy, lifetime, ops, mutation, LockPlace.INLINE);
    }

    /** A module with the correct exit path whose fences have their own lock. */
    public DriverModule(Machine machine, String name, LockingPolicy policy, OpsLifetime lifetime, Ops ops) {
        this(machine, name, policy, lifetime, ops, Mutation.NONE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUnloaded() {
        return state.get() == State.UNLOADED;
    }

    /** The module's data is freed with its code. */
    @Override
    public boolean isFreed() {
        return isUnloaded();
    }

    /** Returns where its fences' lock lives. */
    public LockPlace lockPlace() {
        return lockPlace;
    }

    /** Returns the module's state. */
    public State state() {
        return state.get();
    }

    /** Returns the context of its fences. */
    public FenceContext context() {
        return context;
    }

    /** Returns the machine. */
    public Machine machine() {
        return machine;
    }

    /** Returns how many times the driver's {@code ->release} ran. */
    public int driverReleases() {
        return driverReleases.get();
    }

    /** Returns how many emitted fences the module has not finished retiring. */
    public int outstanding() {
        return outstanding.get();
    }

    /**
     * Emits the next fence (seqno 1, 2, ...); the module keeps the reference {@code dma_fence_init()} gave it.
     * Callers that use the fence take their own with {@link DmaFence#get()}.
     *
     * @return the fence
     * @throws IllegalStateException if the module is no longer loaded
     */
    public DmaFence emit() {
        if (state.get() != State.LOADED) {
            throw new IllegalStateException(name + " emits a fence while " + state.get());
        }
        SpinLock lock = fenceLock != null ? fenceLock : machine.newSpinLock("fence", "fence->lock");
        DmaFence f = DmaFence.init(ops, lock, context, nextSeqno.getAndIncrement());
        outstanding.incrementAndGet();
        fences.add(new Held(f, new AtomicBoolean()));
        return f;
    }

    /** The hardware passes the next seqno: {@code ->signaled} and {@code ->enable_signaling} see it. */
    public void hwComplete() {
        long s = hwSeqno.incrementAndGet();
        machine.hardwareStep(Action.HW_COMPLETE, "hardware", "seqno passes", s);
    }

    boolean hwPassed(DmaFence f) {
        return hwSeqno.get() >= f.seqno();
    }

    void releasedByDriver() {
        driverReleases.incrementAndGet();
    }

    /**
     * The driver retires a fence (spec {@code DriverRetire}; its interrupt handler, or the drain of its exit
     * path): {@code dma_fence_signal()} and {@code dma_fence_put()} of the module's reference. Only the first
     * retire of a fence does anything.
     *
     * @param f a fence this module emitted
     * @return whether this call retired it
     * @throws IllegalStateException if the module is in its grace period or gone (its code cannot run)
     */
    public boolean retire(DmaFence f) {
        State s = state.get();
        if (s == State.GRACE || s == State.UNLOADED) {
            throw new IllegalStateException(name + " retires fence " + f.seqno() + " while " + s);
        }
        Held h = held(f);
        if (!h.retired().compareAndSet(false, true)) {
            return false;
        }
        machine.step(Action.DRIVER_RETIRE, "drv_retire", "dma_fence_signal; dma_fence_put", f.seqno());
        f.signal();
        f.put();
        outstanding.decrementAndGet();
        return true;
    }

    /**
     * Unloads the module ({@code module_exit()} then {@code free_module()}): EXITING, retire every fence still
     * held, wait for concurrent retires, then (unless broken) {@code synchronize_rcu()} in GRACE, then UNLOADED.
     *
     * @throws IllegalStateException if the module is not loaded
     */
    public void unload() {
        machine.step(Action.MODULE_EXIT, FN_EXIT, "unload requested", Step.NO_FENCE);
        if (!state.compareAndSet(State.LOADED, State.EXITING)) {
            throw new IllegalStateException(name + " unloaded twice (" + state.get() + ")");
        }
        for (Held h : fences) {
            retire(h.fence());
        }
        while (outstanding.get() != 0) {
            machine.step(Action.MODULE_EXIT, FN_EXIT, "wait for the driver's retires", Step.NO_FENCE);
            Thread.onSpinWait();
            Thread.yield();
        }
        if (context.mutation() != Mutation.NO_GRACE_PERIOD) {
            state.set(State.GRACE);
            machine.rcu().synchronizeRcu(FN_EXIT);
            machine.step(Action.MODULE_EXIT, "free_module", "grace period over: module freed", Step.NO_FENCE);
        } else {
            // Mutation no_grace_period (DmaFenceLifetime ModuleDrained): the module is freed while CPUs may still
            // be inside read-side sections that loaded its ops before the fences were detached.
            machine.step(Action.MODULE_EXIT, "free_module", "module freed, no grace period", Step.NO_FENCE);
        }
        state.set(State.UNLOADED);
    }

    private Held held(DmaFence f) {
        for (Held h : fences) {
            if (h.fence() == f) {
                return h;
            }
        }
        throw new IllegalArgumentException("fence " + f.seqno() + " is not " + name + "'s");
    }

    @Override
    public String toString() {
        return "module " + name + " (" + state.get() + ", " + context.lifetime() + ")";
    }
}
