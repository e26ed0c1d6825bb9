package org.fencecheck.props.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fencecheck.props.sched.Abs;
import org.fencecheck.props.sched.Move;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.Session;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ValueParser;

/**
 * Replay: a behaviour TLC produced (a path of its state graph, or a counterexample) driven onto the
 * implementation step by step: each spec action becomes the scheduler move that makes impl take it (a Call's
 * parameters come from TLC's frame), the move must be that action, and the observable state after it must be
 * TLC's. The driven run is also returned as a recorded run, so TLC can check it like any other.
 *
 * <p>impl's interrupt handler decides which fence to signal at the end of its previous step (README, finding
 * 1); a behaviour in which the hardware or a signal comes between that step and the spec's IrqNextFence cannot
 * be driven onto impl and is reported as skipped, not as a divergence.
 */
public final class Replay {

    /**
     * What a replay did.
     *
     * @param divergence null if impl followed the behaviour, else the first step where it did not
     * @param skipped    the behaviour needs the handler to decide later than impl does
     * @param run        the driven run, recorded (ends MAX_MOVES: a cut, not an end)
     */
    public record Outcome(String divergence, boolean skipped, Runner.Result run) {
    }

    /** One step of a behaviour: the action and the state it leads to (every variable, as TLC printed it). */
    public record PathStep(String action, Map<String, Value> target) {
    }

    private Replay() {
    }

    /** Drives {@code path}, which starts in TLC's state {@code init}, onto a fresh implementation. */
    public static Outcome replay(SpecConfig cfg, Map<String, Value> init, List<PathStep> path) {
        List<Observer.Tick> ticks = new ArrayList<>();
        try (Session s = new Session(cfg)) {
            s.settle();
            Abs initial = s.abs();
            String[] pending = new String[cfg.cpus()];
            boolean reordered = false;
            StringBuilder trace = new StringBuilder();
            String d = differences(initial, init, false);
            if (!d.isEmpty()) {
                return new Outcome("the initial states differ:\n" + d, false, null);
            }
            for (int k = 0; k < path.size(); k++) {
                String a = path.get(k).action();
                Map<String, Value> tgt = path.get(k).target();
                Value.RecordVal step = (Value.RecordVal) tgt.get("step");
                String who = name(step.field("cpu"));
                int c = who.startsWith("c") ? Integer.parseInt(who.substring(1)) - 1 : -1;
                trace.append(String.format("    %2d  %-20s %s: %s%n", k + 1, a, who, step.field("act").toTla()));
                for (int x = 0; x < pending.length; x++) {
                    reordered |= pending[x] != null && x != c && (a.equals("HwComplete") || a.startsWith("Signal"));
                }
                if (c >= 0 && pending[c] != null && a.equals(pending[c].split(",", 2)[0])) {
                    // impl took it at the end of its previous move (a handler that visits a signaled fence to take
                    // its entry back takes two IrqNextFence steps there)
                    String[] rest = pending[c].split(",", 2);
                    pending[c] = rest.length > 1 ? rest[1] : null;
                } else {
                    String err = drive(s, cfg, a, c, tgt, ticks, pending);
                    if (err != null) {
                        return new Outcome(reordered ? null : diverged(k, a, who, err, trace), reordered, null);
                    }
                }
                boolean ahead = false;
                for (String p : pending) {
                    ahead |= p != null;
                }
                d = differences(s.abs(), tgt, ahead);
                if (!d.isEmpty()) {
                    return new Outcome(reordered ? null : diverged(k, a, who, "the observable states differ (impl, "
                            + "TLC):\n" + d, trace), reordered, null);
                }
            }
            return new Outcome(null, false, new Runner.Result(new Runner.Scenario(cfg, List.of(), List.of()), initial,
                    ticks, Runner.Outcome.MAX_MOVES, null, 0));
        }
    }

