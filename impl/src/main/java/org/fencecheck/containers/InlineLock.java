package org.fencecheck.containers;

import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Cpu;
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

    /** The atomic caller a container's op under its own lock is to the calls it makes (lockdep's report names it). */
    public static final String OP_UNDER_CONTAINER_LOCK = "container_lock";

    private InlineLock() {
    }

    /**
     * LEGACY calls a container's {@code ->enable_signaling} with the container's lock held, taken with
     * {@code spin_lock_irqsave()} by {@code dma_fence_add_callback()} or {@code dma_fence_enable_sw_signaling()}:
     * the {@code dma_fence_add_callback()} calls the op makes on its members run from an atomic context, the way
     * the core's {@code Caller.CALLBACK} runs a call under another fence's lock. Marking it lets lockdep report a
     * member driver that turns IRQs on there ({@code spin_unlock_irq()} in its {@code ->enable_signaling}) as
     * IRQs enabled in an atomic caller, the containers' AtomicCallerKeepsIrqsOff (no IRQs on in hard-IRQ
     * context or under the container's lock). Nothing is entered when the lock is not held (the other designs call the op lock-free), in
     * hard-IRQ context (dma_fence_chain_irq_work(): lockdep reports any IRQ enabling there already) or inside
     * another atomic caller (it stays the outer one).
     *
     * @param lock the container's lock
     * @return whether the atomic context was entered; pass it to {@link #leaveOpUnderOwnLock}
     */
    static boolean enterOpUnderOwnLock(SpinLock lock) {
        Cpu cpu = Cpu.current();
        if (cpu.irqDepth() > 0 || cpu.atomicCaller() != null || !cpu.holds(lock)) {
            return false;
        }
        cpu.enterAtomicCaller(OP_UNDER_CONTAINER_LOCK);
        return true;
    }

    /**
     * Leaves what {@link #enterOpUnderOwnLock} entered.
     *
     * @param entered its answer
     */
    static void leaveOpUnderOwnLock(boolean entered) {
        if (entered) {
            Cpu.current().exitAtomicCaller();
        }
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
