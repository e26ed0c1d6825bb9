package org.fencecheck.containers;

import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * The per-fence inline lock ({@code fence->inline_lock}, used when {@code dma_fence_init()} gets a NULL lock) and
 * the lockdep classes containers give it.
 *
 * <p>Every inline lock is initialised at one {@code spin_lock_init()} site, so lockdep puts all of them in one
 * class, {@link #FENCE_CLASS}. A container whose {@code ->enable_signaling} runs under its own lock and takes its
 * members' locks would then nest the class in itself; mainline gives the array's and the chain's lock a class of
 * their own with {@code lockdep_set_class()}, and June 2026 10/10 (Message-Id
 * {@code <20260624122917.2483-11-christian.koenig@amd.com>}) removes both calls because the op no longer runs under
 * the container's lock.
 */
public final class InlineLock {

    /** The class of every inline lock initialised by {@code dma_fence_init()}. */
    public static final String FENCE_CLASS = "dma_fence_inline_lock";

    private InlineLock() {
    }

    /**
     * A fence's inline lock in the shared class.
     *
     * @param machine the machine
     * @param name    the lock's name in steps
     * @return the unlocked lock
     */
    public static SpinLock create(Machine machine, String name) {
        return machine.newSpinLock(FENCE_CLASS, name);
    }

    /**
     * A container's inline lock: its own class ({@code lockdep_set_class()}) except under SERIES2026, or when a
     * broken variant drops the call.
     *
     * @param machine    the machine
     * @param name       the lock's name in steps
     * @param ownClass   the container's lock_class_key
     * @param policy     the core's design
     * @param dropsClass whether a broken variant removes the lockdep_set_class() call
     * @return the unlocked lock
     */
    static SpinLock forContainer(Machine machine, String name, String ownClass, LockingPolicy policy,
                                 boolean dropsClass) {
        boolean ownKey = policy != LockingPolicy.SERIES2026 && !dropsClass;
        return machine.newSpinLock(ownKey ? ownClass : FENCE_CLASS, name);
    }
}
