package org.fencecheck.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's verdict matrix and claims, and docs/counterexamples/<claim>.txt, are generated from spec/ (and the
 * TLC traces); this test fails when a committed file differs from what the generator makes of today's data.
 */
class ReadmeFreshnessTest {

    private static final String HOW = " is stale: regenerate it with `" + ReadmeGenerator.COMMAND + "`";

    @TempDir
    Path tmp;

    private static Path root() {
        return SpecCopy.repositorySpec().toAbsolutePath().normalize().getParent();
    }

    @Test
    void readmeAndCounterexamplesAreWhatTheGeneratorMakes() throws IOException {
        Path root = root();
        for (Map.Entry<Path, String> e : ReadmeGenerator.of(root).files().entrySet()) {
            String committed = Files.readString(e.getKey(), StandardCharsets.UTF_8);
            assertEquals(e.getValue(), committed, root.relativize(e.getKey()) + HOW);
        }
    }

    /** The check can fail: a verdict changed in the manifest changes the generated matrix. */
    @Test
    void aChangedManifestVerdictMakesTheReadmeStale() throws IOException {
        Path root = root();
        SpecCopy copy = SpecCopy.of(tmp).withShapeModels();
        copyDocs(root, tmp);
        copy.replace("manifest.json", "\"NoDriverOpUnderFenceLock\": \"violated\"",
                "\"NoDriverOpUnderFenceLock\": \"holds\"");
        String generated = ReadmeGenerator.of(tmp).files().get(tmp.resolve("README.md"));
        String committed = Files.readString(tmp.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(!generated.equals(committed), "a changed verdict must change the generated matrix");
    }

    /** README.md, docs/drivers.md and the committed traces of the repository, copied next to a spec copy. */
    private static void copyDocs(Path root, Path tmp) throws IOException {
        Files.copy(root.resolve("README.md"), tmp.resolve("README.md"));
        Files.createDirectories(tmp.resolve("docs"));
        Files.copy(root.resolve(DriverAtlasPage.PAGE), tmp.resolve(DriverAtlasPage.PAGE));
        for (String dir : new String[] {ReadmeGenerator.COUNTEREXAMPLES, DriverAtlasPage.TRACES}) {
            Files.createDirectories(tmp.resolve(dir));
            try (var files = Files.list(root.resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, tmp.resolve(dir).resolve(f.getFileName().toString()));
                }
            }
        }
    }

    /** Changes the manifest's expected verdict of one property of one model from {@code from} to {@code to}. */
    private static void expect(SpecCopy copy, String model, String property, String from, String to) {
        String text = copy.read("manifest.json");
        int at = text.indexOf("\"name\": \"" + model + "\"");
        String old = "\"" + property + "\": \"" + from + "\"";
        int p = text.indexOf(old, at);
        assertTrue(at >= 0 && p > at, model + " expects " + property + " " + from);
        copy.write("manifest.json", text.substring(0, p) + "\"" + property + "\": \"" + to + "\""
                + text.substring(p + old.length()));
    }

    /**
     * The driver atlas is generated too: a changed verdict of a driver model changes its cell, which links the
     * violation's trace page, generated from its trace.
     */
    @Test
    void aChangedDriverVerdictChangesTheAtlas() throws IOException {
        SpecCopy copy = SpecCopy.of(tmp).withShapeModels();
        copyDocs(root(), tmp);
        String before = ReadmeGenerator.of(tmp).files().get(tmp.resolve(DriverAtlasPage.PAGE));
        expect(copy, "xe_preempt_legacy", "NoLostCompletion", "holds", "violated");
        Path traces = tmp.resolve(DriverAtlasPage.TRACES);
        Files.writeString(traces.resolve("xe_preempt_legacy__NoLostCompletion.trace.json"),
                Files.readString(traces.resolve("i915_legacy__NoEnableSignalingOnSignaled.trace.json"))
                        .replace("\"model\": \"i915_legacy\"", "\"model\": \"xe_preempt_legacy\"")
                        .replace("\"property\": \"NoEnableSignalingOnSignaled\"", "\"property\": \"NoLostCompletion\""));
        var files = ReadmeGenerator.of(tmp).files();
        String after = files.get(tmp.resolve(DriverAtlasPage.PAGE));
        String row = after.lines().filter(l -> l.startsWith("| xe_preempt: ")).findFirst().orElseThrow();
        assertTrue(!after.equals(before) && row.split("\\|")[2].strip()
                .startsWith("[LC](counterexamples/drivers/xe_preempt_legacy__NoLostCompletion.txt)"), row);
        assertTrue(files.containsKey(traces.resolve("xe_preempt_legacy__NoLostCompletion.txt")), "no trace page");
    }

