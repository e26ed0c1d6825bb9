package org.fencecheck.sim;

import java.util.List;

/**
 * A CPU tried to take a spinlock that the same CPU already holds, in the same context (a recursive acquisition)
 * or in the context it interrupted (an interrupt handler spinning on a lock its process context holds). In the
 * kernel the CPU spins forever.
 */
public final class SelfDeadlockException extends LockupException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the report of one self-deadlock.
     *
     * @param edge the spinning context and the holding context, both on the same CPU
     */
    public SelfDeadlockException(WaitEdge edge) {
        super("self-deadlock on cpu" + edge.cpu(), List.of(edge));
    }

    /** Returns the single waits-for edge: who spins, on which lock, and where the same CPU took it. */
    public WaitEdge edge() {
        return edges().get(0);
    }
}
