package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;
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
 * The static map from the seed's claims (../shared/seed/enable-signaling-rework.txt) and the kernel's guarantees
 * to the property names of spec/DmaFenceProps.tla. Verdicts are never written here: they are read from the run.
 * A prediction states what the seed's text implies for one slice of the matrix (e.g. "legacy, plain driver: some
 * deadlock property is violated"); the report counts the models of that slice on which TLC agrees or disagrees.
 * Models of the "broken" group and models with a mutation are deliberately wrong and never count as evidence.
 * When a property is added for a claim (claim 4: issue 6), add its name here.
 */

/** The claims of the seed and the kernel guarantees, mapped to properties; evaluated against a run. */
final class Claims {

    /** What the seed's text implies: on the models matching design/driver/signaledOp (null = any), one of anyOf is violated (or all hold). */
    record Prediction(String text, List<String> anyOf, String design, String driver, Boolean signaledOp,
                      boolean violated) {
    }

    /** One claim of the seed. */
    record Claim(String id, String title, String quote, List<String> properties, List<Prediction> predictions,
                 String notModelled) {
    }

    /** One guarantee of the kernel (or aim of the rework) and the property stating it. */
    record Guarantee(String text, String property, String source) {
    }

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

    static final List<Claim> CLAIMS = List.of(
            new Claim("1", "The fence lock around ->enable_signaling never prevented it from racing with "
                    + "signaling.", "the enabling_signaling call can still race with signaling a fence",
                    List.of("EnableSignalingSerializedWithSignal", "NoEnableSignalingOnSignaled"),
                    List.of(new Prediction("legacy: the fence gets signaled while ->enable_signaling runs",
                            List.of("EnableSignalingSerializedWithSignal"), "legacy", null, null, true)),
                    null),
            new Claim("2", "There is no ordering guarantee: fences emitted A,B,C may run their callbacks B,C,A.",
                    "fences emitted in the order A,B,C call their installed callbacks in the order B, C, A",
                    List.of("CallbacksInEmissionOrder"),
                    List.of(new Prediction("legacy with ->signaled: callbacks run out of emission order",
                            List.of("CallbacksInEmissionOrder"), "legacy", null, true, true)),
                    null),
            new Claim("3", "The documented \"normal spinlocks can be used\" in ->enable_signaling could deadlock, "
                    + "since it is called with IRQs disabled.", "that practice could deadlock",
                    List.of("NoDriverOpUnderFenceLock", "NoSelfDeadlock", "NoCrossCpuDeadlock"),
                    List.of(new Prediction("legacy: a driver op runs under the IRQ-disabled fence lock",
                                    List.of("NoDriverOpUnderFenceLock"), "legacy", null, null, true),
                            new Prediction("legacy, plain spin_lock driver: a deadlock",
                                    List.of("NoSelfDeadlock", "NoCrossCpuDeadlock"), "legacy", "plain", null, true)),
                    null),
            new Claim("4", "The locking must be reworked so that fences can outlive the module of their driver.",
                    "allow dma_fence objects to exists after their drivers were unloaded",
                    List.of("NoCodeAfterUnload", "QueriesAnswerAfterUnload", "OpsDetachedOnSignal",
                            "UnloadCompletes"),
                    List.of(new Prediction("legacy: a fence that outlives its module reaches the freed module",
                                    List.of("NoCodeAfterUnload"), "legacy", null, null, true),
                            new Prediction("reworked (ops under RCU, detached on signal): no code of an unloaded "
                                    + "module runs", List.of("NoCodeAfterUnload", "QueriesAnswerAfterUnload"),
                                    "reworked", null, null, false)),
                    null));

    static final List<Guarantee> GUARANTEES = List.of(
            new Guarantee("a callback runs at most once", "CallbackAtMostOnce", "kernel"),
            new Guarantee("a callback runs only once SIGNALED is set", "CallbackOnlyAfterSignaled", "kernel"),
            new Guarantee("SIGNALED is never cleared", "SignaledNeverClears", "kernel"),
            new Guarantee("no callback is added to a signaled fence", "CbListEmptyAfterSignal", "kernel"),
            new Guarantee("->enable_signaling runs at most once per fence", "EnableSignalingAtMostOnce", "kernel"),
            new Guarantee("->enable_signaling never runs on a signaled fence", "NoEnableSignalingOnSignaled",
                    "dma-fence.h"),
            new Guarantee("the error is set only before signaling", "ErrorOnlyBeforeSignal", "kernel"),
            new Guarantee("the timestamp is written once, at signaling", "TimestampOnlyAtSignal", "kernel"),
            new Guarantee("no CPU spins on a lock it holds", "NoSelfDeadlock", "kernel"),
            new Guarantee("no deadlock between CPUs", "NoCrossCpuDeadlock", "kernel"),
            new Guarantee("no driver op under the IRQ-disabled fence lock", "NoDriverOpUnderFenceLock",
                    "rework's aim"),
            new Guarantee("every added callback eventually runs", "CallbacksEventuallyRun", "kernel, liveness"),
            new Guarantee("every waiter returns", "WaitersReturn", "kernel, liveness"));

    private Claims() {
    }

    /** Whether a model counts as evidence (not a deliberately broken variant). */
    static boolean evidence(ModelResult m) {
        return !"broken".equals(m.group()) && (m.labels() == null || m.labels().mutation() == null);
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
            ModelLabels l = m.labels();
            if (!evidence(m) || l == null || !Objects.equals(l.design(), p.design())
                    || (p.driver() != null && !p.driver().equals(l.driver()))
                    || (p.signaledOp() != null && !p.signaledOp().equals(l.signaledOp()))) {
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
