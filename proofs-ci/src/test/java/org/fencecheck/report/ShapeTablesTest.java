package org.fencecheck.report;

import org.fencecheck.proofs.VerdictTable;
import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver-shape models (labels handler, opSignal, sideEffect, setsError, checkUnderLock, caller) are drawn as
 * one table per caller, rows = driver shape, columns = design, in summary.txt and index.html; the gate's terminal
 * table names each model's shape and caller.
 */
class ShapeTablesTest {

    private static final Vocabulary V = Fixtures.vocabulary();

    /** A copy of the fixture's legacy_plain result as a shape model with these labels and these violations. */
    private static ModelResult shaped(String name, ModelLabels labels, List<String> violated, String mismatch) {
        ModelResult base = Fixtures.report().models().stream().filter(m -> m.name().equals("legacy_plain"))
                .findFirst().orElseThrow();
        List<PropertyVerdict> props = new ArrayList<>();
        for (PropertyVerdict p : base.properties()) {
            Verdict actual = violated.contains(p.name()) ? Verdict.VIOLATED : Verdict.HOLDS;
            Verdict expected = p.name().equals(mismatch) ? Verdict.HOLDS : actual;
            props.add(new PropertyVerdict(p.name(), p.kind(), expected, actual, expected == actual, null));
        }
        return new ModelResult(name, base.module(), "MCDmaFence_" + name + ".cfg", "default", labels, base.status(),
                null, props, base.distinctStates(), base.expectedDistinctStates(), base.distinctStatesMatch(),
                base.depth(), base.seconds(), base.totalSeconds(), base.runs(), mismatch == null);
    }

    private static ModelLabels labels(String design, String driver, String opSignal, boolean entry, String caller) {
        return new ModelLabels(design, driver, false, "2 CPUs, 2 fences, 2 cbs, 2 calls", null, null, "held",
                opSignal, entry, false, false, caller);
    }

    private static final List<ModelResult> SHAPES = List.of(
            shaped("legacy_fence_held", labels("legacy", "fence", "return_false", false, "process"),
                    List.of("NoDriverOpUnderFenceLock"), null),
            shaped("series2026_fence_entry", labels("series2026", "fence", "locked", true, "process"), List.of(),
                    null),
            shaped("series2026_fence_held", labels("series2026", "fence", "locked", false, "process"), List.of(),
                    null),
            shaped("series2026_plain", labels("series2026", "plain", "signal", false, "process"),
                    List.of("NoCrossCpuDeadlock"), null),
            shaped("rfc2024_plain_irq_work", labels("rfc2024", "plain", "signal", false, "irq_work"),
                    List.of("NoCrossCpuDeadlock"), "NoCrossCpuDeadlock"));

    private static VerdictReport report() {
        VerdictReport r = Fixtures.report();
        List<ModelResult> models = new ArrayList<>(r.models());
        models.addAll(SHAPES);
        return new VerdictReport(r.generated(), r.manifest(), r.environment(), r.summary(), models);
    }

    @Test
    void shapeStringsComeFromTheVocabularysLabels() {
        assertEquals("fence/held/locked+entry", V.shape(SHAPES.get(1).labels()));
        assertEquals("fence/held+entry", V.shape(SHAPES.get(1).labels(), false));
        assertEquals("locked", V.designParts(SHAPES.get(1).labels()));
        assertEquals("irq_work", V.caller(SHAPES.get(4).labels()));
        assertTrue(SHAPES.stream().allMatch(m -> V.isShapeModel(m.labels())));
        assertTrue(Fixtures.report().models().stream().noneMatch(m -> V.isShapeModel(m.labels())),
                "models without the new labels keep their design x driver matrix");
    }

    @Test
    void shapeModelsLeaveTheDesignByDriverMatrices() {
        VerdictReport r = report();
        List<String> inBlocks = Matrix.blocks(r, V).stream().flatMap(b -> b.models().stream())
                .map(ModelResult::name).toList();
        assertTrue(SHAPES.stream().noneMatch(m -> inBlocks.contains(m.name())), inBlocks.toString());
        List<ShapeGrid<ModelResult>> grids = Matrix.shapeGrids(r, V);
        assertEquals(List.of("process", "irq_work"), grids.stream().map(ShapeGrid::caller).toList());
        ShapeGrid<ModelResult> process = grids.get(0);
        assertEquals(List.of("fence/held", "fence/held+entry", "plain/held"), process.shapes());
        assertEquals(List.of("legacy", "series2026"), process.designs());
        assertEquals("legacy (return_false)", process.header("legacy"));
        assertEquals("series2026", process.header("series2026"), "locked and signal: the cells say which");
        assertEquals("locked: ", process.cellNote("fence/held", "series2026"));
        assertEquals("signal: ", process.cellNote("plain/held", "series2026"));
    }

    @Test
    void summaryDrawsOneTablePerCaller() {
        String summary = EvidenceReport.summary(report(), Fixtures.spec(), null);
        List<String> lines = Fixtures.lines(summary);
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith("caller process -- bound: 2 CPUs, 2 fences, 2 cbs, "
                + "2 calls (4 models);")) {
            at++;
        }
        assertTrue(at < lines.size(), summary);
        int head = at;
        while (!lines.get(head).startsWith("shape")) {
            head++;
        }
        assertEquals("shape             legacy (return_false)  series2026", lines.get(head));
        assertEquals("fence/held        DU                     locked: ok", lines.get(head + 1));
        assertEquals("fence/held+entry  -                      locked: ok", lines.get(head + 2));
        assertEquals("plain/held        -                      signal: XD", lines.get(head + 3));
        assertTrue(lines.contains("plain/held  XD!"), "a verdict that differs from the manifest is marked");
        assertTrue(lines.stream().allMatch(l -> l.length() < 80));
    }

    @Test
    void htmlDrawsOneTablePerCaller() {
        String html = EvidenceReport.html(report(), Fixtures.spec(), null);
        assertTrue(html.contains("<tr><th>driver shape</th><th>legacy (return_false)</th><th>series2026</th></tr>"),
                html);
        assertTrue(html.contains("<tr><td>plain/held</td><td class=\"c v mm\" title=\"rfc2024_plain_irq_work"), html);
        assertTrue(html.contains(">locked: ok</td>"), html);
    }

    @Test
    void terminalTableNamesShapeAndCaller() {
        VerdictReport r = report();
        String table = VerdictTable.format(r, l -> V.isShapeModel(l) ? l.design() + " " + V.shape(l) + ", caller "
                + V.caller(l) : "");
        assertTrue(table.contains("series2026_fence_entry  series2026 fence/held/locked+entry, caller process  "
                + "TypeOK"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("legacy_plain   ")), table);
        assertFalse(VerdictTable.format(Fixtures.report(), l -> "").contains("shape"));
    }
}
