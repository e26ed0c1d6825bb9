package org.fencecheck.props.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The visible abstract state: every VARIABLE of spec/DmaFence.tla except {@code fr} (the frames, i.e. the
 * program counters and locals, which the implementation keeps on its Java stacks) and {@code step} (a label).
 * Each variable is held as its TLA+ value text, CPUs spelled as the strings {@code "c1", "c2", ...}, so that two
 * abstract states are equal exactly when their texts are, and the text goes verbatim into generated TLA+ trace
 * modules.
 */
public final class Abs {

    /** The variable names, in the order of the spec's VARIABLES (without fr and step). */
    public static final List<String> VARS = List.of("flags", "cbList", "cbFence", "cbState", "runs", "error",
            "tsWrites", "hwSeqno", "irqArmed", "irqLine", "owner", "irqOn", "ctx", "calls", "woken", "enableCalls",
            "enableOnSignaled", "drvUnderLock", "errAfterSignal", "everSignaled");

    private final Map<String, String> vars;

    private Abs(Map<String, String> vars) {
        this.vars = vars;
    }

    /** The abstraction of a spec state. */
    public static Abs of(SpecState s) {
        Map<String, String> v = new LinkedHashMap<>();
        int n = s.cfg.numFences();
        v.put("flags", tuple(n, f -> SpecState.flagsTla(s.flags[f])));
        v.put("cbList", tuple(n, f -> seq(s.cbList.get(f))));
        v.put("cbFence", record(s.cbFence, Object::toString));
        v.put("cbState", record(s.cbState, Abs::str));
        v.put("runs", record(s.runs, Object::toString));
        v.put("error", tuple(n, f -> Integer.toString(s.error[f])));
        v.put("tsWrites", tuple(n, f -> Integer.toString(s.tsWrites[f])));
        v.put("hwSeqno", Integer.toString(s.hwSeqno));
        v.put("irqArmed", bool(s.irqArmed));
        v.put("irqLine", bool(s.irqLine));
        v.put("owner", "[fence |-> " + owner(s, SpecState.FENCE) + ", driver |-> " + owner(s, SpecState.DRIVER)
                + "]");
        v.put("irqOn", cpuFn(s.irqOn.length, c -> bool(s.irqOn[c])));
        v.put("ctx", cpuFn(s.ctx.length, c -> str(ctxName(s.ctx[c]))));
        v.put("calls", Integer.toString(s.calls));
        v.put("woken", cpuFn(s.woken.length, c -> bool(s.woken[c])));
        v.put("enableCalls", tuple(n, f -> Integer.toString(s.enableCalls[f])));
        v.put("enableOnSignaled", set(s.enableOnSignaled, Object::toString));
        v.put("drvUnderLock", set(s.drvUnderLock, Abs::str));
        v.put("errAfterSignal", set(s.errAfterSignal, Object::toString));
        v.put("everSignaled", set(s.everSignaled, Object::toString));
        return new Abs(v);
    }

    /** Builds an abstract state from variable texts (e.g. parsed from TLC output, already normalized). */
    public static Abs ofTexts(Map<String, String> texts) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String name : VARS) {
            v.put(name, Objects.requireNonNull(texts.get(name), name));
        }
        return new Abs(v);
    }

    /** The TLA+ text of variable {@code name}. */
    public String get(String name) {
        return vars.get(name);
    }

    /** The variables in spec order. */
    public Map<String, String> vars() {
        return java.util.Collections.unmodifiableMap(vars);
    }

    /** The names of the variables whose values differ. */
    public List<String> diff(Abs other) {
        List<String> out = new ArrayList<>();
        for (String k : VARS) {
            if (!Objects.equals(vars.get(k), other.vars.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** A readable account of the differences: {@code name: this=... other=...}. */
    public String diffText(Abs other, String thisName, String otherName) {
        StringBuilder b = new StringBuilder();
        for (String k : diff(other)) {
            b.append("  ").append(k).append(": ").append(thisName).append(" = ").append(vars.get(k)).append(", ")
                    .append(otherName).append(" = ").append(other.vars.get(k)).append('\n');
        }
        return b.toString();
    }

    /** The state as a TLA+ conjunction list, one variable per line. */
    public String toTla(String indent) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : vars.entrySet()) {
            b.append(indent).append("/\\ ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        return b.toString();
    }

    /** The state as one TLA+ record (for trace modules). */
    public String toTlaRecord() {
        StringBuilder b = new StringBuilder("[");
        boolean first = true;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(e.getKey()).append(" |-> ").append(e.getValue());
        }
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Abs a && a.vars.equals(vars);
    }

    @Override
    public int hashCode() {
        return vars.hashCode();
    }

    @Override
    public String toString() {
        return toTla("");
    }

    // ------------------------------------------------------------------------------------------------------

    public static String ctxName(int k) {
        return k == SpecState.IRQ ? "irq" : "proc";
    }

    static String owner(SpecState s, int l) {
        if (s.ownerCpu[l] < 0) {
            return "[cpu |-> \"none\", ctx |-> \"none\"]";
        }
        return "[cpu |-> " + str(SpecConfig.cpuName(s.ownerCpu[l])) + ", ctx |-> " + str(ctxName(s.ownerCtx[l])) + "]";
    }

    public static String str(String s) {
        return "\"" + s + "\"";
    }

    public static String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    static String tuple(int n, IntFunction<String> elem) {
        StringBuilder b = new StringBuilder("<<");
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                b.append(", ");
            }
            b.append(elem.apply(i));
        }
        return b.append(">>").toString();
    }

    static String seq(List<String> ids) {
        StringBuilder b = new StringBuilder("<<");
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(str(ids.get(i)));
        }
        return b.append(">>").toString();
    }

    static <V> String record(Map<String, V> m, java.util.function.Function<V, String> val) {
        StringBuilder b = new StringBuilder("[");
        boolean first = true;
        for (Map.Entry<String, V> e : m.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(e.getKey()).append(" |-> ").append(val.apply(e.getValue()));
        }
        return b.append(']').toString();
    }

    static String cpuFn(int n, IntFunction<String> val) {
        StringBuilder b = new StringBuilder("[");
        for (int c = 0; c < n; c++) {
            if (c > 0) {
                b.append(", ");
            }
            b.append(SpecConfig.cpuName(c)).append(" |-> ").append(val.apply(c));
        }
        return b.append(']').toString();
    }

    static <T> String set(Collection<T> xs, java.util.function.Function<T, String> val) {
        List<String> items = new ArrayList<>();
        for (T x : xs) {
            items.add(val.apply(x));
        }
        java.util.Collections.sort(items);
        return "{" + String.join(", ", items) + "}";
    }
}
