package org.fencecheck.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model's labels in spec/manifest.json must say what its cfg's CONSTANTS say; a mislabelled model would be
 * counted as evidence for the wrong claim, so it fails the gate (exit 2, one line naming the manifest) before any
 * TLC run.
 */
class LabelCheckTest {

    @TempDir
    Path tmp;

    /** The lines of legacy_none's entry in spec/manifest.json that carry its labels. */
    private static final String LEGACY_NONE = String.join("\n",
            "      \"name\": \"legacy_none\",",
            "      \"module\": \"MCDmaFence\",",
            "      \"config\": \"MCDmaFence_legacy_none.cfg\",",
            "      \"group\": \"default\",",
            "      \"design\": \"legacy\",",
            "      \"driver\": \"none\",",
            "      \"signaledOp\": false,",
            "      \"bound\": \"2 CPUs, 2 fences, 2 cbs, 2 calls\",");

    private int copies;

    private SpecCopy copy() {
        return SpecCopy.of(tmp.resolve("copy" + ++copies)).withShapeModels();
    }

    private void mislabelled(String from, String to, String problem) {
        SpecCopy s = copy();
        s.replace("manifest.json", LEGACY_NONE, LEGACY_NONE.replace(from, to));
        SpecCopy.Run run = s.gate();
        assertEquals(2, run.exitCode(), String.join("\n", run.err()));
        assertEquals(List.of("fencecheck: " + s.spec().resolve("manifest.json") + ": model legacy_none: "
                + problem.replace("{spec}", s.spec().toString())), run.err());
    }

    @Test
    void designLabelDiffersFromTheCfg() {
        mislabelled("\"design\": \"legacy\"", "\"design\": \"reworked\"",
                "label design=reworked but MCDmaFence_legacy_none.cfg has Design = \"legacy\"");
    }

    @Test
    void driverLabelDiffersFromTheCfg() {
        mislabelled("\"driver\": \"none\"", "\"driver\": \"plain\"",
                "label driver=plain but MCDmaFence_legacy_none.cfg has DriverLock = \"none\"");
    }

    @Test
    void signaledOpLabelDiffersFromTheCfg() {
        mislabelled("\"signaledOp\": false", "\"signaledOp\": true",
                "label signaledOp=true but MCDmaFence_legacy_none.cfg has SignaledOp = FALSE");
    }

    @Test
    void mutationLabelOnACorrectModel() {
        mislabelled("\"signaledOp\": false,", "\"signaledOp\": false,\n      \"mutation\": \"no_arm\",",
                "label mutation=no_arm but MCDmaFence_legacy_none.cfg has Mutation = \"none\"");
    }

    @Test
    void boundDiffersFromTheCfg() {
        mislabelled("2 CPUs, 2 fences", "2 CPUs, 3 fences",
                "label bound says 3 fences but MCDmaFence_legacy_none.cfg has NumFences = 2");
        mislabelled("\"2 CPUs,", "\"3 CPUs,",
                "label bound says 3 CPUs but MCDmaFence_legacy_none.cfg has CPUs <- MCCPUs2 (2 elements)");
        mislabelled("2 cbs", "2 callbacks",
                "label bound \"2 CPUs, 2 fences, 2 callbacks, 2 calls\": unknown word \"callbacks\" (not in "
                        + "{spec}/vocabulary.json)");
    }

    @Test
    void moduleLabelMustBeTheCfgsModule() {
        mislabelled("\"module\": \"MCDmaFence\"", "\"module\": \"MCDmaFenceLifetime\"",
                "module MCDmaFenceLifetime but MCDmaFence_legacy_none.cfg is not one of its cfgs (they are named "
                        + "MCDmaFenceLifetime_<model>.cfg)");
    }

    @Test
    void shapeLabelsDifferingFromTheCfg() {
        mislabelled("\"signaledOp\": false,", "\"signaledOp\": false,\n      \"handler\": \"dropped\",",
                "label handler=dropped but MCDmaFence_legacy_none.cfg has Handler = \"held\"");
        mislabelled("\"signaledOp\": false,", "\"signaledOp\": false,\n      \"caller\": \"irq_work\",",
                "label caller=irq_work but MCDmaFence_legacy_none.cfg has Caller = \"process\"");
        mislabelled("\"signaledOp\": false,", "\"signaledOp\": false,\n      \"sideEffect\": true,",
                "label sideEffect=true but MCDmaFence_legacy_none.cfg has OpSideEffect = FALSE");
    }

