package org.fencecheck.sim;

import java.util.List;

/**
 * A simulated CPU would spin forever. The simulation reports it instead of hanging: the exception names the
 * CPUs, locks and acquisition sites of the waits-for edges involved. The CPU that throws is dead afterwards: it
 * keeps the locks it held, as a locked-up CPU does, and later spinners on those locks get a
 * {@link SoftLockupException}.
 */
public abstract class LockupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<WaitEdge> edges;

    LockupException(String what, List<WaitEdge> edges) {
        super(what + ": " + edges);
        this.edges = List.copyOf(edges);
    }

    /** Returns the waits-for edges that make up the lockup, starting with the throwing CPU's own. */
    public List<WaitEdge> edges() {
        return edges;
    }
}
