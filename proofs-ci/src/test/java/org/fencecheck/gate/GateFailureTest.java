package org.fencecheck.gate;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.tlc.ManifestReader;
import org.fencecheck.tlc.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate failing: TLC parse error, timeout, verdict and state-count mismatches, a cfg missing from the manifest. */
class GateFailureTest {

    @TempDir
    Path tmp;

    private Toys.Run gate(Path spec, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "--spec";
        args[1] = spec.toString();
        args[2] = "--report";
        args[3] = tmp.resolve("report").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return Toys.gate(args);
    }

    @Test
    void parseErrorIsOneLineNamingTheModule() throws IOException {
        Path spec = Toys.specDir(tmp, """
                {"models": [{"name": "syntax", "module": "Syntax", "config": "Syntax.cfg",
                             "expect": {"Inv": "holds", "Deadlock": "holds"}}]}
                """, "Syntax.tla", "Syntax.cfg");
        Toys.Run run = gate(spec);
        assertEquals(3, run.exitCode());
        assertEquals(List.of("fencecheck: " + spec.resolve("Syntax.tla") + ": model syntax: parse error: "
                + "Encountered \"1\" at line 5, column 20 and token \"+\"; Was expecting \"==== or more Module body\""),
                run.errors());
        ModelResult m = VerdictJson.read(tmp.resolve("report/verdicts.json")).models().get(0);
        assertEquals(RunStatus.TLC_ERROR, m.status());
        assertTrue(m.properties().stream().allMatch(p -> p.actual() == Verdict.UNKNOWN && !p.match()));
        assertTrue(run.out().contains("GATE FAILED"), run.out());
    }

    /** A constant outside the spec's ASSUME (a spec folder without vocabulary.json): TLC's exit 10, one line. */
    @Test
    void falseAssumptionIsOneLineNamingTheCfg() {
        Path spec = Toys.specDir(tmp, """
                {"models": [{"name": "assume", "module": "Assume", "config": "Assume.cfg",
                             "expect": {"Inv": "holds"}}]}
                """, "Assume.tla", "Assume.cfg");
        Toys.Run run = gate(spec);
        assertEquals(3, run.exitCode());
        assertEquals(List.of("fencecheck: " + spec.resolve("Assume.cfg") + ": model assume: TLC error (exit 10): "
                + "ASSUME Design \\in {\"legacy\", \"reworked\"} (Assume.tla line 5) is false for the cfg's CONSTANTS"),
                run.errors());
    }

    @Test
    void timeoutKillsTlcAndNamesTheModel() throws IOException {
        Path spec = Toys.specDir(tmp, """
                {"tlc": {"timeoutSeconds": 60},
                 "models": [{"name": "huge", "module": "Huge", "config": "Huge.cfg", "timeoutSeconds": 3,
                             "expect": {"Inv": "holds", "Deadlock": "holds"}}]}
                """, "Huge.tla", "Huge.cfg");
        long start = System.nanoTime();
        Toys.Run run = gate(spec);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(3, run.exitCode());
        assertEquals(List.of("fencecheck: " + spec.resolve("Huge.cfg") + ": model huge: timeout: exceeded its 3 s "
                + "budget (TLC killed during run 1)"), run.errors());
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "TLC left running");
        ModelResult m = VerdictJson.read(tmp.resolve("report/verdicts.json")).models().get(0);
        assertEquals(RunStatus.TIMEOUT, m.status());
    }

    @Test
    void mismatchesAndUnlistedCfgsFailTheGate() {
        Path spec = Toys.specDir(tmp, """
                {"models": [{"name": "counter", "module": "Counter", "config": "Counter_quiet.cfg",
                             "distinctStates": 4, "expect": {"Inv": "violated"}}]}
                """, "Counter.tla", "Counter_quiet.cfg", "Counter.cfg");
        Toys.Run run = gate(spec);
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.errors().isEmpty(), run.err().toString());
        assertTrue(run.out().contains("""
                  counter: Inv expected violated, got holds
                  counter: 3 distinct states, manifest says 4
                  Counter.cfg: cfg in the spec folder that no model of manifest.json uses (add a model or list it \
                in "ignoreConfigs")
                GATE FAILED
                """), run.out());
        assertTrue(run.out().contains("3 (manifest 4)"), run.out());
    }

    @Test
    void recordWritesTheObservedCountsIntoTheManifest() throws IOException {
        Path spec = Toys.specDir(tmp, """
                {"tlc": {"workers": 1, "heap": "512m", "timeoutSeconds": 60},
                 "models": [{"name": "counter", "module": "Counter", "config": "Counter_quiet.cfg",
                             "bound": "x <= 2", "expect": {"Inv": "holds"}}],
                 "ignoreConfigs": ["Counter.cfg"]}
                """, "Counter.tla", "Counter_quiet.cfg", "Counter.cfg");
        Toys.Run unrecorded = gate(spec);
        assertEquals(1, unrecorded.exitCode());
        assertTrue(unrecorded.out().contains("counter: 3 distinct states, manifest has none recorded (run with "
                + "--record)"), unrecorded.out());

        Toys.Run recording = gate(spec, "--record");
        assertEquals(0, recording.exitCode(), recording.out());
        String manifest = Files.readString(spec.resolve("manifest.json"));
        assertEquals("""
                {
                  "tlc": {"workers": 1, "heap": "512m", "timeoutSeconds": 60},
                  "models": [
                    {
                      "name": "counter",
                      "module": "Counter",
                      "config": "Counter_quiet.cfg",
                      "bound": "x <= 2",
                      "distinctStates": 3,
                      "expect": {"Inv": "holds"}
                    }
                  ],
                  "ignoreConfigs": ["Counter.cfg"]
                }
                """, manifest);
        assertEquals(3L, ManifestReader.read(spec.resolve("manifest.json")).models().get(0).distinctStates());
    }
}
