package org.fencecheck.props;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fencecheck.props.model.Abs;
import org.fencecheck.props.model.Spec;
import org.fencecheck.props.sched.Move;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;

/**
 * What a property run exercised, printed at its end: runs, calls generated per kind, calls skipped (spec guard
 * false), moves per kind (schedules), interrupts delivered and at which step of the interrupted context,
 * contended acquisitions, timeouts, spec actions taken, distinct abstract states, invariant checks, outcomes.
 * QuickTheories has no statistics of its own.
 */
public final class Coverage {

    private int runs;
    private final Map<String, Integer> calls = new TreeMap<>();
    private int skipped;
    private final Map<String, Integer> moves = new TreeMap<>();
    private final Map<String, Integer> irqAt = new TreeMap<>();
    private final Map<String, Integer> actions = new TreeMap<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Set<Integer> states = new HashSet<>();
    private long checks;
    private int contended;
    private long moveTotal;
    private final Set<String> schedules = new HashSet<>();

    /** Adds one run. */
    public synchronized void add(Runner.Result r) {
        runs++;
        for (List<Op> prog : r.scenario().programs()) {
            for (Op op : prog) {
                calls.merge(op.op(), 1, Integer::sum);
            }
        }
        skipped += r.skipped();
        contended += r.contended();
        checks += r.invariantChecks();
        outcomes.merge(r.outcome().name(), 1, Integer::sum);
        StringBuilder sched = new StringBuilder();
        for (Observer.Tick t : r.ticks()) {
            moveTotal++;
            moves.merge(t.move().kind().name(), 1, Integer::sum);
            sched.append(t.move()).append(',');
            for (String l : t.labels()) {
                actions.merge(l, 1, Integer::sum);
            }
            if (t.move().kind() == Move.Kind.IRQ) {
                String at = t.state().fr[t.cpu()][0].pc();
                irqAt.merge(at, 1, Integer::sum);
            }
            states.add(Abs.of(t.state()).hashCode());
        }
        schedules.add(sched.toString());
    }

    /** The runs counted. */
    public synchronized int runs() {
        return runs;
    }

    /** The spec actions seen. */
    public synchronized Set<String> actionsSeen() {
        return Set.copyOf(actions.keySet());
    }

    /** One line: runs, schedules, moves, interrupts, contention, invariant checks, outcomes. */
    public synchronized String oneLine() {
        return "runs " + runs + ", schedules " + schedules.size() + ", moves " + moves + ", interrupts at " + irqAt
                + ", contended " + contended + ", invariant checks " + checks + ", outcomes " + outcomes;
    }

    /** A multi-line report. */
    public synchronized String report(String title) {
        StringBuilder b = new StringBuilder();
        b.append("coverage ").append(title).append(":\n");
        b.append("  runs ").append(runs).append(", distinct schedules ").append(schedules.size())
                .append(", moves ").append(moveTotal).append(", distinct abstract states ").append(states.size())
                .append(", invariant checks ").append(checks).append('\n');
        b.append("  calls generated ").append(calls).append(", skipped (Call guard false) ").append(skipped)
                .append('\n');
        b.append("  moves ").append(moves).append(", contended acquisitions ").append(contended).append('\n');
        b.append("  interrupts taken at pc ").append(irqAt).append('\n');
        b.append("  spec actions ").append(actions.size()).append('/').append(Spec.ACTIONS.size()).append(' ')
                .append(actions).append('\n');
        b.append("  outcomes ").append(outcomes).append('\n');
        return b.toString();
    }
}
