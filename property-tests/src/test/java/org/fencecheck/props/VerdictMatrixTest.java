package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.props.tlc.Replay;
import org.fencecheck.props.tlc.Counterexamples;
import org.fencecheck.props.tlc.TraceModule;
import org.fencecheck.tlc.CounterexampleStore;
import org.fencecheck.tlc.TraceState;
import org.fencecheck.tlc.ViolationKind;
import org.junit.jupiter.api.Test;

/**
 * The implementation's verdict matrix equals spec/manifest.json's, for every model impl can run (the default
 * group and every broken one: impl has each spec mutation, org.fencecheck.fence.Mutation). impl's verdicts come
 * from TLC: generated runs of impl at the model's own bounds are recorded and checked by TLC, which accepts
 * them as behaviours of the spec (a rejected run fails the test, it is never a verdict) and evaluates the
 * model's invariants, Deadlock and temporal properties on them ({@link TraceModule}).
 *
 * <p>Where the manifest says violated and the runs show none: the search is continued with
 * {@link #ESCALATED} runs; if still none and the property is an invariant, TLC's shortest counterexample is
 * driven onto impl ({@link Replay}) and that run is checked by TLC like the others (marked {@code V*}). Every
 * broken model has a control: the correct impl on the same configuration and the same generated runs, whose
 * verdict on the model's property must be "holds".
 */
class VerdictMatrixTest {

    /** Runs per model and per control (CI). */
    static final int RUNS = 20;
    /** Runs of the second stage. */
    static final int ESCALATED = 200;
    /**
     * Runs per model with a temporal property (TLC's liveness check of the trace costs far more per state); the
     * control of such a broken model gets the same number.
     */
    static final int TEMPORAL_RUNS = 10;

    /**
     * One model's recorded runs.
     *
     * @param model   the model
     * @param control the correct impl on the model's configuration (broken models only)
     * @param runs    the recorded runs
     */
    record Batch(VerdictMatrix.Model model, boolean control, List<TraceModule.Run> runs) {
        String label() {
            return model.name() + (control ? " (control: mutation none)" : "");
        }
    }

    /**
     * TLC's verdict on a batch.
     *
     * @param violated property -> the shortest run violating it
     */
    record Judged(Batch batch, Map<String, TraceModule.Run> violated) {
    }

    /** Batches TLC rejected (conformance failures), reported with the mismatches. */
    static final List<String> REJECTED = new ArrayList<>();

    /** {@code n} runs of impl on the model's configuration (mutation none for a control). */
    static Batch batch(VerdictMatrix.Model m, boolean control, int n, long seed) {
        SpecConfig cfg = control ? m.spec().withMutation("none") : m.spec();
        List<TraceModule.Run> runs = new ArrayList<>();
        for (Runner.Scenario sc : TraceValidationTest.scenarios(cfg, n, seed)) {
            Runner.Result r = Runner.run(sc);
            if (r.outcome() == Runner.Outcome.FAILED) {
                fail(m.name() + (control ? " control" : "") + ": a run of impl failed (not a verdict):\n" + r.trace());
            }
            List<String> props = new ArrayList<>(m.cfg().invariants());
            props.addAll(m.cfg().properties());
            runs.add(TraceModule.record(m.name() + " #" + runs.size(), r, props));
        }
        return new Batch(m, control, runs);
    }

