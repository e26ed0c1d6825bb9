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
import org.fencecheck.props.tlc.Tlc;
import org.fencecheck.props.tlc.TraceModule;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.TraceState;
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
    static final int RUNS = 60;
    /** Runs of the second stage. */
    static final int ESCALATED = 300;

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

    /** {@code n} runs of impl on the model's configuration (mutation none for a control). */
    static Batch batch(VerdictMatrix.Model m, boolean control, int n, long seed) {
        SpecConfig cfg = control ? m.spec().withMutation("none") : m.spec();
        List<TraceModule.Run> runs = new ArrayList<>();
        for (Runner.Scenario sc : TraceValidationTest.scenarios(cfg, n, seed)) {
            Runner.Result r = Runner.run(sc);
            if (r.outcome() == Runner.Outcome.FAILED) {
                fail(m.name() + (control ? " control" : "") + ": a run of impl failed (not a verdict):\n" + r.trace());
            }
            runs.add(TraceModule.record(m.name() + " #" + runs.size(), r, m.cfg().invariants()));
        }
        return new Batch(m, control, runs);
    }

    /**
     * TLC checks the batches: those without temporal properties in one invocation, each other alone (TLC judges
     * a temporal property on one configuration). Fails the test on any run TLC does not accept, and on any run
     * whose end impl and the spec disagree on (impl stuck exactly where the spec's Next is disabled).
     */
    static List<Judged> judge(String name, List<Batch> batches) {
        List<Judged> out = new ArrayList<>();
        List<Batch> plain = batches.stream().filter(b -> b.model().cfg().properties().isEmpty()).toList();
        if (!plain.isEmpty()) {
            out.addAll(judge(name, plain, List.of()));
        }
        for (Batch b : batches) {
            if (!b.model().cfg().properties().isEmpty()) {
                out.addAll(judge(name + "-" + b.model().name(), List.of(b), b.model().cfg().properties()));
            }
        }
        return out;
    }

    private static List<Judged> judge(String name, List<Batch> batches, List<String> temporal) {
        List<TraceModule.Run> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(b.runs()));
        TraceModule.Checked c = TraceModule.check(name, all, temporal);
        if (c.rejectedAt() != null || !temporal.isEmpty() && !c.temporal() && !c.accepted()
                || temporal.isEmpty() && !c.accepted()) {
            fail("TLC does not accept a run of impl: " + c.explain());
        }
        List<Judged> out = new ArrayList<>();
        int at = 0;
        for (Batch b : batches) {
            Map<String, TraceModule.Run> violated = new LinkedHashMap<>();
            for (TraceModule.Run r : b.runs()) {
                Set<String> v = c.violated().get(at++);
                if (v == null) {
                    continue; // TLC stopped at a temporal violation before judging this run's end
                }
                boolean dead = v.contains("Deadlock");
                if (dead != r.stuck() && r.steps().size() < 600) {
                    fail(r.name() + ": impl " + (r.stuck() ? "is stuck where the spec can still move"
                            : "can move where the spec's Next is disabled") + " (" + c.dir() + ")");
                }
                for (String p : v) {
                    if (!p.equals("Deadlock") || b.model().cfg().checkDeadlock()) {
                        violated.merge(p, r, (x, y) -> x.steps().size() <= y.steps().size() ? x : y);
                    }
                }
            }
            if (c.temporal()) {
                b.model().cfg().properties().forEach(p -> violated.putIfAbsent(p, null));
            }
            out.add(new Judged(b, violated));
        }
        return out;
    }

    /** Stage 3: TLC's shortest counterexample to {@code invariant}, driven onto impl and checked by TLC. */
    static String counterexample(VerdictMatrix.Model m, String invariant) throws IOException {
        Path dir = Tlc.workDir("cex-" + m.name());
        Path cfg = dir.resolve("Cex.cfg");
        Files.writeString(cfg, m.cfg().derive(List.of(invariant), List.of(), false));
        RunOutcome o = Tlc.run(dir, "MCDmaFence", cfg, List.of()).outcome();
        if (o.kind() != RunOutcome.Kind.INVARIANT || o.trace() == null) {
            return null;
        }
        List<TraceState> states = o.trace().states();
        List<Replay.PathStep> path = new ArrayList<>();
        for (TraceState s : states.subList(1, states.size())) {
            path.add(new Replay.PathStep(s.action().replaceAll("[^A-Za-z].*", ""), s.vars()));
        }
        Replay.Outcome r = Replay.replay(m.spec(), states.get(0).vars(), path);
        if (r.divergence() != null || r.skipped()) {
            fail(m.name() + ": TLC's counterexample to " + invariant + " cannot be driven onto impl: "
                    + (r.skipped() ? "skipped" : r.divergence()));
        }
        TraceModule.Run run = TraceModule.record(m.name() + " (TLC's counterexample)", r.run(), List.of(invariant));
        Judged j = judge("cex-" + m.name(), List.of(new Batch(m, false, List.of(run)))).get(0);
        return j.violated().containsKey(invariant) ? "TLC's counterexample (" + path.size() + " steps) driven onto "
                + "impl; TLC finds " + invariant + " violated on the recorded run" : null;
    }

    @Test
    void implementationMatrixEqualsSpecMatrix() throws IOException {
        List<VerdictMatrix.Model> models = VerdictMatrix.models();
        long seed = Gens.seed();
        int n = Gens.examples(RUNS);
        List<Batch> batches = new ArrayList<>();
        for (int k = 0; k < models.size(); k++) {
            batches.add(batch(models.get(k), false, n, seed + k));
            if (models.get(k).group().equals("broken")) {
                batches.add(batch(models.get(k), true, n, seed + k));
            }
        }
        Map<String, Judged> judged = new LinkedHashMap<>();
        judge("matrix", batches).forEach(j -> judged.put(j.batch().label(), j));

        Set<String> props = new LinkedHashSet<>();
        models.forEach(m -> props.addAll(m.expect().keySet()));
        List<String> cols = new ArrayList<>(props);
        List<String> mismatches = new ArrayList<>();
        List<String> escalated = new ArrayList<>();
        StringBuilder t = new StringBuilder("verdict matrix: spec/manifest.json vs impl (TLC on " + n
                + " recorded runs per model, seed " + seed + ")\ncell: spec/impl (h holds, V violated, V+ found by "
                + ESCALATED + " runs, V* on TLC's counterexample driven onto impl); ! = mismatch\n");
        t.append(String.format("%-30s", "model"));
        for (int i = 0; i < cols.size(); i++) {
            t.append(String.format(" %5s", "p" + (i + 1)));
        }
        t.append('\n');
        int cells = 0;
        for (int k = 0; k < models.size(); k++) {
            VerdictMatrix.Model m = models.get(k);
            Map<String, TraceModule.Run> found = judged.get(m.name()).violated();
            t.append(String.format("%-30s", m.name()));
            for (String p : cols) {
                String exp = m.expect().get(p);
                if (exp == null) {
                    t.append(String.format(" %5s", "-"));
                    continue;
                }
                cells++;
                String how = "";
                boolean violated = found.containsKey(p);
                if (!violated && exp.equals("violated")) {
                    Judged more = judge("more-" + m.name(), List.of(batch(m, false, Gens.examples(ESCALATED),
                            seed + 1000 + k))).get(0);
                    violated = more.violated().containsKey(p);
                    how = violated ? "+" : "";
                    if (!violated && m.cfg().invariants().contains(p)) {
                        String cex = counterexample(m, p);
                        violated = cex != null;
                        how = violated ? "*" : "";
                    }
                    escalated.add(m.name() + " " + p + ": " + (how.isEmpty() ? "not found" : how.equals("+")
                            ? "found by " + ESCALATED + " runs" : "found on TLC's counterexample"));
                }
                boolean ok = violated == exp.equals("violated");
                t.append(String.format(" %5s", (ok ? "" : "!") + exp.charAt(0) + "/" + (violated ? "V" : "h") + how));
                if (!ok) {
                    mismatches.add(m.name() + " " + p + ": manifest " + exp + ", impl " + (violated
                            ? "violated, e.g. " + describe(found.get(p)) : "holds"));
                }
            }
            t.append('\n');
            Judged control = judged.get(m.name() + " (control: mutation none)");
            if (control != null) {
                for (String p : m.expect().keySet()) {
                    if (m.expect().get(p).equals("violated") && control.violated().containsKey(p)) {
                        mismatches.add(m.name() + " control: the correct impl violates " + p + " on the same runs: "
                                + describe(control.violated().get(p)));
                    }
                }
            }
        }
        for (int i = 0; i < cols.size(); i++) {
            t.append(String.format("  p%-3d %s%n", i + 1, cols.get(i)));
        }
        t.append("escalated: ").append(escalated).append('\n').append(cells).append(" cells compared, ")
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