    /** A cfg constant with a value other than its default needs its label (absent = the default). */
    private void unlabelled(String from, String to, String problem) {
        SpecCopy s = copy();
        s.replace("MCDmaFence_legacy_none.cfg", from, to);
        SpecCopy.Run run = s.gate();
        assertEquals(2, run.exitCode(), String.join("\n", run.err()));
        assertEquals(List.of("fencecheck: " + s.spec().resolve("manifest.json") + ": model legacy_none: " + problem),
                run.err());
    }

    @Test
    void shapeConstantsWithoutTheirLabel() {
        unlabelled("Caller = \"process\"", "Caller = \"callback\"",
                "no label caller but MCDmaFence_legacy_none.cfg has Caller = \"callback\"");
        unlabelled("Handler = \"held\"", "Handler = \"dropped\"",
                "no label handler but MCDmaFence_legacy_none.cfg has Handler = \"dropped\"");
        unlabelled("CheckUnderLock = FALSE", "CheckUnderLock = TRUE",
                "no label checkUnderLock but MCDmaFence_legacy_none.cfg has CheckUnderLock = TRUE");
    }

    /** A value the spec does not know is named with its cfg before TLC would fail on the ASSUME. */
    private void unknownValue(String from, String to, String problem, String label) {
        SpecCopy s = copy();
        s.replace("MCDmaFence_legacy_none.cfg", from, to);
        SpecCopy.Run run = s.gate();
        assertEquals(2, run.exitCode(), String.join("\n", run.err()));
        assertEquals(List.of("fencecheck: " + s.spec().resolve("MCDmaFence_legacy_none.cfg") + ": " + problem
                + " (the values of label " + label + " in " + s.spec().resolve("vocabulary.json") + ")"), run.err());
    }

    @Test
    void unknownDesign() {
        unknownValue("Design = \"legacy\"", "Design = \"v3\"",
                "Design = \"v3\" is not one of \"legacy\", \"reworked\", \"rfc2024\", \"series2026\"", "design");
    }

    @Test
    void unknownDriverLock() {
        unknownValue("DriverLock = \"none\"", "DriverLock = \"mutex\"",
                "DriverLock = \"mutex\" is not one of \"none\", \"irqsave\", \"plain\", \"irq\", \"fence\"", "driver");
    }

    @Test
    void unknownCaller() {
        unknownValue("Caller = \"process\"", "Caller = \"softirq\"",
                "Caller = \"softirq\" is not one of \"process\", \"irq_work\", \"callback\"", "caller");
    }

    @Test
    void unknownHandlerAndOpSignalAndANonBoolean() {
        unknownValue("Handler = \"held\"", "Handler = \"kept\"",
                "Handler = \"kept\" is not one of \"held\", \"dropped\"", "handler");
        unknownValue("OpSignal = \"return_false\"", "OpSignal = \"false\"",
                "OpSignal = \"false\" is not one of \"return_false\", \"signal\", \"locked\"", "opSignal");
        unknownValue("OpSetsError = FALSE", "OpSetsError = 0",
                "OpSetsError = 0 is not one of FALSE, TRUE", "setsError");
    }

    /** The shape models' labels (all six new keys) agree with their cfgs: the gate's checks pass them. */
    @Test
    void shapeModelsPassTheLabelCheck() {
        SpecCopy s = copy();
        org.fencecheck.tlc.Manifest manifest = org.fencecheck.tlc.ManifestReader.read(s.spec().resolve("manifest.json"));
        var cfgs = org.fencecheck.tlc.ManifestChecks.check(manifest, s.spec());
        org.fencecheck.report.SpecData spec = org.fencecheck.report.SpecData.read(s.spec());
        spec.check(manifest);
        LabelCheck.check(manifest, cfgs, spec.vocabulary(), s.spec());
        org.fencecheck.tlc.ModelLabels l = manifest.model("series2026_fence_entry").orElseThrow().labels();
        assertEquals(List.of("fence", "held", "locked", "true", "false", "false", "process"),
                List.of(l.driver(), l.handler(), l.opSignal(), l.text("sideEffect"), l.text("setsError"),
                        l.text("checkUnderLock"), l.caller()));
    }

    @Test
    void brokenModelWithoutItsMutation() {
        SpecCopy s = copy();
        s.replace("manifest.json", "      \"mutation\": \"signal_no_splice\",\n", "");
        SpecCopy.Run run = s.gate();
        assertEquals(2, run.exitCode(), String.join("\n", run.err()));
        assertEquals(List.of("fencecheck: " + s.spec().resolve("manifest.json")
                + ": model broken_signal_no_splice: no label mutation but MCDmaFence_broken_signal_no_splice.cfg"
                + " has Mutation = \"signal_no_splice\""), run.err());
    }
}
