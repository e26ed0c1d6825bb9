package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.ModelLabels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimsTest {

    private static final VerdictReport R = Fixtures.report();
    private static final ClaimBook BOOK = Fixtures.spec().claims();

    @Test
    void theFourClaimsOfTheSeedInOrder() {
        assertEquals(List.of("claim1", "claim2", "claim3", "claim4"), BOOK.claims().stream().map(ClaimBook.Claim::id).toList());
        assertEquals(List.of("EnableSignalingSerializedWithSignal", "NoEnableSignalingOnSignaled"),
                BOOK.claims().get(0).properties());
        assertEquals(List.of("CallbacksInEmissionOrder"), BOOK.claims().get(1).properties());
        assertEquals(List.of("NoDriverOpUnderFenceLock", "NoSelfDeadlock", "NoCrossCpuDeadlock"),
                BOOK.claims().get(2).properties());
        assertEquals(List.of("NoCodeAfterUnload", "QueriesAnswerAfterUnload", "OpsDetachedOnSignal",
                "UnloadCompletes"), BOOK.claims().get(3).properties());
        assertNull(BOOK.claims().get(3).notModelled());
    }

    /** Every property the mapping names is defined in the spec, so a rename cannot silently empty a row. */
    @Test
    void everyMappedPropertyExistsInTheSpec() throws IOException {
        Path props = specDir().resolve("DmaFenceProps.tla");
        String text = Files.readString(props) + Files.readString(specDir().resolve("DmaFenceLifetimeProps.tla"));
        List<String> defined = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^([A-Za-z][A-Za-z0-9_]*)\\s*==").matcher(text);
        while (m.find()) {
            defined.add(m.group(1));
        }
        List<String> named = new ArrayList<>();
        BOOK.claims().forEach(c -> named.addAll(c.properties()));
        BOOK.claims().forEach(c -> c.predictions().forEach(p -> named.addAll(p.anyOf())));
        BOOK.guarantees().forEach(g -> named.add(g.property()));
        for (String n : named) {
            assertTrue(defined.contains(n), n + " is not defined in " + props + " or DmaFenceLifetimeProps.tla");
        }
    }

    private static Path specDir() {
        return Fixtures.specDir();
    }

    @Test
    void predictionsAreJudgedByTheRunOnEvidenceModelsOnly() {
        Claims.Outcome c1 = Claims.evaluate(R, BOOK.claims().get(0).predictions().get(0));
        assertEquals("contradicted", c1.word());
        assertEquals(List.of("legacy_plain"), c1.disagree());
        Claims.Outcome c2 = Claims.evaluate(R, BOOK.claims().get(1).predictions().get(0));
        assertEquals("confirmed", c2.word());
        assertEquals(List.of("order_legacy_sig"), c2.agree());
        Claims.Outcome c3 = Claims.evaluate(R, BOOK.claims().get(2).predictions().get(1));
        assertEquals("confirmed", c3.word());
        assertEquals(List.of("legacy_plain"), c3.agree());
        assertEquals(Map.of("NoCrossCpuDeadlock", List.of("legacy_plain")), c3.via());
        // broken_no_arm (legacy, mutation no_arm) violates CallbacksEventuallyRun but is no evidence
        assertEquals("not checked", Claims.describe(Claims.tally(R, "CallbacksEventuallyRun", "legacy")));
        assertEquals("unknown in 1: live_reworked_irq",
                Claims.describe(Claims.tally(R, "CallbacksEventuallyRun", "reworked")));
    }

    @Test
    void reworkChangesPairModelsThatDifferOnlyInTheDesign() {
        List<Claims.Change> changes = Claims.reworkChanges(R);
        Map<String, List<String>> breaks = Claims.grouped(changes, true);
        Map<String, List<String>> fixes = Claims.grouped(changes, false);
        assertEquals(Map.of("EnableSignalingSerializedWithSignal", List.of("*_plain"),
                "NoSelfDeadlock", List.of("*_plain")), breaks);
        assertEquals(Map.of("NoCrossCpuDeadlock", List.of("*_plain"),
                "NoDriverOpUnderFenceLock", List.of("*_plain")), fixes);
    }

    @Test
    void theSummarySaysSoHonestly() {
        String s = EvidenceReport.summary(R, Fixtures.spec(), null).replaceAll("\\s+", " ");
        assertTrue(s.contains("claim4: The locking must be reworked so that fences can outlive the module of their"
                + " driver."), s);
        // the fixture has no lifetime model: claim 4's predictions are reported as unchecked, never as confirmed
        assertTrue(s.contains("=> legacy: a fence that outlives its module reaches the freed module: NO CHECK IN "
                + "THIS RUN"), s);
        assertTrue(s.contains("=> legacy: the fence gets signaled while ->enable_signaling runs: CONTRADICTED (TLC"
                + " agrees in 0 of 1 models; not in legacy_plain)"), s);
        assertTrue(s.contains("=> legacy with ->signaled: callbacks run out of emission order: CONFIRMED"), s);
        assertTrue(s.contains("=> legacy, plain spin_lock driver: a deadlock: CONFIRMED (TLC agrees in 1 of 1 models);"
                + " NoCrossCpuDeadlock violated in legacy_plain"), s);
        assertTrue(s.contains("NoSelfDeadlock legacy holds in all 1 reworked violated in all 1: reworked_plain"), s);
    }

    /**
     * The labels decide which claim a model is evidence for: relabelled as an irq driver, legacy_plain no longer
     * confirms claim 3's plain-driver prediction (which is why the gate checks labels against the cfg).
     */
    @Test
    void aModelsLabelsDecideWhichPredictionItIsEvidenceFor() {
        ClaimBook.Prediction plainDeadlock = BOOK.claim("claim3").orElseThrow().predictions().get(1);
        assertEquals(List.of("legacy_plain"), Claims.evaluate(R, plainDeadlock).agree());
        List<ModelResult> relabelled = R.models().stream().map(m -> !m.name().equals("legacy_plain") ? m
                : new ModelResult(m.name(), m.module(), m.config(), m.group(), new ModelLabels(m.labels().design(),
                "irq", m.labels().signaledOp(), m.labels().bound(), null, null), m.status(), m.error(),
                m.properties(), m.distinctStates(), m.expectedDistinctStates(), m.distinctStatesMatch(), m.depth(),
                m.seconds(), m.totalSeconds(), m.runs(), m.passed())).toList();
        VerdictReport r2 = new VerdictReport(R.generated(), R.manifest(), R.environment(), R.summary(), relabelled);
        assertEquals("no check in this run", Claims.evaluate(r2, plainDeadlock).word());
    }
}
