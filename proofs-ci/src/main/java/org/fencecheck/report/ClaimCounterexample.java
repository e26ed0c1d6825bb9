package org.fencecheck.report;

import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.tlc.ModelLabels;

import java.util.ArrayList;
import java.util.List;

/**
 * A claim's committed counterexample ({@code docs/counterexamples/<claim>.txt}): which claim and model it
 * belongs to, then the trace as summary.txt shows it: lockdep's layout for a deadlock, and the whole
 * counterexample as a per-CPU scenario, every line under 80 columns.
 */
public final class ClaimCounterexample {

    private ClaimCounterexample() {
    }

    /**
     * The text.
     *
     * @param claim      the claim
     * @param doc        the trace file of the counterexample, as the gate wrote it
     * @param labels     the model's labels in the manifest
     * @param vocabulary the spec's vocabulary
     */
    public static String render(ClaimBook.Claim claim, TraceDocument doc, ModelLabels labels,
                                Vocabulary vocabulary) {
        List<String> out = new ArrayList<>();
        out.addAll(Text.para(claim.id() + ": " + claim.title(), "", "  "));
        out.addAll(Text.para("seed: \"" + claim.quote() + "\"", "  ", "    "));
        out.add("");
        boolean deadlock = vocabulary.isDeadlock(doc.property());
        out.addAll(Text.para(doc.model() + ": " + doc.property() + " violated" + (deadlock ? " -- deadlock" : ""),
                "", "    "));
        out.addAll(Text.para(Matrix.longLabel(doc.model(), labels) + (labels == null || labels.bound() == null ? ""
                : "; " + labels.bound()), "    ", "      "));
        out.addAll(Text.para("TLC: " + doc.message(), "    ", "      "));
        out.add("    Generated from the TLC trace " + doc.model() + "__" + doc.property() + ".json by the gate's");
        out.add("    renderer (see README.md for the command).");
        TraceView view = TraceView.of(doc.trace(), vocabulary);
        if (deadlock) {
            for (Lockdep.Deadlock d : Lockdep.analyse(view, labels == null ? null : labels.driver(), true)) {
                out.add("");
                out.addAll(Lockdep.render(d));
            }
        }
        out.add("");
        out.add(" The whole counterexample:");
        out.add("");
        out.addAll(StepScenario.render(view, doc.property()));
        return Text.enforceWidth(String.join("\n", out) + "\n");
    }
}
