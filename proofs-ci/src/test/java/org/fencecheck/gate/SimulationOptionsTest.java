package org.fencecheck.gate;

import org.fencecheck.proofs.GateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --simulate}'s options and its bad input: one line on stderr, exit 2, no TLC run. */
class SimulationOptionsTest {

    static final String COUNTER = "{\"name\": \"counter\", \"module\": \"Counter\", \"config\": \"Counter.cfg\", "
            + "\"expect\": {\"Inv\": \"holds\", \"Deadlock\": \"violated\"}}";

    @TempDir
    Path tmp;

    @Test
    void defaultsAndValues() {
        assertNull(GateOptions.parse().simulation());
        GateOptions.Simulation d = GateOptions.parse("--simulate", "60").simulation();
        assertEquals(new GateOptions.Simulation(60, GateOptions.DEFAULT_SEED, GateOptions.DEFAULT_DEPTH), d);
        assertEquals(new GateOptions.Simulation(60, 1, 200), d);
        GateOptions o = GateOptions.parse("--simulate", "5", "--seed", "-42", "--depth", "30", "--only", "a,b");
        assertEquals(new GateOptions.Simulation(5, -42, 30), o.simulation());
        assertEquals(List.of("a", "b"), o.only());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--simulate 0                  | --simulate needs a positive whole number, not '0'",
        "--simulate -5                 | --simulate needs a positive whole number, not '-5'",
        "--simulate soon               | --simulate needs a positive whole number, not 'soon'",
        "--simulate                    | --simulate needs a value",
        "--simulate 5 --seed x         | --seed needs a whole number, not 'x'",
        "--simulate 5 --depth 0        | --depth needs a positive whole number, not '0'",
        "--simulate 5 --depth 1        | --depth needs at least 2 states, not '1'",
        "--seed 3                      | --seed goes with --simulate",
        "--depth 30                    | --depth goes with --simulate",
        "--simulate 5 --large          | --simulate runs no gate: --large does not go with it",
        "--simulate 5 --record         | --simulate runs no gate: --record does not go with it",
        "--simulate 5 --distributed 2  | --simulate runs no gate: --distributed does not go with it",
    })
    void badCommandLines(String args, String problem) {
        GateException e = assertThrows(GateException.class, () -> GateOptions.parse(args.strip().split(" +")));
        assertEquals(2, e.exitCode());
        assertEquals("fencecheck: command line: " + problem, e.line());
        Toys.Run run = Toys.gate(args.strip().split(" +"));
        assertEquals(2, run.exitCode());
        assertEquals(List.of("fencecheck: command line: " + problem), run.err());
        assertEquals("", run.out());
    }

    private Toys.Run simulate(String manifest, String... extra) {
        Path spec = Toys.specDir(tmp, manifest, "Counter.tla", "Counter.cfg", "SimWalk.tla", "SimWalk_good.cfg");
        List<String> args = new java.util.ArrayList<>(List.of("--spec", spec.toString(), "--report",
                tmp.resolve("report").toString()));
        args.addAll(List.of(extra));
        return Toys.gate(args.toArray(String[]::new));
    }

    private void assertRejected(Toys.Run run, String problem) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.err().size(), run.err().toString());
        String line = run.err().get(0);
        assertTrue(line.startsWith("fencecheck: " + tmp.resolve("spec/manifest.json") + ": "), line);
        assertTrue(line.contains(problem), line + "\n  does not contain: " + problem);
        assertEquals("", run.out());
    }

    private static String manifest(String simulation) {
        return "{\"models\": [" + COUNTER + "], \"simulations\": [" + simulation + "]}";
    }

    static final String WALK = "{\"name\": \"walk\", \"module\": \"SimWalk\", \"config\": \"SimWalk_good.cfg\", "
            + "\"scales\": \"counter\"}";

    @Test
    void badManifestsAndNames() {
        assertRejected(simulate(manifest(WALK), "--simulate", "5", "--only", "nope"),
                "--only: no simulation named \"nope\"");
        assertRejected(simulate("{\"models\": [" + COUNTER + "]}", "--simulate", "5"),
                "--simulate: the manifest has no \"simulations\"");
        assertRejected(simulate(manifest(WALK.replace("\"counter\"", "\"nope\"")), "--simulate", "5"),
                "simulations[0] (walk).scales: no model named \"nope\"");
        assertRejected(simulate(manifest(WALK.replace("\"walk\"", "\"counter\"")), "--simulate", "5"),
                "simulations[0]: duplicate model name \"counter\"");
        assertRejected(simulate(manifest(WALK.replace("}", ", \"expect\": {}}")), "--simulate", "5"),
                "simulations[0] (walk): unknown key \"expect\"");
        assertRejected(simulate(manifest(WALK.replace(", \"scales\": \"counter\"", "")), "--simulate", "5"),
                "simulations[0] (walk): missing \"scales\"");
        assertRejected(simulate(manifest(WALK.replace("SimWalk_good.cfg", "Nope.cfg")), "--simulate", "5"),
                "simulation walk: config file " + tmp.resolve("spec/Nope.cfg") + " does not exist");
        // the gate itself checks the simulations' files too, and counts their cfgs as listed
        assertRejected(simulate(manifest(WALK.replace("\"SimWalk\"", "\"Nope\""))),
                "simulation walk: module file " + tmp.resolve("spec/Nope.tla") + " does not exist");
    }
}
