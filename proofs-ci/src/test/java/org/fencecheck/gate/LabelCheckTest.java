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

    private void mislabelled(String from, String to, String problem) {
        SpecCopy s = SpecCopy.of(tmp.resolve("copy" + ++copies));
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
    void brokenModelWithoutItsMutation() {
        SpecCopy s = SpecCopy.of(tmp.resolve("copy" + ++copies));
        s.replace("manifest.json", "      \"mutation\": \"signal_no_splice\",\n", "");
        SpecCopy.Run run = s.gate();
        assertEquals(2, run.exitCode(), String.join("\n", run.err()));
        assertEquals(List.of("fencecheck: " + s.spec().resolve("manifest.json")
                + ": model broken_signal_no_splice: no label mutation but MCDmaFence_broken_signal_no_splice.cfg"
                + " has Mutation = \"signal_no_splice\""), run.err());
    }
}
