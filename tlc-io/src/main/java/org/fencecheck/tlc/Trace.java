package org.fencecheck.tlc;

import java.util.List;

/**
 * A counterexample as structured data.
 *
 * @param states the states in order, the first is an initial state
 * @param end    how the trace ends
 * @param loopTo for {@link TraceEnd#BACK_TO_STATE}, the {@link TraceState#number()} the cycle returns to; else null
 */
public record Trace(List<TraceState> states, TraceEnd end, Integer loopTo) {
    public Trace {
        states = List.copyOf(states);
    }

    /** The names of the variables of the first state, in TLC's order. */
    public List<String> variables() {
        return states.isEmpty() ? List.of() : List.copyOf(states.get(0).vars().keySet());
    }
}