    /**
     * TLC checks the batches, at most {@link TraceModule#CHUNK} runs per invocation, those with temporal
     * properties together (each run judged on its own model's instance). A batch with a run TLC does not accept
     * is reported ({@link #REJECTED}: a conformance failure, never a verdict) and the others are judged without it;
     * a run that ends where the spec's Next is disabled although impl had completed fails the test.
     */
    static List<Judged> judge(String name, List<Batch> batches) {
        List<Judged> out = new ArrayList<>();
        List<Batch> chunk = new ArrayList<>();
        int runs = 0;
        int part = 0;
        for (Batch b : batches.stream().filter(b -> b.model().cfg().properties().isEmpty()).toList()) {
            if (runs + b.runs().size() > TraceModule.CHUNK && !chunk.isEmpty()) {
                out.addAll(judgeChunk(name + ++part, chunk));
                chunk = new ArrayList<>();
                runs = 0;
            }
            chunk.add(b);
            runs += b.runs().size();
        }
        if (!chunk.isEmpty()) {
            out.addAll(judgeChunk(name + ++part, chunk));
        }
        // TLC stops at the first temporal violation, and the batches after it in the same run are then judged
        // again without the violating one (judgeChunk). A batch the manifest expects to violate a temporal
        // property is therefore judged alone: the others are checked once, not twice.
        List<Batch> temporal = batches.stream().filter(b -> !b.model().cfg().properties().isEmpty()).toList();
        List<Batch> alone = temporal.stream().filter(VerdictMatrixTest::expectsTemporalViolation).toList();
        List<Batch> together = temporal.stream().filter(b -> !alone.contains(b)).toList();
        if (!together.isEmpty()) {
            out.addAll(judgeChunk(name + "-temporal", together));
        }
        for (Batch b : alone) {
            out.addAll(judgeChunk(name + "-temporal-" + b.model().name(), List.of(b)));
        }
        return out;
    }

    /** Not a control, and the manifest says one of the model's temporal properties is violated. */
    static boolean expectsTemporalViolation(Batch b) {
        return !b.control() && b.model().cfg().properties().stream()
                .anyMatch(p -> "violated".equals(b.model().expect().get(p)));
    }

