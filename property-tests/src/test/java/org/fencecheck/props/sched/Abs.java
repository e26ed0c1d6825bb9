package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The observable state of the implementation: every VARIABLE of spec/DmaFence.tla except {@code fr} (frames:
 * TLC reconstructs them) and {@code step} (a label), each as its TLA+ value text, CPUs spelled {@code "c1", ...}.
 * The texts go verbatim into generated trace modules; two states are equal when their texts are.
 *
 * @param vars variable name -> TLA+ text, in {@link #VARS} order
 */
public record Abs(Map<String, String> vars) {

    /** The variable names, in the order of the spec's VARIABLES (without fr and step). */
    public static final List<String> VARS = List.of("flags", "cbList", "cbFence", "cbState", "runs", "error",
            "tsWrites", "hwSeqno", "irqArmed", "irqLine", "entries", "owner", "irqOn", "ctx", "calls", "woken",
            "outer", "enableCalls",
            "enableOnSignaled", "drvUnderLock", "errAfterSignal", "everSignaled", "fenceRefs", "fenceFreed");

    public Abs {
        if (!vars.keySet().equals(new java.util.HashSet<>(VARS))) {
            throw new IllegalArgumentException("an abstract state needs exactly " + VARS + ", got " + vars.keySet());
        }
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    }

    public String get(String name) {
        return vars.get(name);
    }

    /** The names of the variables whose values differ. */
    public List<String> diff(Abs other) {
        return VARS.stream().filter(v -> !Objects.equals(get(v), other.get(v))).toList();
    }

    /** {@code name: this = ..., other = ...} per differing variable. */
    public String diffText(Abs other, String thisName, String otherName) {
        StringBuilder b = new StringBuilder();
        for (String k : diff(other)) {
            b.append("  ").append(k).append(": ").append(thisName).append(" = ").append(get(k)).append(", ")
                    .append(otherName).append(" = ").append(other.get(k)).append('\n');
        }
        return b.toString();
    }

    // TLA+ spelling helpers ---------------------------------------------------------------------------------

    static String str(String s) {
        return "\"" + s + "\"";
    }

    static String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    /** {@code <<e(1), ..., e(n)>>}. */
    static String tuple(int n, IntFunction<String> elem) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(elem.apply(i));
        }
        return "<<" + String.join(", ", out) + ">>";
    }

    /** {@code [k1 |-> v1, ...]}. */
    static <V> String record(Map<String, V> m, Function<V, String> val) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + " |-> " + val.apply(v)));
        return "[" + String.join(", ", out) + "]";
    }

    /** {@code [c1 |-> v(0), ...]}. */
    static String cpuFn(int n, IntFunction<String> val) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            out.add(SpecConfig.cpuName(c) + " |-> " + val.apply(c));
        }
        return "[" + String.join(", ", out) + "]";
    }

    /** A set, elements sorted. */
    static <T> String set(Collection<T> xs, Function<T, String> val) {
        return "{" + String.join(", ", xs.stream().map(val).sorted().toList()) + "}";
    }
}
