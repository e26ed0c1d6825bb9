package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.Verdict;

import java.util.ArrayList;
import java.util.List;

/** One violated property of one model, with its trace read for drawing and its deadlocks. */
record Finding(int index, ModelResult model, PropertyVerdict verdict, boolean deadlock, TraceView view,
               List<Lockdep.Deadlock> deadlocks) {

    /** Every violation of the report, in model order then cfg order. */
    static List<Finding> all(VerdictReport report, Vocabulary vocabulary) {
        List<Finding> out = new ArrayList<>();
        for (ModelResult m : report.models()) {
            for (PropertyVerdict p : m.properties()) {
                if (p.actual() != Verdict.VIOLATED) {
                    continue;
                }
                TraceView view = p.violation() == null || p.violation().trace() == null ? null
                        : TraceView.of(p.violation().trace(), vocabulary);
                boolean dl = Matrix.deadlock(p, vocabulary);
                List<Lockdep.Deadlock> deadlocks = view == null || !dl ? List.of()
                        : Lockdep.analyse(view, m.labels() == null ? null : m.labels().driver(), true);
                out.add(new Finding(out.size() + 1, m, p, dl, view, deadlocks));
            }
        }
        return out;
    }

    /** A stable anchor: model__property. */
    String id() {
        return model.name() + "__" + verdict.name();
    }

    /** "as expected" or "UNEXPECTED (manifest: holds)". */
    String expectation() {
        return verdict.match() ? "as expected" : "UNEXPECTED: the manifest expects " + verdict.expected().word();
    }
}
