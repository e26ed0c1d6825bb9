package org.fencecheck.gate;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulation campaign on the toy random walk (src/test/resources/toy/SimWalk.tla), with TLC forked: about
 * four short runs.
 */
class GateSimulationTest {

    private static final String MANIFEST = "{\"models\": [" + SimulationOptionsTest.COUNTER + "], \"simulations\": ["
            + "{\"name\": \"walk\", \"module\": \"SimWalk\", \"config\": \"SimWalk_good.cfg\", \"scales\": \"counter\","
            + " \"bound\": \"x below 1000\"},"
            + "{\"name\": \"walk_bad\", \"module\": \"SimWalk\", \"config\": \"SimWalk_bad.cfg\", \"scales\": \"counter\","
            + " \"bound\": \"x below 5\"}]}";

    @TempDir
    Path tmp;

    private Toys.Run simulate(String report, String... extra) {
        Path spec = Toys.specDir(tmp, MANIFEST, "Counter.tla", "Counter.cfg", "SimWalk.tla", "SimWalk_good.cfg",
                "SimWalk_bad.cfg");
        List<String> args = new java.util.ArrayList<>(List.of("--spec", spec.toString(), "--report",
                tmp.resolve(report).toString()));
        args.addAll(List.of(extra));
        return Toys.gate(args.toArray(String[]::new));
    }

    private JsonObject simulation(String report, int i) throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(tmp.resolve(report).resolve("simulation.json")))
                .getAsJsonObject();
        return doc.getAsJsonArray("simulations").get(i).getAsJsonObject();
    }

    @Test
    void aHoldingModelReportsBehavioursDepthAndRates() throws IOException {
        Toys.Run run = simulate("report", "--simulate", "2", "--only", "walk", "--depth", "25", "--seed", "3");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("walk"), run.out());
        assertTrue(run.out().contains("no violation"), run.out());
        assertTrue(run.out().contains("replay walk: (cd " + tmp.resolve("spec") + " && java "), run.out());
        assertTrue(run.out().contains("tlc2.TLC -workers 1 -simulate -depth 25 -seed 3 -config SimWalk_good.cfg"
                + " SimWalk)"), run.out());
        JsonObject w = simulation("report", 0);
        assertEquals("ok", w.get("status").getAsString());
        assertTrue(w.get("behaviours").getAsLong() > 0, w.toString());
        assertTrue(w.get("states").getAsLong() > w.get("behaviours").getAsLong(), w.toString());
        assertTrue(w.get("behavioursPerMinute").getAsDouble() > 0, w.toString());
        assertTrue(w.get("statesPerSecond").getAsDouble() > 0, w.toString());
        int depth = w.get("maxDepth").getAsInt();
        assertTrue(depth > 1 && depth <= 25, w.toString());
        assertEquals(3, w.get("seed").getAsLong());
        assertEquals(25, w.get("depth").getAsInt());
    }

    @Test
    void aViolationIsReportedWithItsInvariantSeedAndTheSameTraceForTheSameSeed() throws IOException {
        Toys.Run first = simulate("r1", "--simulate", "20", "--only", "walk_bad", "--depth", "40");
        assertEquals(1, first.exitCode(), first.toString());
        assertTrue(first.out().contains("VIOLATED Bounded"), first.out());
        List<String> errors = first.errors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("fencecheck: simulation walk_bad (seed 1, depth 40): Bounded violated"
                + " after "), errors.get(0));
        JsonObject v = simulation("r1", 0);
        assertEquals("violated", v.get("status").getAsString());
        assertEquals("Bounded", v.get("violated").getAsString());
        assertTrue(v.get("traceLength").getAsInt() >= 6, v.toString());
        assertTrue(v.get("seconds").getAsDouble() < 20, "stops at the violation: " + v);
        Path txt = tmp.resolve("r1").resolve(v.getAsJsonArray("traceFiles").get(0).getAsString());
        Path json = tmp.resolve("r1").resolve(v.getAsJsonArray("traceFiles").get(1).getAsString());
        assertEquals(tmp.resolve("r1/simulation/traces/walk_bad__Bounded.txt"), txt);
        String text = Files.readString(txt);
        assertTrue(text.contains("property: Bounded"), text);
        assertTrue(text.contains("seed 1, depth 40"), text);

        Toys.Run again = simulate("r2", "--simulate", "20", "--only", "walk_bad", "--depth", "40");
        assertEquals(1, again.exitCode(), again.toString());
        assertEquals(Files.readString(json),
                Files.readString(tmp.resolve("r2/simulation/traces/walk_bad__Bounded.json")));
    }
}
