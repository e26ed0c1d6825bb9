package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every run of a user callback's func: which callback, on which fence, and whether that fence had
 * SIGNALED set when it ran (an observation independent of the abstraction). Written by whatever CPU runs the
 * callback, read by the scheduler between steps; synchronized.
 */
public final class CallbackLog {

    /** One run. */
    public record Run(String cb, long fence, boolean signaledAtRun) {
    }

    private final List<Run> runs = new ArrayList<>();

    public synchronized void ran(String cb, long fence, boolean signaled) {
        runs.add(new Run(cb, fence, signaled));
    }

    /** The runs so far. */
    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    /** The number of runs so far. */
    public synchronized int size() {
        return runs.size();
    }

    /** The runs from index {@code from} on. */
    public synchronized List<Run> since(int from) {
        return List.copyOf(runs.subList(from, runs.size()));
    }
}