    /** A violation the atlas shows without a trace, from the report or committed, is one line naming the file. */
    @Test
    void aViolationWithoutItsTraceIsNamed() throws IOException {
        SpecCopy copy = SpecCopy.of(tmp).withShapeModels();
        copyDocs(root(), tmp);
        expect(copy, "xe_preempt_legacy", "NoLostCompletion", "holds", "violated");
        var e = assertThrows(org.fencecheck.tlc.BadInputException.class, () -> ReadmeGenerator.of(tmp).files());
        assertTrue(e.getMessage().contains("xe_preempt_legacy__NoLostCompletion.trace.json"), e.getMessage());
        assertTrue(e.problem().contains("cannot read"), e.problem());
    }

    /** A candidate bug whose violation the manifest no longer expects is one line naming candidates.json. */
    @Test
    void aCandidateWithoutItsViolationIsNamed() throws IOException {
        SpecCopy copy = SpecCopy.of(tmp).withShapeModels();
        copyDocs(root(), tmp);
        expect(copy, "xe_hw_series2026", "NothingAddedAfterSignal", "violated", "holds");
        var e = assertThrows(org.fencecheck.tlc.BadInputException.class, () -> ReadmeGenerator.of(tmp).files());
        assertTrue(e.getMessage().contains("candidates.json"), e.getMessage());
        assertTrue(e.problem().endsWith("(B3).properties: the manifest does not expect xe_hw_series2026 to violate"
                + " NothingAddedAfterSignal"), e.problem());
    }

    /** A driver-shape model's verdict is a cell of its caller's table: row = shape, column = design. */
    @Test
    void aChangedShapeVerdictChangesItsCell() throws IOException {
        SpecCopy copy = SpecCopy.of(tmp).withShapeModels();
        copyDocs(root(), tmp);
        String before = ReadmeGenerator.of(tmp).matrix();
        String text = copy.read("manifest.json");
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("\"name\":\\s*\"legacy_sep_dropped\"")
                .matcher(text);
        int at = name.find() ? name.start() : -1;
        java.util.regex.Matcher ai = java.util.regex.Pattern.compile("\"AtomicCallerKeepsIrqsOff\":\\s*\"holds\"")
                .matcher(text);
        assertTrue(at >= 0 && ai.find(at), "legacy_sep_dropped expects AtomicCallerKeepsIrqsOff to hold");
        copy.write("manifest.json", text.substring(0, ai.start()) + "\"AtomicCallerKeepsIrqsOff\": \"violated\""
                + text.substring(ai.end()));
        String after = ReadmeGenerator.of(tmp).matrix();
        assertTrue(!after.equals(before));
        // the shape may have a row in more than one grid of the table (a second model of the same shape, design
        // and caller opens another: the reference models share irqsave/dropped); one of them is the model's
        java.util.List<String> rows = after.lines().filter(l -> l.startsWith("| irqsave/dropped | ")).toList();
        assertTrue(rows.stream().map(r -> r.split("\\|")[2].strip())
                .anyMatch(cell -> cell.endsWith("AI") || cell.contains("AI ")), String.join("\n", rows));
        assertTrue(after.contains("Caller `process`"), after);
    }

    /** A README without the marker comments is one clear error, not a silently ungenerated section. */
    @Test
    void missingMarkersAreNamed() throws IOException {
        SpecCopy.of(tmp).withShapeModels();
        Files.writeString(tmp.resolve("README.md"), "# no markers\n");
        var e = assertThrows(org.fencecheck.tlc.BadInputException.class, () -> ReadmeGenerator.of(tmp).files());
        assertTrue(e.problem().startsWith("no generated section \"verdict-matrix\""), e.problem());
    }
}
