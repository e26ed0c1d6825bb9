package org.fencecheck.tlc;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * A trace state message (2217) reads
 *     3: <Acquire line 13, col 15 to line 18, col 31 of module Mutex>
 *     /\ lock = c2
 *     /\ pc = (c1 :> "crit" @@
 *         c2 :> "crit")
 * where a long value continues on indented lines, and a spec with one variable omits the "/\ ".
 * A liveness trace ends with 2218 "N: Stuttering" or 2122 "N: Back to state: <Action ...>".
 */

/** Builds a {@link Trace} from TLC's trace messages, one message at a time. */
public final class TraceReader {

    private static final Pattern HEADER = Pattern.compile(
            "^(\\d+): <(.*?)(?: (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\w+))?>\\s*$");
    private static final Pattern BACK_TO = Pattern.compile("^(\\d+): Back to state.*");

    private final List<TraceState> states = new ArrayList<>();
    private TraceEnd end = TraceEnd.FINITE;
    private Integer loopTo;

    /** Adds a trace state message (code 2217). */
    public void state(ToolMessage message) {
        List<String> lines = message.lines();
        if (lines.isEmpty()) {
            return;
        }
        Matcher h = HEADER.matcher(lines.get(0).strip());
        int number = states.size() + 1;
        String action = lines.get(0).strip();
        String location = "";
        if (h.matches()) {
            number = Integer.parseInt(h.group(1));
            action = h.group(2);
            location = Objects.requireNonNullElse(h.group(3), "");
        }
        Map<String, Value> vars = variables(lines.subList(1, lines.size()));
        TraceState previous = states.isEmpty() ? null : states.get(states.size() - 1);
        states.add(new TraceState(number, action, location, vars, changed(previous, vars)));
    }

    /** Marks the trace as stuttering forever in its last state (code 2218). */
    public void stuttering() {
        end = TraceEnd.STUTTERING;
    }

    /** Marks the trace as looping back to an earlier state (code 2122). */
    public void backToState(ToolMessage message) {
        end = TraceEnd.BACK_TO_STATE;
        Matcher m = BACK_TO.matcher(message.firstLine());
        loopTo = m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    /** True once any state was read. */
    public boolean hasStates() {
        return !states.isEmpty();
    }

    /** The trace read so far. */
    public Trace trace() {
        return new Trace(states, end, loopTo);
    }

    private static Map<String, Value> variables(List<String> body) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = null;
        for (String line : body) {
            if (line.isBlank()) {
                continue;
            }
            boolean starts = line.startsWith("/\\ ") || current == null;
            if (starts) {
                if (current != null) {
                    entries.add(current.toString());
                }
                current = new StringBuilder(line.startsWith("/\\ ") ? line.substring(3) : line);
            } else {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            entries.add(current.toString());
        }
        Map<String, Value> vars = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf(" = ");
            if (eq < 0) {
                vars.put(entry.strip(), new Value.RawVal(""));
            } else {
                vars.put(entry.substring(0, eq).strip(), ValueParser.parseLenient(entry.substring(eq + 3)));
            }
        }
        return vars;
    }

    private static List<String> changed(TraceState previous, Map<String, Value> vars) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Value> e : vars.entrySet()) {
            if (previous == null || !e.getValue().equals(previous.var(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        return changed;
    }
}
