package org.fencecheck.proofs;

import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.TraceEnd;
import org.fencecheck.tlc.TraceState;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ViolationKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * Layout: one column per CPU (the domain of irqOn or ctx, then every other step.cpu such as "hw", in order of
 * appearance after the initial state). Each state is one line in the column of the CPU that made the step into it:
 *     <fn>: <act>  [holds <locks>; irqs on|off; spinning on <lock>]
 * indented a further "irq> " when the step ran in hard-IRQ context, followed by what the step changed, down to
 * the changed record fields and function entries (all variables for state 1, which goes in the first column;
 * step itself is left out since the line shows it).
 * Without a step variable every state goes in one column under TLC's action name.
 */

/** Renders a counterexample as a plain-text per-CPU step list. */
public final class TraceRenderer {

    private static final int COLUMN = 32;
    private static final int NUMBER = 5;

    private TraceRenderer() {
    }

    /**
     * The text of a trace file.
     *
     * @param heading lines printed first (model, property, TLC's message)
     * @param kind    what TLC reported, for the closing line
     * @param trace   the counterexample
     */
    public static String render(List<String> heading, ViolationKind kind, Trace trace) {
        StringBuilder out = new StringBuilder();
        heading.forEach(h -> out.append(h).append('\n'));
        out.append('\n');
        List<Value> columns = columns(trace);
        header(out, columns);
        TraceState previous = null;
        for (TraceState s : trace.states()) {
            state(out, s, previous, columns);
            previous = s;
        }
        out.append('\n').append(ending(kind, trace)).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, List<Value> columns) {
        StringBuilder names = new StringBuilder(pad("#", NUMBER));
        StringBuilder rule = new StringBuilder(pad("---", NUMBER));
        for (int i = 0; i < columns.size(); i++) {
            String label = columns.get(i) == null ? "step" : label(columns.get(i));
            names.append(i + 1 < columns.size() ? pad(label, COLUMN) : label);
            String dashes = "-".repeat(COLUMN - 2);
            rule.append(i + 1 < columns.size() ? pad(dashes, COLUMN) : dashes);
        }
        out.append(names.toString().stripTrailing()).append('\n').append(rule).append('\n');
    }

    private static void state(StringBuilder out, TraceState s, TraceState previous, List<Value> columns) {
        Value step = s.var("step");
        Value cpu = field(step, "cpu");
        int col = s.number() == 1 ? 0 : Math.max(0, columns.indexOf(cpu));
        boolean irq = "irq".equals(text(field(step, "ctx"))) || "irq".equals(text(apply(s.var("ctx"), cpu)));
        String indent = " ".repeat(col * COLUMN) + (irq ? "irq> " : "");
        String what = s.number() == 1 && step != null ? "(initial state)" : describe(s, step);
        String notes = cpu == null || s.number() == 1 ? "" : notes(s, cpu);
        out.append(pad(Integer.toString(s.number()), NUMBER)).append(indent).append(what);
        if (!notes.isEmpty()) {
            out.append("  [").append(notes).append(']');
        }
        out.append('\n');
        String varIndent = " ".repeat(NUMBER + col * COLUMN + (irq ? 9 : 4));
        for (String name : s.changed()) {
            if (name.equals("step") && s.number() > 1) {
                continue;
            }
            Value before = previous == null ? null : previous.var(name);
            for (String line : ValueDiff.lines(name, before, s.var(name))) {
                out.append(varIndent).append(line).append('\n');
            }
        }
    }

    private static String describe(TraceState s, Value step) {
        String fn = text(field(step, "fn"));
        String act = text(field(step, "act"));
        Value fence = field(step, "fence");
        // fences are numbered from 1; 0 marks a step that concerns no fence (module unload, init)
        String target = fence == null || fence.toTla().equals("0") ? "" : " (fence " + fence.toTla() + ")";
        if (fn != null && act != null) {
            return fn + ": " + act + target;
        }
        if (fn != null || act != null) {
            return (fn != null ? fn : act) + target;
        }
        return s.action();
    }

    private static String notes(TraceState s, Value cpu) {
        List<String> notes = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (Map.Entry<String, Value> lock : entries(s.var("owner")).entrySet()) {
            Value owner = lock.getValue();
            if (cpu.equals(field(owner, "cpu"))) {
                String ctx = text(field(owner, "ctx"));
                held.add(lock.getKey() + ("irq".equals(ctx) ? "(irq)" : ""));
            }
        }
        if (!held.isEmpty()) {
            notes.add("holds " + String.join(", ", held));
        }
        Value irqOn = apply(s.var("irqOn"), cpu);
        if (irqOn instanceof Value.BoolVal b) {
            notes.add(b.value() ? "irqs on" : "irqs off");
        }
        String spinning = text(apply(s.var("spinning"), cpu));
        if (spinning != null && !spinning.equals("none")) {
            notes.add("spinning on " + spinning);
        }
        return String.join("; ", notes);
    }

    private static String ending(ViolationKind kind, Trace trace) {
        int last = trace.states().isEmpty() ? 0 : trace.states().get(trace.states().size() - 1).number();
        if (trace.end() == TraceEnd.STUTTERING) {
            return "then: nothing happens any more; the behaviour stutters in state " + last + " forever";
        }
        if (trace.end() == TraceEnd.BACK_TO_STATE) {
            return "then: back to state " + trace.loopTo() + "; states " + trace.loopTo() + ".." + last
                    + " repeat forever";
        }
        if (kind == ViolationKind.DEADLOCK) {
            return "then: no step is possible in state " + last + " (deadlock)";
        }
        return "state " + last + " violates the property";
    }

    private static List<Value> columns(Trace trace) {
        List<Value> columns = new ArrayList<>();
        if (trace.states().isEmpty()) {
            columns.add(null);
            return columns;
        }
        TraceState first = trace.states().get(0);
        Value domainSource = first.var("irqOn") != null ? first.var("irqOn") : first.var("ctx");
        if (domainSource instanceof Value.FunctionVal f) {
            columns.addAll(f.domain());
        }
        for (TraceState s : trace.states().subList(1, trace.states().size())) {
            Value cpu = field(s.var("step"), "cpu");
            if (cpu != null && !columns.contains(cpu)) {
                columns.add(cpu);
            }
        }
        if (columns.isEmpty()) {
            columns.add(null);
        }
        return columns;
    }

    private static Map<String, Value> entries(Value v) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (v instanceof Value.RecordVal r) {
            out.putAll(r.fields());
        } else if (v instanceof Value.FunctionVal f) {
            f.maplets().forEach(m -> out.put(label(m.key()), m.value()));
        }
        return out;
    }

    private static Value field(Value v, String name) {
        return v instanceof Value.RecordVal r ? r.field(name) : null;
    }

    private static Value apply(Value f, Value key) {
        if (key == null) {
            return null;
        }
        if (f instanceof Value.FunctionVal fn) {
            return fn.apply(key);
        }
        if (f instanceof Value.RecordVal r) {
            return r.field(label(key));
        }
        return null;
    }

    private static String text(Value v) {
        if (v instanceof Value.StrVal s) {
            return s.value();
        }
        if (v instanceof Value.ModelVal m) {
            return m.name();
        }
        return v == null ? null : v.toTla();
    }

    private static String label(Value v) {
        return text(v);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