    private static List<Judged> judgeChunk(String name, List<Batch> batches) {
        List<TraceModule.Run> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(b.runs()));
        List<String> temporal = batches.stream().flatMap(b -> b.model().cfg().properties().stream()).distinct()
                .toList();
        TraceModule.Checked c = TraceModule.check(name, all, temporal);
        int bad = c.rejectedAt() != null ? c.rejectedAt()[0] : c.temporal();
        if (bad > 0) {
            for (int i = 0, from = 0; i < batches.size(); from += batches.get(i++).runs().size()) {
                if (bad - 1 < from + batches.get(i).runs().size()) {
                    List<Batch> rest = new ArrayList<>(batches);
                    rest.remove(i);
                    List<Judged> out = new ArrayList<>(rest.isEmpty() ? List.of() : judgeChunk(name + "-", rest));
                    if (c.rejectedAt() != null) {
                        REJECTED.add(batches.get(i).label() + ": TLC does not accept a run of impl: " + c.explain());
                    } else {
                        // TLC stops at the first temporal violation: that model's property is violated
                        Map<String, TraceModule.Run> v = new LinkedHashMap<>();
                        batches.get(i).model().cfg().properties().forEach(p -> v.put(p, all.get(bad - 1)));
                        out.add(new Judged(batches.get(i), v));
                    }
                    return out;
                }
            }
        }
        if (!c.accepted()) {
            fail("TLC gave no verdict: " + c.explain());
        }
        List<Judged> out = new ArrayList<>();
        int at = 0;
        for (Batch b : batches) {
            Map<String, TraceModule.Run> violated = new LinkedHashMap<>();
            for (TraceModule.Run r : b.runs()) {
                Set<String> v = c.violated().get(at++);
                if (v.contains("Deadlock") && r.end() == Runner.Outcome.COMPLETE) {
                    fail(r.name() + ": impl completed where the spec's Next is disabled (" + c.dir() + ")");
                }
                for (String p : v) {
                    if (!p.equals("Deadlock") || b.model().cfg().checkDeadlock()) {
                        violated.merge(p, r, (x, y) -> x.steps().size() <= y.steps().size() ? x : y);
                    }
                }
            }
            out.add(new Judged(b, violated));
        }
        return out;
    }

    /**
     * Stage 3: TLC's shortest counterexample to {@code invariant}, driven onto impl (a run that cannot be driven
     * fails the test); the driven run, recorded, or null if TLC finds none. The counterexample is the one the
     * gate's test found earlier in the build when the spec and cfg are unchanged ({@link Counterexamples}: TLC
     * with one worker stops at the same state either way), else TLC runs here.
     */
    static TraceModule.Run counterexample(VerdictMatrix.Model m, String invariant) throws IOException {
        boolean temporal = m.cfg().properties().contains(invariant);
        CounterexampleStore.Entry o = Counterexamples.of(Counterexamples.store(), m, invariant).entry();
        if (o == null || o.kind() != (temporal ? ViolationKind.TEMPORAL : ViolationKind.INVARIANT)) {
            return null;
        }
        List<TraceState> states = o.trace().states();
        List<Replay.PathStep> path = new ArrayList<>();
        for (TraceState s : states.subList(1, states.size())) {
            path.add(new Replay.PathStep(s.action().replaceAll("[^A-Za-z].*", ""), s.vars()));
        }
        Replay.Outcome r = Replay.replay(m.spec(), states.get(0).vars(), path);
        if (r.divergence() != null || r.skipped()) {
            REJECTED.add(m.name() + ": TLC's counterexample to " + invariant + " cannot be driven onto impl: "
                    + (r.skipped() ? "skipped (the interrupt handler decides earlier)" : r.divergence()));
            return null;
        }
        return TraceModule.record(m.name() + " (TLC's counterexample to " + invariant + ")", r.run(),
                List.of(invariant));
    }

    /** The cells the manifest says violated that the judged batches do not show, per model. */
    static Map<VerdictMatrix.Model, List<String>> missing(List<VerdictMatrix.Model> models, Map<String, Judged> judged) {
        Map<VerdictMatrix.Model, List<String>> out = new LinkedHashMap<>();
        for (VerdictMatrix.Model m : models) {
            Judged j = judged.get(m.name());
            if (j != null) {
                m.expect().forEach((p, v) -> {
                    if (v.equals("violated") && !j.violated().containsKey(p)) {
                        out.computeIfAbsent(m, x -> new ArrayList<>()).add(p);
                    }
                });
            }
        }
        return out;
    }

    @Test
    void implementationMatrixEqualsSpecMatrix() throws IOException {
        // Not Caller "callback": the spec's Call is disabled while another CPU holds the shared fence->lock, but
        // impl's call announces its Call step and then spins on the lock, and the scheduler does not withhold such
        // a move yet, so a generated run can start a call the spec cannot (ReplayTest leaves them out for the
        // same reason). impl's ShapeVerdictTest checks those models' verdicts against the manifest.
        List<VerdictMatrix.Model> models = VerdictMatrix.models().stream()
                .filter(m -> !m.spec().caller().equals("callback")).toList();
        VerdictMatrix.models().stream().filter(m -> !models.contains(m)).forEach(m -> System.out.println(
                "verdict matrix: " + m.name() + " left to impl ShapeVerdictTest (Caller callback)"));
        long seed = Gens.seed();
        int n = Gens.examples(RUNS);
        List<Batch> batches = new ArrayList<>();
        for (int k = 0; k < models.size(); k++) {
            int runs = models.get(k).cfg().properties().isEmpty() ? n : Math.min(n, Gens.examples(TEMPORAL_RUNS));
            batches.add(batch(models.get(k), false, runs, seed + k));
            if (models.get(k).group().equals("broken")) {
                batches.add(batch(models.get(k), true, runs, seed + k));
            }
        }
        Map<String, Judged> judged = new LinkedHashMap<>();
        judge("matrix", batches).forEach(j -> judged.put(j.batch().label(), j));

        // stage 2: more runs of every model with a violation not found yet, judged together
        Map<String, String> how = new LinkedHashMap<>();
        List<Batch> more = new ArrayList<>();
        missing(models, judged).keySet().forEach(m -> more.add(batch(m, false, m.cfg().properties().isEmpty()
                ? Gens.examples(ESCALATED) : Gens.examples(TEMPORAL_RUNS) * 2, seed + 1000 + models.indexOf(m))));
        for (Judged j : judge("more", more)) {
            Map<String, TraceModule.Run> v = judged.get(j.batch().label()).violated();
            j.violated().forEach((p, r) -> {
                if (!v.containsKey(p) && j.batch().model().expect().containsKey(p)) {
                    v.put(p, r);
                    how.put(j.batch().label() + " " + p, "+");
                }
            });
        }
        // stage 3: TLC's counterexample to each invariant still missing, driven onto impl, judged together
        List<Batch> cex = new ArrayList<>();
        for (Map.Entry<VerdictMatrix.Model, List<String>> e : missing(models, judged).entrySet()) {
            for (String p : e.getValue()) {
                if (e.getKey().cfg().invariants().contains(p) || e.getKey().cfg().properties().contains(p)) {
                    // a temporal counterexample's lasso is driven once round its loop; the run then ends there
                    TraceModule.Run r = counterexample(e.getKey(), p);
                    if (r != null) {
                        cex.add(new Batch(e.getKey(), false, List.of(r)));
                    }
                }
            }
        }
        for (Judged j : judge("cex", cex)) {
            j.violated().forEach((p, r) -> {
                if (j.batch().runs().get(0).invariants().contains(p)) {
                    judged.get(j.batch().label()).violated().putIfAbsent(p, r);
                    how.putIfAbsent(j.batch().label() + " " + p, "*");
                }
            });
        }
        List<String> mismatches = new ArrayList<>(REJECTED);

        Set<String> props = new LinkedHashSet<>();
        models.forEach(m -> props.addAll(m.expect().keySet()));
        List<String> cols = new ArrayList<>(props);
        StringBuilder t = new StringBuilder("verdict matrix: spec/manifest.json vs impl (TLC on " + n
                + " recorded runs per model, seed " + seed + ")\ncell: spec/impl (h holds, V violated, V+ found by "
                + ESCALATED + " more runs, V* on TLC's counterexample driven onto impl); ! = mismatch\n");
        t.append(String.format("%-30s", "model"));
        for (int i = 0; i < cols.size(); i++) {
            t.append(String.format(" %5s", "p" + (i + 1)));
        }
        t.append('\n');
        int cells = 0;
        for (VerdictMatrix.Model m : models) {
            if (!judged.containsKey(m.name())) {
                t.append(String.format("%-30s (rejected by TLC: no verdicts)%n", m.name()));
                continue;
            }
            Map<String, TraceModule.Run> found = judged.get(m.name()).violated();
            t.append(String.format("%-30s", m.name()));
            for (String p : cols) {
                String exp = m.expect().get(p);
                if (exp == null) {
                    t.append(String.format(" %5s", "-"));
                    continue;
                }
                cells++;
                boolean violated = found.containsKey(p);
                boolean ok = violated == exp.equals("violated");
                t.append(String.format(" %5s", (ok ? "" : "!") + exp.charAt(0) + "/" + (violated ? "V" : "h")
                        + how.getOrDefault(m.name() + " " + p, "")));
                if (!ok) {
                    mismatches.add(m.name() + " " + p + ": manifest " + exp + ", impl " + (violated
                            ? "violated, e.g. " + describe(found.get(p)) : "holds"));
                }
            }
            t.append('\n');
            Judged control = judged.get(m.name() + " (control: mutation none)");
            if (control != null) {
                m.expect().forEach((p, v) -> {
                    if (v.equals("violated") && control.violated().containsKey(p)) {
                        mismatches.add(m.name() + " control: the correct impl violates " + p + " on the same runs: "
                                + describe(control.violated().get(p)));
                    }
                });
            }
        }
        for (int i = 0; i < cols.size(); i++) {
            t.append(String.format("  p%-3d %s%n", i + 1, cols.get(i)));
        }
        t.append("escalated: ").append(how).append('\n').append(cells).append(" cells compared, ")
                .append(mismatches.size()).append(" mismatches\n");
        for (Judged j : judged.values()) {
            if (j.batch().model().group().equals("broken") && !j.batch().control()) {
                j.violated().forEach((p, r) -> t.append(j.batch().label()).append(" violates ").append(p)
                        .append(r == null ? " (temporal)\n" : ", shortest run: " + describe(r) + "\n"));
            }
        }
        System.out.println(t);
        Path out = Path.of(System.getProperty("fencecheck.report.dir", "target/fencecheck"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("matrix.txt"), t + "\n" + String.join("\n", mismatches));
        assertTrue(cells > 0, "nothing compared");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " cells differ:\n" + String.join("\n", mismatches));
    }

    /** A recorded run in a few lines: its name and steps. */
    static String describe(TraceModule.Run r) {
        if (r == null) {
            return "(temporal: TLC's counterexample in its output)";
        }
        StringBuilder b = new StringBuilder(r.name()).append(", ").append(r.steps().size()).append(" steps:");
        r.steps().forEach(s -> b.append("\n      ").append(s.action()).append(' ').append(s.cpu())
                .append(s.call() == null ? "" : " " + s.call()));
        return b.toString();
    }
}
