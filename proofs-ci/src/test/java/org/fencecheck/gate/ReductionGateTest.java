package org.fencecheck.gate;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.fencecheck.proofs.GateException;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.CfgParser;
import org.fencecheck.tlc.ModelEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --reduction callbacks} (issue 21): a model checked with symmetry over its callbacks has the manifest's
 * verdicts and fewer states, and a verdict that differs from the manifest's fails the run and names the property.
 * Two real models of spec/: series2026_nolock_callback (2,166 states, two violated invariants, both refuted again
 * under the reduction) and broken_reinit (a refutation-only model).
 */
class ReductionGateTest {

    private static final String MODELS = "series2026_nolock_callback,broken_reinit";

    @TempDir
    Path tmp;

    @Test
    void reducedModelsKeepTheManifestVerdictsWithFewerStates() throws IOException {
        SpecCopy copy = SpecCopy.of(tmp);
        Toys.Run run = Toys.gate("--spec", copy.spec().toString(), "--report", tmp.resolve("report").toString(),
                "--only", MODELS, "--reduction", "callbacks");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonObject report = JsonParser.parseString(Files.readString(
                tmp.resolve("report/reduction/reduction.json"))).getAsJsonObject();
        assertEquals(2, report.getAsJsonArray("rows").size(), report.toString());
        JsonObject nolock = null;
        for (var row : report.getAsJsonArray("rows")) {
            if (row.getAsJsonObject().get("name").getAsString().equals("series2026_nolock_callback")) {
                nolock = row.getAsJsonObject();
            }
        }
        assertTrue(nolock != null, report.toString());
        assertTrue(nolock.get("verdictsMatch").getAsBoolean());
        assertTrue(nolock.get("with").getAsLong() < nolock.get("without").getAsLong(), nolock.toString());
        String verdicts = Files.readString(tmp.resolve("report/reduction/verdicts.json"));
        assertTrue(verdicts.contains("\"module\": \"MCDmaFenceCbSym\""), verdicts);
        // the gate's own report folder is left alone
        assertFalse(Files.exists(tmp.resolve("report/verdicts.json")));
    }

    @Test
    void aVerdictOtherThanTheManifestsFailsTheReducedRunAndNamesTheProperty() {
        SpecCopy copy = SpecCopy.of(tmp);
        JsonObject manifest = JsonParser.parseString(copy.read("manifest.json")).getAsJsonObject();
        for (var m : manifest.getAsJsonArray("models")) {
            if (m.getAsJsonObject().get("name").getAsString().equals("series2026_nolock_callback")) {
                m.getAsJsonObject().getAsJsonObject("expect").addProperty("NoCrossCpuDeadlock", "violated");
            }
        }
        copy.write("manifest.json", new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(manifest));
        Toys.Run run = Toys.gate("--spec", copy.spec().toString(), "--report", tmp.resolve("report").toString(),
                "--only", "series2026_nolock_callback", "--reduction", "callbacks");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("NoCrossCpuDeadlock expected violated, got holds"), run.out());
        assertTrue(run.out().contains("DIFFER"), run.out());
    }

    @Test
    void onlyModelsWhoseCallbacksAreInterchangeableAreReduced() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cfgs"));
        String base = "CONSTANTS\n    c1 = c1\n    c2 = c2\n    c3 = c3\n    CPUs <- MCCPUs2\n"
                + "    Cbs = {\"cb1\", \"cb2\"}\nSPECIFICATION Spec\nVIEW View\nSYMMETRY CPUSymmetry\n"
                + "INVARIANTS\n    TypeOK\n";
        assertEquals(java.util.Optional.empty(), CallbackSymmetry.ineligible(model("MCDmaFence"), cfg(dir, base)));
        assertReason("module MCDmaFenceDrivers", model("MCDmaFenceDrivers"), cfg(dir, base));
        assertReason("temporal PROPERTY", model("MCDmaFence"),
                cfg(dir, base.replace("SYMMETRY CPUSymmetry\n", "") + "PROPERTY\n    CallbacksRun\n"));
        assertReason("no SYMMETRY", model("MCDmaFence"), cfg(dir, base.replace("SYMMETRY CPUSymmetry\n", "")));
        assertReason("one callback", model("MCDmaFence"), cfg(dir, base.replace(", \"cb2\"", "")));
        assertReason("not \"cb1\"", model("MCDmaFence"), cfg(dir, base.replace("\"cb2\"", "\"cb3\"")));

        CallbackSymmetry.Reduced r = CallbackSymmetry.reduce(model("MCDmaFence"), cfg(dir, base),
                tmp.resolve("out"));
        String text = Files.readString(r.cfg().path());
        assertEquals(CallbackSymmetry.MODULE, r.model().module());
        assertTrue(text.contains("Cbs <- MCCbs2") && text.contains("cb4 = cb4")
                && text.contains("SYMMETRY CPUCbSymmetry") && !text.contains("\"cb1\""), text);
        assertEquals(java.util.List.of("TypeOK"), r.cfg().invariants());
    }

    @Test
    void badReductionArgumentsAreOneLine() {
        GateException unknown = assertThrows(GateException.class, () -> GateOptions.parse("--reduction", "fences"));
        assertTrue(unknown.getMessage().contains("unknown reduction 'fences'"), unknown.getMessage());
        GateException record = assertThrows(GateException.class,
                () -> GateOptions.parse("--reduction", "callbacks", "--record"));
        assertTrue(record.getMessage().contains("--record does not go with it"), record.getMessage());
        assertEquals(Path.of("out/reduction"),
                GateOptions.parse("--reduction", "callbacks", "--report", "out").report());
    }

    private static ModelEntry model(String module) {
        return new ModelEntry("m", module, "m.cfg", "default", null, 1L, null, Map.of());
    }

    private static CfgFile cfg(Path dir, String text) throws IOException {
        return CfgParser.read(Files.writeString(dir.resolve("m.cfg"), text));
    }

    private static void assertReason(String expected, ModelEntry m, CfgFile cfg) {
        String why = CallbackSymmetry.ineligible(m, cfg).orElse("eligible");
        assertTrue(why.contains(expected), why);
    }
}
