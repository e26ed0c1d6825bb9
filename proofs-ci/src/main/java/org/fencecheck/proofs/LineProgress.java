package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.Verdict;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress for logs: one line when a model starts and one when it finishes. Thread-safe: with parallel jobs the
 * lines of different models interleave, each carrying its model's position, e.g. "[2/12]".
 */
public class LineProgress implements ProgressSink {

    /** Where the lines go. */
    protected final PrintStream err;
    /** Position ("[2/12]") of every model started and not yet finished; guarded by {@code this}. */
    protected final Map<String, String> positions = new HashMap<>();

    /** Lines go to {@code err}. */
    public LineProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void modelStarted(int index, int total, ModelEntry model) {
        String position = "[" + index + "/" + total + "]";
        positions.put(model.name(), position);
        err.println("fencecheck: " + position + " " + model.name() + ": checking " + model.expect().size()
                + " properties (" + model.config() + ")");
        err.flush();
    }

    @Override
    public synchronized void modelFinished(ModelResult r) {
        err.println("fencecheck: " + positionOf(r.name()) + " " + finishedLine(r));
        err.flush();
    }

    /** The position of a started model, forgotten once read. */
    protected String positionOf(String model) {
        String p = positions.remove(model);
        return p == null ? "[?]" : p;
    }

    /** "name: passed, 2 violated, 13 hold, 12,345 states, 3.2 s in 3 runs". */
    protected static String finishedLine(ModelResult r) {
        long violated = r.properties().stream().filter(p -> p.actual() == Verdict.VIOLATED).count();
        long hold = r.properties().stream().filter(p -> p.actual() == Verdict.HOLDS).count();
        String verdict = r.passed() ? "passed" : r.status() == RunStatus.COMPLETE ? "FAILED" : r.status().name();
        String states = r.distinctStates() == null ? "" : String.format(Locale.ROOT, ", %,d states", r.distinctStates());
        long mismatches = r.properties().stream().filter(p -> !p.match()).count();
        return String.format(Locale.ROOT, "%s: %s, %d violated, %d hold%s%s, %.1f s in %d run%s", r.name(), verdict,
                violated, hold, mismatches > 0 ? ", " + mismatches + " unexpected" : "", states, r.totalSeconds(),
                r.runs().size(), r.runs().size() == 1 ? "" : "s");
    }

}
