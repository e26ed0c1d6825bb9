package org.fencecheck.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One state of a counterexample.
 *
 * @param number   TLC's state number, 1 for the initial state
 * @param action   the action that led into this state ({@code "Initial predicate"} for state 1)
 * @param location where that action is defined, as TLC prints it ("line 3, col 5 to line 9, col 20 of module M"),
 *                 empty when TLC gives none
 * @param vars     every variable's value, in TLC's printing order
 * @param changed  the variables whose value differs from the previous state (all variables for state 1)
 */
public record TraceState(int number, String action, String location, Map<String, Value> vars,
                         List<String> changed) {
    public TraceState {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        changed = List.copyOf(changed);
    }

    /** The variable's value, or null if the spec has no such variable. */
    public Value var(String name) {
        return vars.get(name);
    }
}
