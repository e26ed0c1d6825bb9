package org.fencecheck.props;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.SpecActions;

/**
 * What a batch of runs exercised, printed with it (QuickTheories has no statistics of its own): runs, calls
 * generated per kind and skipped (the spec's Call guard was false), moves per kind, distinct schedules, spec
 * actions taken, distinct observable states, outcomes.
 */
public final class Coverage {

    private int runs;
    private int skipped;
    private final Map<String, Integer> calls = new TreeMap<>();
    private final Map<String, Integer> moves = new TreeMap<>();
    private final Map<String, Integer> actions = new TreeMap<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Set<Integer> states = new HashSet<>();
    private final Set<Integer> schedules = new HashSet<>();

    /** Adds one run. */
    public synchronized void add(Runner.Result r) {
        runs++;
        skipped += r.skipped();
        r.scenario().programs().forEach(p -> p.forEach((Op op) -> calls.merge(op.op(), 1, Integer::sum)));
        outcomes.merge(r.outcome().name(), 1, Integer::sum);
        StringBuilder sched = new StringBuilder();
        for (Observer.Tick t : r.ticks()) {
            moves.merge(t.move().kind().name(), 1, Integer::sum);
            sched.append(t.move()).append(',');
            t.labels().forEach(l -> actions.merge(l, 1, Integer::sum));
            states.add(t.state().hashCode());
        }
        schedules.add(sched.toString().hashCode());
    }

    /** The spec actions seen. */
    public synchronized Set<String> actionsSeen() {
        return Set.copyOf(actions.keySet());
    }

    /** A multi-line report. */
    public synchronized String report(String title) {
        return "coverage " + title + ":\n  runs " + runs + ", distinct schedules " + schedules.size()
                + ", distinct observable states " + states.size() + "\n  calls generated " + calls
                + ", skipped (Call guard false) " + skipped + "\n  moves " + moves + "\n  spec actions "
                + actions.size() + "/" + SpecActions.ALL.size() + " " + actions + "\n  outcomes " + outcomes + "\n";
    }
}
