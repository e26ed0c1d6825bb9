package org.fencecheck.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every manifest or usage problem is one line, {@code fencecheck: <file>: <problem>}, on stderr and exit 2. */
class ManifestValidationTest {

    private static final String GOOD_MODEL = "{\"name\": \"counter\", \"module\": \"Counter\", \"config\": "
            + "\"Counter.cfg\", \"expect\": {\"Inv\": \"holds\", \"Deadlock\": \"violated\"}}";

    @TempDir
    Path tmp;

    private Toys.Run gate(String manifest, String... extra) {
        Path spec = Toys.specDir(tmp, manifest, "Counter.tla", "Counter.cfg", "Mutex.tla", "Mutex_live.cfg");
        String[] args = new String[4 + extra.length];
        args[0] = "--spec";
        args[1] = spec.toString();
        args[2] = "--report";
        args[3] = tmp.resolve("report").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return Toys.gate(args);
    }

    private void assertRejected(Toys.Run run, String file, String problem) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.err().size(), run.err().toString());
        String line = run.err().get(0);
        assertTrue(line.startsWith("fencecheck: " + file + ": "), line);
        assertTrue(line.contains(problem), line + "\n  does not contain: " + problem);
        assertEquals("", run.out());
    }

    private void assertManifestRejected(String manifest, String problem) {
        assertRejected(gate(manifest), tmp.resolve("spec/manifest.json").toString(), problem);
    }

    private static String models(String... models) {
        return "{\"models\": [" + String.join(", ", models) + "]}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"models\": [}                                         | malformed JSON: Expected value at line 1 column 13",
        "{\"models\": []} trailing                               | malformed JSON",
        "[]                                                      | the top level must be an object",
        "{}                                                      | missing \"models\"",
        "{\"models\": []}                                        | \"models\" is empty",
        "{\"models\": [], \"models\": []}                        | duplicate key \"models\"",
        "{\"modles\": []}                                        | unknown key \"modles\"",
        "{\"tlc\": {\"heap\": \"lots\"}, \"models\": [1]}        | tlc.heap: \"lots\" is not a JVM heap size",
        "{\"tlc\": {\"workers\": 0}, \"models\": [1]}            | tlc.workers must be a positive integer",
        "{\"tlc\": {\"jobs\": 0}, \"models\": [1]}               | tlc.jobs must be a positive integer",
        "{\"tlc\": {\"jvmOptions\": [\"-Xmx9g\"]}, \"models\": [1]} | tlc.jvmOptions[0]: \"-Xmx9g\" is not a JVM option",
        "{\"tlc\": {\"temporalJvmOptions\": [\"-XX:+UseParallelGC\", \"-cp\"]}, \"models\": [1]} | tlc.temporalJvmOptions[1]: \"-cp\" is not a JVM option",
        "{\"tlc\": {\"timeoutSeconds\": 1.5}, \"models\": [1]}   | tlc.timeoutSeconds must be a non-negative integer",
        "{\"models\": [1]}                                       | models[0] must be an object",
    })
    void malformedManifests(String manifest, String problem) {
        assertManifestRejected(manifest, problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name           | \"a b\"             | models[0].name: \"a b\" may hold only letters",
        "group          | \"nightly\"         | models[0] (counter).group: \"nightly\" must be one of",
        "expect         | {\"Inv\": \"ok\"}   | models[0] (counter).expect.Inv: \"ok\" must be \"holds\" or",
        "expect         | {}                  | models[0] (counter).expect: no properties",
        "distinctStates | -1                  | models[0] (counter).distinctStates must be a non-negative",
        "distinctStates | \"12\"              | models[0] (counter).distinctStates must be a number",
        "signaledOp     | \"yes\"             | models[0] (counter).signaledOp must be true or false",
        "sideEffect     | \"false\"           | models[0] (counter).sideEffect must be true or false",
        "checkUnderLock | 1                   | models[0] (counter).checkUnderLock must be true or false",
        "caller         | true                | models[0] (counter).caller must be a string",
        "handler        | [\"held\"]          | models[0] (counter).handler must be a string",
        "colour         | \"red\"             | models[0] (counter): unknown key \"colour\"",
        "irqWork        | true                | models[0] (counter): unknown key \"irqWork\"",
        "module         | \"Counter.tla\"     | models[0] (counter).module: \"Counter.tla\" is not a module",
        "config         | \"../Counter.cfg\"  | models[0] (counter).config: \"../Counter.cfg\" must be a .cfg",
        "config         | null                | models[0] (counter).config must be a string",
    })
    void badModelEntries(String key, String json, String problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "\"counter\"");
        fields.put("module", "\"Counter\"");
        fields.put("config", "\"Counter.cfg\"");
        fields.put("expect", "{\"Inv\": \"holds\", \"Deadlock\": \"violated\"}");
        fields.put(key, json);
        String model = fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        assertManifestRejected(models(model), problem);
    }

    private static final String SIM = "{\"name\": \"sim\", \"module\": \"Counter\", \"config\": \"Counter.cfg\", "
            + "\"scales\": \"counter\"}";

    /** The {@code simulations} section (issue 21): checked by the gate too, though only --simulate runs it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                  | simulations must be an array",
        "[1]                                 | simulations[0] must be an object",
        "[SIM, SIM]                          | simulations[1]: duplicate model name \"sim\"",
        "[SIM_AS_counter]                    | simulations[0]: duplicate model name \"counter\"",
        "[SIM_scales_nope]                   | simulations[0] (sim).scales: no model named \"nope\"",
        "[SIM, SIM2_scales_sim]              | simulations[1] (sim2).scales: no model named \"sim\"",
        "[SIM_no_scales]                     | simulations[0] (sim): missing \"scales\"",
        "[SIM_group]                         | simulations[0] (sim): unknown key \"group\"",
        "[SIM_module_path]                   | simulations[0] (sim).module: \"Counter.tla\" is not a module",
        "[SIM_config_up]                     | simulations[0] (sim).config: \"../Counter.cfg\" must be a .cfg",
        "[SIM_config_missing]                | simulation sim: config file",
    })
    void badSimulationEntries(String section, String problem) {
        String sims = section.replace("SIM_AS_counter", SIM.replace("\"sim\"", "\"counter\""))
                .replace("SIM_scales_nope", SIM.replace("\"scales\": \"counter\"", "\"scales\": \"nope\""))
                .replace("SIM2_scales_sim", SIM.replace("\"sim\"", "\"sim2\"").replace("\"scales\": \"counter\"",
                        "\"scales\": \"sim\""))
                .replace("SIM_no_scales", SIM.replace(", \"scales\": \"counter\"", ""))
                .replace("SIM_group", SIM.replace("}", ", \"group\": \"simulation\"}"))
                .replace("SIM_module_path", SIM.replace("\"Counter\"", "\"Counter.tla\""))
                .replace("SIM_config_up", SIM.replace("\"Counter.cfg\"", "\"../Counter.cfg\""))
                .replace("SIM_config_missing", SIM.replace("\"Counter.cfg\"", "\"Nope.cfg\""))
                .replace("SIM", SIM);
        assertManifestRejected("{\"models\": [" + GOOD_MODEL + "], \"simulations\": " + sims + "}", problem);
    }

    @Test
    void aBrokenModelListsOnlyViolationsAndHasNoStateCount() {
        String broken = "{\"name\": \"counter\", \"module\": \"Counter\", \"config\": \"Counter.cfg\", "
                + "\"group\": \"broken\", \"mutation\": \"x\", ";
        assertManifestRejected(models(broken + "\"expect\": {\"Inv\": \"holds\", \"Deadlock\": \"violated\"}}"),
                "models[0] (counter).expect.Inv: a broken model lists only the properties it violates");
        assertManifestRejected(models(broken + "\"distinctStates\": 3, \"expect\": {\"Deadlock\": \"violated\"}}"),
                "models[0] (counter).distinctStates: a broken model stops at its last refutation and has no state"
                        + " count");
    }

    @Test
    void duplicateModelNames() {
        assertManifestRejected(models(GOOD_MODEL, GOOD_MODEL), "models[1]: duplicate model name \"counter\"");
    }

    @Test
    void missingFiles() {
        assertManifestRejected(models(GOOD_MODEL.replace("Counter.cfg", "Nope.cfg")),
                "model counter: config file " + tmp.resolve("spec/Nope.cfg") + " does not exist");
        assertManifestRejected(models(GOOD_MODEL.replace("\"Counter\"", "\"Nope\"")),
                "model counter: module file " + tmp.resolve("spec/Nope.tla") + " does not exist");
    }

    @Test
    void cfgAndExpectMustListTheSameProperties() {
        assertManifestRejected(models(GOOD_MODEL.replace(", \"Deadlock\": \"violated\"", "")),
                "model counter: Counter.cfg checks Deadlock but \"expect\" has no verdict for it");
        assertManifestRejected(models(GOOD_MODEL.replace("\"Inv\"", "\"TypeOK\": \"holds\", \"Inv\"")),
                "model counter: \"expect\" has TypeOK but Counter.cfg does not check it");
        assertManifestRejected(models("{\"name\": \"live\", \"module\": \"Mutex\", \"config\": \"Mutex_live.cfg\", "
                        + "\"expect\": {\"UnlockEventually\": \"holds\", \"EveryoneEntersEventually\": \"holds\", "
                        + "\"EventuallyTurns2\": \"holds\", \"Deadlock\": \"holds\"}}"),
                "\"expect\" has Deadlock but Mutex_live.cfg does not check it (the cfg sets CHECK_DEADLOCK FALSE)");
    }

    @Test
    void unknownModelOnTheCommandLine() {
        Toys.Run run = gate(models(GOOD_MODEL), "--only", "counter,nope");
        assertRejected(run, tmp.resolve("spec/manifest.json").toString(), "--only: no model named \"nope\"");
    }

    @Test
    void usageErrors() {
        assertRejected(gate(models(GOOD_MODEL), "--frobnicate"), "command line", "unknown argument '--frobnicate'");
        assertRejected(gate(models(GOOD_MODEL), "--only"), "command line", "--only needs a value");
        assertRejected(gate(models(GOOD_MODEL), "--jobs", "0"), "command line",
                "--jobs needs a positive whole number, not '0'");
        assertRejected(Toys.gate("--spec", tmp.resolve("absent").toString()),
                tmp.resolve("absent/manifest.json").toString(), "manifest not found");
    }
}
