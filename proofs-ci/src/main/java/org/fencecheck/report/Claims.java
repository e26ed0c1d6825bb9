package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.report.ClaimBook.Prediction;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/*
 * The claims and guarantees are data (spec/claims.json, read into a ClaimBook); this class only compares them
 * with a run. A prediction states what the seed's text implies for one slice of the matrix, selected by the
 * models' labels (e.g. "legacy, plain driver: some deadlock property is violated"); the report counts the models
 * of that slice on which TLC agrees or disagrees. Models of the "broken" group and models with a mutation are
 * deliberately wrong and never count as evidence. Verdicts are never written here: they are read from the run.
 */

/** Evaluates the claims of the seed and the kernel guarantees against a run. */
final class Claims {

    /** How TLC's verdicts compare with a prediction. */
    record Outcome(Prediction prediction, List<String> agree, List<String> disagree, List<String> undecided,
                   Map<String, List<String>> via) {
        /** confirmed / contradicted / partly / undecided / no check in this run */
        String word() {
            if (agree.isEmpty() && disagree.isEmpty()) {
                return undecided.isEmpty() ? "no check in this run" : "undecided";
            }
            if (disagree.isEmpty()) {
                return "confirmed";
            }
            return agree.isEmpty() ? "contradicted" : "partly";
        }
    }

    /** Models holding, violating, not deciding a property, within one design. */
    record Tally(List<String> holds, List<String> violated, List<String> unknown) {
        int total() {
            return holds.size() + violated.size() + unknown.size();
        }
    }

    private Claims() {
    }

    /** Whether a model counts as evidence (not a deliberately broken variant). */
    static boolean evidence(ModelResult m) {
        return evidence(m.group(), m.labels());
    }

    /** Whether a model of this group and labels counts as evidence: not broken, no mutation. */
    static boolean evidence(String group, ModelLabels labels) {
        return !"broken".equals(group) && (labels == null || labels.mutation() == null
                || labels.mutation().equals("none"));
    }

    /** Whether a prediction's label selector (design, driver, signaledOp; null = any) picks these labels. */
    static boolean selects(Prediction p, ModelLabels l) {
        return l != null && Objects.equals(l.design(), p.design())
                && (p.driver() == null || p.driver().equals(l.driver()))
                && (p.signaledOp() == null || p.signaledOp().equals(l.signaledOp()));
    }

    /** The designs of the evidence models, in order of appearance ("?" for models without one). */
    static List<String> designs(VerdictReport r) {
        Set<String> out = new LinkedHashSet<>();
        r.models().stream().filter(Claims::evidence).forEach(m -> out.add(design(m)));
        return List.copyOf(out);
    }

    private static String design(ModelResult m) {
        return m.labels() == null || m.labels().design() == null ? "?" : m.labels().design();
    }

    /** The verdicts of a property over the evidence models of one design. */
    static Tally tally(VerdictReport r, String property, String design) {
        List<String> holds = new ArrayList<>();
        List<String> violated = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (ModelResult m : r.models()) {
            if (!evidence(m) || !design(m).equals(design)) {
                continue;
            }
            PropertyVerdict p = Matrix.verdict(m, property);
            if (p == null) {
                continue;
            }
            switch (p.actual()) {
                case HOLDS -> holds.add(m.name());
                case VIOLATED -> violated.add(m.name());
                default -> unknown.add(m.name());
            }
        }
        return new Tally(holds, violated, unknown);
    }

    /** One line: "holds in all 10", "violated in 3 of 10: a, b, c", ... */
    static String describe(Tally t) {
        if (t.total() == 0) {
            return "not checked";
        }
        List<String> parts = new ArrayList<>();
        if (t.violated().isEmpty() && t.unknown().isEmpty()) {
            return "holds in all " + t.total();
        }
        if (t.holds().isEmpty() && t.unknown().isEmpty()) {
            return "violated in all " + t.total() + ": " + String.join(", ", t.violated());
        }
        if (!t.violated().isEmpty()) {
            parts.add("violated in " + t.violated().size() + " of " + t.total() + ": "
                    + String.join(", ", t.violated()));
        }
        if (!t.unknown().isEmpty()) {
            parts.add("unknown in " + t.unknown().size() + ": " + String.join(", ", t.unknown()));
        }
        if (!t.holds().isEmpty()) {
            parts.add("holds in the other " + t.holds().size());
        }
        return String.join("; ", parts);
    }

