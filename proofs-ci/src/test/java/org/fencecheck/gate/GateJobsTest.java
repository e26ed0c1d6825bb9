package org.fencecheck.gate;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models checked in parallel ({@code --jobs}) give the same report as models checked one by one: same order, same
 * verdicts, same state counts, same traces. Includes a model that needs several TLC runs, so that two refutations
 * really overlap.
 */
class GateJobsTest {

    /** Three toys: one that holds, one with two violated properties, one with a deadlock. */
    static final String MANIFEST = """
            { "tlc": {"workers": 1, "heap": "512m", "timeoutSeconds": 120},
              "models": [
                {"name": "good", "module": "Mutex", "config": "Mutex_good.cfg", "distinctStates": 13,
                 "expect": {"TypeOK": "holds", "MutualExclusion": "holds", "NoLockStealing": "holds",
                            "Deadlock": "holds"}},
                {"name": "broken", "module": "Mutex", "config": "Mutex_broken.cfg", "distinctStates": 25,
                 "expect": {"TypeOK": "holds", "MutualExclusion": "violated", "NoLockStealing": "violated",
                            "Deadlock": "holds"}},
                {"name": "counter", "module": "Counter", "config": "Counter.cfg", "distinctStates": 3,
                 "expect": {"Inv": "holds", "Deadlock": "violated"}}
              ] }
            """;

    @TempDir
    Path tmp;

    @Test
    void parallelJobsGiveTheSequentialReport() throws IOException {
        Path spec = Toys.specDir(tmp, MANIFEST, "Mutex.tla", "Mutex_good.cfg", "Mutex_broken.cfg", "Counter.tla",
                "Counter.cfg");
        Toys.Run one = Toys.gate("--spec", spec.toString(), "--report", tmp.resolve("r1").toString());
        Toys.Run three = Toys.gate("--spec", spec.toString(), "--report", tmp.resolve("r3").toString(),
                "--jobs", "3");
        assertEquals(0, one.exitCode(), one.out() + one.err());
        assertEquals(0, three.exitCode(), three.out() + three.err());
        VerdictReport a = VerdictJson.read(tmp.resolve("r1/verdicts.json"));
        VerdictReport b = VerdictJson.read(tmp.resolve("r3/verdicts.json"));
        assertEquals(1, a.environment().jobs());
        assertEquals(3, b.environment().jobs());
        assertEquals(essence(a), essence(b));
        String err = String.join("\n", three.err());
        for (String line : List.of("[1/3] good: passed", "[2/3] broken: passed", "[3/3] counter: passed")) {
            assertTrue(err.contains(line), err);
        }
    }

    /** What must not depend on scheduling: per model, its name, states, and each property's verdict and trace. */
    static List<String> essence(VerdictReport r) {
        return r.models().stream().map(GateJobsTest::essence).toList();
    }

    private static String essence(ModelResult m) {
        StringBuilder s = new StringBuilder(m.name() + " " + m.status() + " " + m.distinctStates());
        for (PropertyVerdict p : m.properties()) {
            s.append(' ').append(p.name()).append('=').append(p.actual()).append(p.match() ? "" : "!");
        }
        return s.toString();
    }

    /** The jobs take the costliest model first: recorded states, once more per expected violation; uncounted last. */
    @Test
    void longestModelsStartFirst() {
        ModelLabels none = ModelLabels.of(Map.of(), null, null);
        List<ModelEntry> models = List.of(
                new ModelEntry("small", "M", "M_small.cfg", "default", none, 100L, null, Map.of("P", Verdict.HOLDS)),
                new ModelEntry("broken", "M", "M_broken.cfg", "broken", none, null, null,
                        Map.of("P", Verdict.VIOLATED)),
                new ModelEntry("big", "M", "M_big.cfg", "default", none, 5_000L, null, Map.of("P", Verdict.HOLDS)),
                new ModelEntry("refuted", "M", "M_refuted.cfg", "default", none, 3_000L, null,
                        Map.of("P", Verdict.VIOLATED, "Q", Verdict.HOLDS)));
        // refuted: 3,000 states x (1 + 1 refuting run) = 6,000 > big's 5,000
        assertEquals(List.of(3, 2, 0, 1), GateRun.longestFirst(models, Map.of()));
    }
}
