package org.fencecheck.sim;

import java.util.List;

/**
 * Two or more CPUs spin in a cycle, each on a lock held by the next (ABBA and longer). Every CPU of the cycle
 * throws this exception, with the same edges rotated to start at its own.
 */
public final class DeadlockException extends LockupException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the report of one waits-for cycle.
     *
     * @param cycle the edges of the cycle, starting with the throwing CPU's
     */
    public DeadlockException(List<WaitEdge> cycle) {
        super("cross-CPU deadlock among " + cycle.size() + " CPUs", cycle);
    }
}