    /** Compares a prediction with the run. */
    static Outcome evaluate(VerdictReport r, Prediction p) {
        List<String> agree = new ArrayList<>();
        List<String> disagree = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        Map<String, List<String>> via = new LinkedHashMap<>();
        for (ModelResult m : r.models()) {
            if (!evidence(m) || !selects(p, m.labels())) {
                continue;
            }
            List<PropertyVerdict> checked = p.anyOf().stream().map(n -> Matrix.verdict(m, n))
                    .filter(Objects::nonNull).toList();
            if (checked.isEmpty()) {
                continue;
            }
            boolean anyViolated = checked.stream().anyMatch(v -> v.actual() == Verdict.VIOLATED);
            boolean anyUnknown = checked.stream().anyMatch(v -> v.actual() == Verdict.UNKNOWN);
            if (!anyViolated && anyUnknown) {
                undecided.add(m.name());
            } else if (anyViolated == p.violated()) {
                agree.add(m.name());
                checked.stream().filter(v -> v.actual() == Verdict.VIOLATED)
                        .forEach(v -> via.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(m.name()));
            } else {
                disagree.add(m.name());
            }
        }
        return new Outcome(p, agree, disagree, undecided, via);
    }

    /** One change of a property between the designs, for one pair of otherwise equal models. */
    record Change(String property, String pair, boolean breaks) {
    }

    /**
     * Pairs of evidence models that differ only in the design (same name once the design word is replaced by
     * "*", e.g. legacy_irq / reworked_irq), keyed by that name: [legacy model, reworked model].
     */
    static Map<String, ModelResult[]> reworkPairs(VerdictReport r) {
        Map<String, ModelResult> legacy = new LinkedHashMap<>();
        Map<String, ModelResult> reworked = new LinkedHashMap<>();
        for (ModelResult m : r.models()) {
            if (!evidence(m) || m.labels() == null || m.labels().design() == null
                    || !m.name().contains(m.labels().design())) {
                continue;
            }
            String key = m.name().replace(m.labels().design(), "*");
            if (m.labels().design().equals("legacy")) {
                legacy.put(key, m);
            } else if (m.labels().design().equals("reworked")) {
                reworked.put(key, m);
            }
        }
        Map<String, ModelResult[]> out = new LinkedHashMap<>();
        legacy.forEach((k, m) -> {
            if (reworked.containsKey(k)) {
                out.put(k, new ModelResult[] {m, reworked.get(k)});
            }
        });
        return out;
    }

    /** The properties whose verdict flips between the two models of a {@link #reworkPairs} pair. */
    static List<Change> reworkChanges(VerdictReport r) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, ModelResult[]> e : reworkPairs(r).entrySet()) {
            ModelResult after = e.getValue()[1];
            for (PropertyVerdict before : e.getValue()[0].properties()) {
                PropertyVerdict now = Matrix.verdict(after, before.name());
                if (now == null) {
                    continue;
                }
                if (before.actual() == Verdict.HOLDS && now.actual() == Verdict.VIOLATED) {
                    out.add(new Change(before.name(), e.getKey(), true));
                } else if (before.actual() == Verdict.VIOLATED && now.actual() == Verdict.HOLDS) {
                    out.add(new Change(before.name(), e.getKey(), false));
                }
            }
        }
        return out;
    }

    /** The changes grouped: property -> pairs, for breaks (true) or fixes (false). */
    static Map<String, List<String>> grouped(List<Change> changes, boolean breaks) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.breaks() == breaks) {
                out.computeIfAbsent(c.property(), k -> new ArrayList<>()).add(c.pair());
            }
        }
        return out;
    }
}