    /** Makes impl take spec action {@code a} on CPU {@code c}; null if it did, else what went wrong. */
    private static String drive(Session s, SpecConfig cfg, String a, int c, Map<String, Value> tgt,
                                List<Observer.Tick> ticks, String[] pending) {
        Move m;
        switch (a) {
            case "Call" -> {
                Value.RecordVal fm = (Value.RecordVal) ((Value.RecordVal) apply(tgt.get("fr"), c)).field("proc");
                Op op = new Op(name(fm.field("op")), (int) ((Value.IntVal) fm.field("f")).value(),
                        name(fm.field("cb")));
                if (op.op().equals("idle")) {
                    // a call that completes in its Call step (broken reinit: dma_fence_init() on a live fence)
                    // leaves the frame idle; the step record names the call and its fence
                    Value.RecordVal st = (Value.RecordVal) tgt.get("step");
                    String fn = name(st.field("fn"));
                    if (!fn.equals("dma_fence_init")) {
                        return "a Call step that leaves the frame idle in " + fn + " (only dma_fence_init does)";
                    }
                    op = new Op("reinit", (int) ((Value.IntVal) st.field("fence")).value(), "none");
                }
                s.submit(c, op);
                s.settle();
                m = Move.step(c);
            }
            case "IrqWorkCall" -> {
                // the irq_work's call, from TLC's irq frame of that CPU
                Value.RecordVal fm = (Value.RecordVal) ((Value.RecordVal) apply(tgt.get("fr"), c)).field("irq");
                m = Move.irqWork(c, new Op(name(fm.field("op")), (int) ((Value.IntVal) fm.field("f")).value(),
                        name(fm.field("cb"))));
                if (!s.irqWorkAllowed(c)) {
                    return "impl cannot make the move " + m + " (" + s.view(c) + ", " + s.pendingStep(c) + ")";
                }
                Observer.Tick t = s.perform(m);
                ticks.add(t);
                return t.labels().isEmpty() || !t.labels().get(0).equals(a) ? "impl did " + t.describe() : null;
            }
            case "HwComplete" -> m = Move.HW;
            case "IrqEnter" -> m = Move.irq(c);
            default -> m = a.equals("WaitSchedule") && s.view(c) == Session.View.SLEEPING ? Move.timeout(c)
                    : Move.step(c);
        }
        if (!s.enabled().contains(m)) {
            return "impl cannot make the move " + m + " (" + (c < 0 ? "" : s.view(c) + ", " + s.pendingStep(c)
                    + (s.failure(c) == null ? "" : ", " + s.failure(c))) + ")";
        }
        Observer.Tick t = s.perform(m);
        ticks.add(t);
        if (t.labels().isEmpty() || !t.labels().get(0).equals(a)) {
            return "impl did " + t.describe();
        }
        if (t.labels().size() > 1) {
            pending[c] = String.join(",", t.labels().subList(1, t.labels().size()));
        }
        return null;
    }

    /** The CPU's entry of a function over CPUs (TLC prints it as a record over strings or a function). */
    private static Value apply(Value fn, int c) {
        return fn instanceof Value.RecordVal r ? r.field("c" + (c + 1))
                : ((Value.FunctionVal) fn).apply(new Value.ModelVal("c" + (c + 1)));
    }

    private static String name(Value v) {
        return v instanceof Value.StrVal s ? s.value() : v instanceof Value.ModelVal m ? m.name() : v.toTla();
    }

    /**
     * The visible variables on which impl and TLC's state differ; {@code ahead}: a handler has decided ahead of
     * the spec, so its CPU's context and IRQ flag are compared after the spec catches up.
     */
    static String differences(Abs impl, Map<String, Value> tlc, boolean ahead) {
        StringBuilder d = new StringBuilder();
        for (String v : Abs.VARS) {
            // ahead, the handler has also taken back its entry (IrqNextFence's effect on `entries`)
            if (ahead && (v.equals("ctx") || v.equals("irqOn") || v.equals("entries"))) {
                continue;
            }
            String mine = Tlc.canonical(ValueParser.parse(impl.get(v)));
            String theirs = Tlc.canonical(tlc.get(v));
            if (!mine.equals(theirs)) {
                d.append("      ").append(v).append(": ").append(mine).append(", ").append(theirs).append('\n');
            }
        }
        return d.toString();
    }

    private static String diverged(int k, String a, String who, String what, StringBuilder trace) {
        return "diverges at step " + (k + 1) + " (" + a + " of " + who + "): " + what + "\n  the behaviour so far:\n"
                + trace;
    }
}
