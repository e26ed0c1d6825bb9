package org.fencecheck.sim;

/**
 * The memory a spinlock lives in, when that memory can be freed while the lock may still be taken: a driver
 * module's data (spec/DmaFenceLifetime.tla, {@code LockPlace = "module"}: a fence initialised with a lock of its
 * driver). A lock without a home is one whose memory outlives every user (the fence's inline lock, which is freed
 * with the fence after an RCU grace period).
 */
public interface LockHome {

    /** Returns the owner's name for reports, e.g. the module's name. */
    String name();

    /** Returns whether the memory has been freed: taking the lock now writes freed memory. */
    boolean isFreed();
}
