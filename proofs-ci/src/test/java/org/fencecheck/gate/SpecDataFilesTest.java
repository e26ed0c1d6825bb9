package org.fencecheck.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to spec/vocabulary.json and spec/claims.json: each case is one line naming the file and the problem
 * and exit code 2 of the main job, before any TLC run.
 */
class SpecDataFilesTest {

    @TempDir
    Path tmp;

    private int copies;

    private SpecCopy spec() {
        return SpecCopy.of(tmp.resolve("copy" + ++copies)).withShapeModels();
    }

    /** Exit 2 and exactly one line {@code fencecheck: <spec>/<file>: <problem...>}. */
    private static void rejected(SpecCopy s, String file, String problemStart) {
        SpecCopy.Run run = s.gate();
        assertEquals(2, run.exitCode(), String.join("\n", run.err()));
        assertEquals(1, run.err().size(), String.join("\n", run.err()));
        String prefix = "fencecheck: " + s.spec().resolve(file) + ": ";
        String line = run.err().get(0);
        assertTrue(line.startsWith(prefix + problemStart), "expected \"" + prefix + problemStart + "...\", got: " + line);
    }

    // ---- vocabulary.json

    @Test
    void vocabularyMalformedJson() {
        rejected(spec().replace("vocabulary.json", "\"locks\": [", "\"locks\": [,"), "vocabulary.json",
                "malformed JSON: ");
    }

    @Test
    void vocabularyMissingField() {
        rejected(spec().replace("vocabulary.json", "\"abbreviation\": \"TO\", ", ""), "vocabulary.json",
                "properties[0].abbreviation: missing");
    }

    @Test
    void vocabularyUnknownPropertyName() {
        rejected(spec().replace("vocabulary.json", "{\"name\": \"TypeOK\",",
                        "{\"name\": \"NoSuchProperty\", \"abbreviation\": \"ZZ\", \"deadlock\": false},\n    "
                                + "{\"name\": \"TypeOK\","), "vocabulary.json",
                "unknown property \"NoSuchProperty\": no model of manifest.json checks it");
    }

    @Test
    void vocabularyMissesAPropertyAModelChecks() {
        rejected(spec().replace("vocabulary.json",
                        "{\"name\": \"NoNullOpsCall\", \"abbreviation\": \"NN\", \"deadlock\": false},", ""),
                "vocabulary.json", "no entry for property \"NoNullOpsCall\", which model ");
    }

    @Test
    void vocabularyDuplicateIds() {
        rejected(spec().replace("vocabulary.json", "\"abbreviation\": \"C1\"", "\"abbreviation\": \"TO\""),
                "vocabulary.json", "properties[1]: abbreviation \"TO\" of CallbackAtMostOnce is already TypeOK's");
        rejected(spec().replace("vocabulary.json", "{\"name\": \"CallbackAtMostOnce\"", "{\"name\": \"TypeOK\""),
                "vocabulary.json", "properties[1]: duplicate property \"TypeOK\"");
    }

    @Test
    void vocabularyUnknownLockAndLabel() {
        rejected(spec().replace("vocabulary.json", "{\"pc\": \"sig_lock\", \"lock\": \"fence\"",
                "{\"pc\": \"sig_lock\", \"lock\": \"fense\""), "vocabulary.json",
                "acquirePcs[0].lock: unknown lock \"fense\" (not in \"locks\")");
        rejected(spec().replace("vocabulary.json", "{\"label\": \"design\"", "{\"label\": \"desing\""),
                "vocabulary.json", "labels[0].label: unknown label \"desing\"");
    }

    @Test
    void vocabularyLabelTypesValuesAndShapes() {
        rejected(spec().replace("vocabulary.json", "\"constant\": \"OpSideEffect\", \"absent\": false",
                "\"constant\": \"OpSideEffect\", \"absent\": \"false\""), "vocabulary.json",
                "labels[6].absent: must be true or false");
        rejected(spec().replace("vocabulary.json", "\"absent\": \"held\"", "\"absent\": \"kept\""),
                "vocabulary.json", "labels[4].absent: \"kept\" is not one of its values [held, dropped]");
        rejected(spec().replace("vocabulary.json", "\"shape\": \"+entry\"", "\"shape\": \"entry\""),
                "vocabulary.json", "labels[6].shape: \"entry\" must be a flag such as \"+entry\"");
        rejected(spec().replace("vocabulary.json", "\"byDriver\": {\"fence\"", "\"byDriver\": {\"fnce\""),
                "vocabulary.json", "acquirePcs (drv_lock).byDriver: \"fnce\" is not a value of the label \"driver\"");
    }

    // ---- claims.json

    @Test
    void claimsMalformedJson() {
        rejected(spec().replace("claims.json", "\"guarantees\": [", "\"guarantees\": ["
                + "}"), "claims.json", "malformed JSON: ");
    }

    @Test
    void claimsMissingField() {
        rejected(spec().replace("claims.json", "\"models\": {\"design\": \"legacy\"}, \"violated\": true}",
                "\"models\": {\"design\": \"legacy\"}}"), "claims.json",
                "claims[0].predictions[0].violated: missing");
    }

    @Test
    void claimsUnknownPropertyName() {
        rejected(spec().replace("claims.json", "\"properties\": [\"CallbacksInEmissionOrder\"]",
                        "\"properties\": [\"CallbacksInEmisionOrder\"]"), "claims.json",
                "claims[1] (claim2).properties: unknown property \"CallbacksInEmisionOrder\"");
    }

    @Test
    void claimsUnknownAndDuplicateClaimIds() {
        rejected(spec().replace("claims.json", "\"id\": \"claim2\"", "\"id\": \"claim1\""), "claims.json",
                "claims[1]: duplicate claim id \"claim1\"");
        rejected(spec().replace("claims.json", "\"id\": \"claim2\"", "\"id\": \"ordering\""), "claims.json",
                "claims[1].id: \"ordering\" must be claim1, claim2, ...");
    }

    @Test
    void claimsQuoteMustBeTheSeedsText() {
        rejected(spec().replace("claims.json", "call their installed callbacks", "run their installed callbacks"),
                "claims.json", "claims[1] (claim2).quote: not the seed's text");
    }

    @Test
    void claimsPredictionMustSelectAModelByItsLabels() {
        rejected(spec().replace("claims.json", "\"driver\": \"plain\"", "\"driver\": \"plan\""), "claims.json",
                "claim3: prediction \"legacy, plain spin_lock driver: a deadlock\" selects no evidence model");
    }

    @Test
    void claimsCounterexampleMustBeAnExpectedViolation() {
        rejected(spec().replace("claims.json", "{\"model\": \"order_legacy_sig\"", "{\"model\": \"order_legacy\""),
                "claims.json", "claim2.counterexample: model order_legacy is not expected to violate "
                        + "CallbacksInEmissionOrder");
    }

    @Test
    void oneDataFileWithoutTheOther() {
        SpecCopy s = spec();
        assertTrue(s.spec().resolve("claims.json").toFile().delete());
        rejected(s, "claims.json", "file not found");
    }
}
