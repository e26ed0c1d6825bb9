package org.fencecheck.report;

import org.fencecheck.tlc.Trace;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a trace file ({@code traces/<model>__<property>.txt}): a heading, then the counterexample in the
 * per-CPU layout of summary.txt ({@link StepScenario}) with what each step changed under it.
 */
public final class TraceFileText {

    private final Vocabulary vocabulary;

    /** A renderer reading lock names and lock-taking pcs from {@code vocabulary}. */
    public TraceFileText(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * The file's text.
     *
     * @param heading  lines printed first (model, labels, property, TLC's message)
     * @param property the violated property ({@code Deadlock} for TLC's deadlock)
     * @param trace    the counterexample
     */
    public String render(List<String> heading, String property, Trace trace) {
        List<String> out = new ArrayList<>(heading);
        out.add("");
        out.addAll(StepScenario.render(TraceView.of(trace, vocabulary), property, true));
        return String.join("\n", out) + "\n";
    }
}
