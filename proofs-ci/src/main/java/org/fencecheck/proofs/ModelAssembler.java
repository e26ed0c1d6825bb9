package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyKind;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.Violation;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link Refutation} into the {@link ModelResult} of the report, writing the trace files on the way.
 * A property refuted before a timeout or TLC error keeps its verdict; the others are unknown.
 */
public final class ModelAssembler {

    private final TraceFiles traces;

    /** An assembler writing trace files through {@code traces}. */
    public ModelAssembler(TraceFiles traces) {
        this.traces = traces;
    }

    /**
     * @param model          the manifest entry
     * @param cfg            the model's cfg
     * @param r              what TLC found
     * @param expectedStates the distinct-state count to compare with (the manifest's, or the newly recorded one)
     */
    public ModelResult assemble(ModelEntry model, CfgFile cfg, Refutation r, Long expectedStates) {
        List<PropertyVerdict> verdicts = new ArrayList<>();
        for (String name : cfg.checkedNames()) {
            Verdict expected = model.expect().get(name);
            Refuted refuted = r.refuted().get(name);
            Verdict actual = refuted != null ? Verdict.VIOLATED
                    : r.status() == RunStatus.COMPLETE ? Verdict.HOLDS : Verdict.UNKNOWN;
            Violation violation = null;
            if (refuted != null) {
                List<String> files = traces.write(model, name, refuted);
                violation = new Violation(refuted.kind(), refuted.message(), files.get(0), files.get(1),
                        refuted.trace());
            }
            verdicts.add(new PropertyVerdict(name, kind(cfg, name), expected, actual, expected == actual,
                    violation));
        }
        RunOutcome complete = r.complete();
        Long states = complete == null ? null : complete.distinctStates();
        // a broken model has no complete run, so no count to match (ManifestReader keeps its manifest count out)
        boolean statesMatch = model.refutationOnly() ? states == null && expectedStates == null
                : states != null && Objects.equals(states, expectedStates);
        boolean passed = r.status() == RunStatus.COMPLETE && statesMatch
                && verdicts.stream().allMatch(PropertyVerdict::match);
        return new ModelResult(model.name(), model.module(), model.config(), model.group(), model.labels(),
                r.status(), r.error(), verdicts, states, expectedStates, statesMatch,
                complete == null ? null : complete.depth(), complete == null ? null : complete.seconds(),
                r.totalSeconds(), r.runs(), passed);
    }

    private static PropertyKind kind(CfgFile cfg, String name) {
        if (cfg.invariants().contains(name)) {
            return PropertyKind.INVARIANT;
        }
        return name.equals(CfgFile.DEADLOCK) && !cfg.properties().contains(name) ? PropertyKind.DEADLOCK
                : PropertyKind.PROPERTY;
    }
}
