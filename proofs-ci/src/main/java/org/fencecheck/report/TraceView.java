package org.fencecheck.report;

import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.TraceEnd;
import org.fencecheck.tlc.TraceState;
import org.fencecheck.tlc.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/*
 * A counterexample read the way the report draws it. The dma_fence spec labels each state with `step` =
 * [cpu, ctx, fn, act, fence] and keeps `owner` (lock -> [cpu, ctx], a free lock has cpu "none"), `irqOn` and
 * `ctx` (CPU -> "proc"/"irq"), `fr` (CPU -> context -> frame with pc), `flags` (fence -> set of bits), `runs`
 * (callback -> count) and `woken`. Every one of them may be missing (another spec, an ALIAS): the view then
 * simply has less to say, it never fails.
 */

/** A trace as lanes (one per CPU, then "hw" and other step sources), rows (one per state), holds and marks. */
final class TraceView {

    /** Who made the step into a state, and what it was. */
    record Row(int number, String lane, String ctx, String fn, String act, String fence, String action,
               Map<String, String> ctxOf, Map<String, Boolean> irqOn, List<Hold> holds, List<Mark> marks,
               Boolean irqChange, List<String> changed, List<String> state) {

        /**
         * "fn: act (f1)", or TLC's action name. The fence is glued to the last word with a no-break space
         * (U+00A0), so wrapping never leaves it alone on a line; callers print it as a blank.
         */
        String label() {
            String f = fence == null ? "" : "\u00a0(f" + fence + ")";
            if (fn != null && act != null) {
                return fn + ": " + act + f;
            }
            if (fn != null || act != null) {
                return (fn != null ? fn : act) + f;
            }
            return action;
        }

        /** For a step of the hardware (or another non-CPU source): "act (f1)". */
        String otherLabel() {
            if (act == null) {
                return label();
            }
            return (fn == null || fn.equals("hardware") ? act : fn + ": " + act)
                    + (fence == null ? "" : "\u00a0(f" + fence + ")");
        }

        /** Whether this step entered an interrupt (the spec's IrqEnter, act "<Interrupt>"). */
        boolean interrupt() {
            return act != null && act.startsWith("<Interrupt>");
        }

        /** Whether the step ran in hard-IRQ context. */
        boolean inIrq() {
            return "irq".equals(ctx);
        }
    }

    /** A lock held after a state: which lock, by which CPU and context. */
    record Hold(String lock, String cpu, String ctx) {
    }

    /** A flag bit set or cleared, a callback run, a waiter woken. */
    record Mark(String kind, String text) {
    }

    /** At the last state: a CPU whose running context spins on a lock, and who holds it. */
    record Spin(String cpu, String ctx, String lock, String pc, String fn, String holderCpu, String holderCtx) {
    }

    private final List<String> cpus;
    private final List<String> lanes;
    private final List<Row> rows;
    private final List<Spin> spins;
    private final TraceEnd end;
    private final Integer loopTo;
    private final List<String> locks;
    private final Map<String, String> finalPcs;
    private final Vocabulary vocabulary;

    private TraceView(List<String> cpus, List<String> lanes, List<Row> rows, List<Spin> spins, TraceEnd end,
                      Integer loopTo, List<String> locks, Map<String, String> finalPcs, Vocabulary vocabulary) {
        this.finalPcs = finalPcs;
        this.vocabulary = vocabulary;
        this.cpus = cpus;
        this.lanes = lanes;
        this.rows = rows;
        this.spins = spins;
        this.end = end;
        this.loopTo = loopTo;
        this.locks = locks;
    }

    /** The CPUs (domain of irqOn or ctx), in TLC's order. */
    List<String> cpus() {
        return cpus;
    }

    /** The CPUs, then every other step source (e.g. "hw") in order of appearance; one lane if nothing is known. */
    List<String> lanes() {
        return lanes;
    }

    /** One row per state, the initial state first. */
    List<Row> rows() {
        return rows;
    }

    /** The spinning CPUs of the last state. */
    List<Spin> spins() {
        return spins;
    }

    TraceEnd end() {
        return end;
    }

    Integer loopTo() {
        return loopTo;
    }

    /** The locks of the spec (the fields of owner), in order. */
    List<String> locks() {
        return locks;
    }

    /** CPU -> the pc of its running context in the last state (CPUs without a known pc are absent). */
    Map<String, String> finalPcs() {
        return finalPcs;
    }

    /** The last row, or null for an empty trace. */
    Row last() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    /** The spec's vocabulary the view was read with. */
    Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * The kernel function {@code cpu}'s context {@code ctx} is in at the end of the trace, as the trace says it:
     * the function its last step entered when that step was a call the vocabulary knows
     * ({@code dma_fence_signal()}), else the function of its last step; null when it made no step.
     */
    String functionOf(String cpu, String ctx) {
        return functionOf(rows, cpu, ctx, vocabulary);
    }

