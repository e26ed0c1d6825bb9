package org.fencecheck.sim;

import java.util.List;

/**
 * A CPU spun too long (the machine's watchdog, like the kernel's soft-lockup detector), or spins on a lock held
 * by a CPU that is already dead from an earlier lockup and so will never release it.
 */
public final class SoftLockupException extends LockupException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the report.
     *
     * @param why  the cause: watchdog, or the dead owner
     * @param edge the spinning context and the lock's owner
     */
    public SoftLockupException(String why, WaitEdge edge) {
        super("soft lockup (" + why + ")", List.of(edge));
    }
}