    private static String functionOf(List<Row> rows, String cpu, String ctx, Vocabulary vocabulary) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row r = rows.get(i);
            if (cpu.equals(r.lane()) && Objects.equals(ctx, r.ctx())) {
                String called = vocabulary.functionCalledBy(r.act());
                return called != null ? called : r.fn();
            }
        }
        return null;
    }

    /** Builds the view of a trace; {@code vocabulary} says which pcs take which lock. */
    static TraceView of(Trace trace, Vocabulary vocabulary) {
        List<TraceState> states = trace.states();
        List<String> cpus = new ArrayList<>();
        if (!states.isEmpty()) {
            TraceState first = states.get(0);
            Value domain = first.var("irqOn") != null ? first.var("irqOn") : first.var("ctx");
            cpus.addAll(V.keys(domain));
        }
        List<String> lanes = new ArrayList<>(cpus);
        List<Row> rows = new ArrayList<>();
        TraceState previous = null;
        for (TraceState s : states) {
            Row row = row(s, previous, cpus);
            if (row.lane() != null && !lanes.contains(row.lane())) {
                lanes.add(row.lane());
            }
            rows.add(row);
            previous = s;
        }
        if (lanes.isEmpty()) {
            lanes.add("step");
        }
        List<String> locks = states.isEmpty() ? List.of() : V.keys(states.get(0).var("owner"));
        List<Spin> spins = states.isEmpty() ? List.of()
                : spins(states.get(states.size() - 1), cpus, rows, vocabulary);
        Map<String, String> finalPcs = new LinkedHashMap<>();
        if (!states.isEmpty()) {
            TraceState lastState = states.get(states.size() - 1);
            for (String c : cpus) {
                String ctx = V.text(V.applyText(lastState.var("ctx"), c));
                Value frame = ctx == null ? null : V.applyText(V.applyText(lastState.var("fr"), c), ctx);
                String pc = V.text(V.field(frame, "pc"));
                if (pc != null) {
                    finalPcs.put(c, pc);
                }
            }
        }
        return new TraceView(List.copyOf(cpus), List.copyOf(lanes), List.copyOf(rows), spins, trace.end(),
                trace.loopTo(), locks, finalPcs, vocabulary);
    }

    private static Row row(TraceState s, TraceState previous, List<String> cpus) {
        Value step = s.var("step");
        String lane = V.text(V.field(step, "cpu"));
        if (previous == null || "none".equals(lane)) {
            lane = null;
        }
        String ctx = V.text(V.field(step, "ctx"));
        if (lane != null && ctx == null) {
            ctx = V.text(V.applyText(s.var("ctx"), lane));
        }
        String fn = V.text(V.field(step, "fn"));
        String act = V.text(V.field(step, "act"));
        Value fenceVal = V.field(step, "fence");
        String fence = fenceVal == null || Long.valueOf(0).equals(V.integer(fenceVal)) ? null : V.text(fenceVal);
        if (previous == null) {
            fn = step == null ? null : "initial state";
            act = null;
            fence = null;
        }
        Map<String, String> ctxOf = new LinkedHashMap<>();
        Map<String, Boolean> irqOn = new LinkedHashMap<>();
        for (String c : cpus) {
            ctxOf.put(c, V.text(V.applyText(s.var("ctx"), c)));
            irqOn.put(c, V.bool(V.applyText(s.var("irqOn"), c)));
        }
        List<Hold> holds = holds(s);
        List<Mark> marks = previous == null ? List.of() : marks(previous, s);
        Boolean irqChange = null;
        if (previous != null && lane != null) {
            Boolean before = V.bool(V.applyText(previous.var("irqOn"), lane));
            Boolean after = V.bool(V.applyText(s.var("irqOn"), lane));
            if (before != null && after != null && !before.equals(after)) {
                irqChange = after;
            }
        }
        List<String> changed = new ArrayList<>();
        for (String name : s.changed()) {
            if (name.equals("step") && previous != null) {
                continue;
            }
            changed.addAll(ValueDiff.lines(name, previous == null ? null : previous.var(name), s.var(name)));
        }
        List<String> state = new ArrayList<>();
        s.vars().forEach((k, v) -> state.add(k + " = " + v.toTla()));
        return new Row(s.number(), lane, ctx, fn, act, fence, s.action(), ctxOf, irqOn, holds, marks, irqChange,
                changed, state);
    }

    private static List<Hold> holds(TraceState s) {
        List<Hold> holds = new ArrayList<>();
        for (Map.Entry<String, Value> e : V.entries(s.var("owner")).entrySet()) {
            Value o = e.getValue();
            String cpu = o instanceof Value.RecordVal ? V.text(V.field(o, "cpu")) : V.text(o);
            String ctx = V.text(V.field(o, "ctx"));
            if (cpu != null && !cpu.equals("none")) {
                holds.add(new Hold(e.getKey(), cpu, ctx));
            }
        }
        return holds;
    }

    private static List<Mark> marks(TraceState before, TraceState after) {
        List<Mark> marks = new ArrayList<>();
        Map<String, Value> fb = V.entries(before.var("flags"));
        for (Map.Entry<String, Value> e : V.entries(after.var("flags")).entrySet()) {
            List<String> was = V.members(fb.get(e.getKey()));
            List<String> now = V.members(e.getValue());
            for (String bit : now) {
                if (!was.contains(bit)) {
                    marks.add(new Mark("flag", "+" + bit + " f" + e.getKey()));
                }
            }
            for (String bit : was) {
                if (!now.contains(bit)) {
                    marks.add(new Mark("flag", "-" + bit + " f" + e.getKey()));
                }
            }
        }
        Map<String, Value> rb = V.entries(before.var("runs"));
        for (Map.Entry<String, Value> e : V.entries(after.var("runs")).entrySet()) {
            Long was = V.integer(rb.get(e.getKey()));
            Long now = V.integer(e.getValue());
            if (was != null && now != null && now > was) {
                marks.add(new Mark("callback", e.getKey() + " ran" + (now > 1 ? " (" + now + "x)" : "")));
            }
        }
        Map<String, Value> wb = V.entries(before.var("woken"));
        for (Map.Entry<String, Value> e : V.entries(after.var("woken")).entrySet()) {
            if (Boolean.TRUE.equals(V.bool(e.getValue())) && Boolean.FALSE.equals(V.bool(wb.get(e.getKey())))) {
                marks.add(new Mark("callback", "wakes " + e.getKey()));
            }
        }
        return marks;
    }

    private static List<Spin> spins(TraceState s, List<String> cpus, List<Row> rows, Vocabulary vocabulary) {
        List<Spin> spins = new ArrayList<>();
        Value owner = s.var("owner");
        Value spinning = s.var("spinning");
        for (String c : cpus) {
            String ctx = V.text(V.applyText(s.var("ctx"), c));
            Value frame = ctx == null ? null : V.applyText(V.applyText(s.var("fr"), c), ctx);
            String pc = V.text(V.field(frame, "pc"));
            String lock = null;
            if (spinning != null) {
                String l = V.text(V.applyText(spinning, c));
                lock = l == null || l.equals("none") ? null : l;
            } else {
                lock = vocabulary.lockTakenAt(pc);
            }
            if (lock == null) {
                continue;
            }
            Value o = V.applyText(owner, lock);
            String holder = o instanceof Value.RecordVal ? V.text(V.field(o, "cpu")) : V.text(o);
            if (holder == null || holder.equals("none")) {
                continue;
            }
            String fn = functionOf(rows, c, ctx, vocabulary);
            spins.add(new Spin(c, ctx, lock, pc, fn, holder, V.text(V.field(o, "ctx"))));
        }
        return List.copyOf(spins);
    }

    /** The state number at which {@code cpu}'s context {@code ctx} last acquired {@code lock}, or null. */
    Row acquisition(String lock, String cpu, String ctx) {
        Row found = null;
        boolean heldBefore = false;
        for (Row r : rows) {
            boolean held = r.holds().stream().anyMatch(h -> h.lock().equals(lock) && h.cpu().equals(cpu)
                    && Objects.equals(h.ctx(), ctx));
            if (held && !heldBefore) {
                found = r;
            }
            heldBefore = held;
        }
        return found;
    }

    /** The last row where {@code cpu} entered an interrupt (ctx went to "irq"), or null. */
    Row interruptOf(String cpu) {
        Row found = null;
        String before = null;
        for (Row r : rows) {
            String now = r.ctxOf().get(cpu);
            if ("irq".equals(now) && !"irq".equals(before)) {
                found = r;
            }
            before = now;
        }
        return found;
    }

    /**
     * The last row after {@code from} in which {@code cpu}'s process context turned IRQs on (e.g. spin_unlock_irq),
     * or null.
     */
    Row irqsEnabledAfter(String cpu, int from, int until) {
        Row found = null;
        for (Row r : rows) {
            if (r.number() > from && r.number() < until && cpu.equals(r.lane()) && Boolean.TRUE.equals(r.irqChange())
                    && !r.inIrq()) {
                found = r;
            }
        }
        return found;
    }
}
