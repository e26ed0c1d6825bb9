package org.fencecheck.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.CfgParser;
import org.fencecheck.tlc.CounterexampleStore;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.TlcInvocation;
import org.fencecheck.tlc.TlcJar;
import org.fencecheck.tlc.TlcLauncher;
import org.fencecheck.tlc.TraceEnd;
import org.fencecheck.tlc.Verdict;
import org.fencecheck.tlc.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why the property tests may take the gate's counterexamples instead of running TLC: what SpecGateTest stores for
 * a safety property is exactly TLC's answer to that property checked alone without deadlock checking
 * (property-tests' own request), for an invariant refuted in a later run of the refutation and for one refuted
 * first. A temporal property is stored only when the gate's refuting run checked it alone, i.e. asked TLC the
 * very same question; TLC's lasso for it is not reproducible even then (TLC draws its fingerprint polynomial at
 * random, "fp N" in its output, and its liveness search walks the behaviour graph in fingerprint order: three runs
 * of broken_no_arm's cfg gave three different lassos), so for it the test checks the kind and the shape of the
 * stored trace, not equality. Three small models of spec/ (under 300 distinct states each).
 */
class StoredCounterexampleTest {

    static final String MODELS = "broken_add_insert_unlocked,broken_signal_plain_lock,broken_no_arm";

    @TempDir
    Path tmp;

    @Test
    void theStoredTraceIsTlcsAnswerForThePropertyAlone() throws IOException {
        Path spec = SpecCopy.repositorySpec().toAbsolutePath().normalize();
        Toys.Run run = Toys.gate("--spec", spec.toString(), "--report", tmp.resolve("report").toString(), "--only",
                MODELS);
        assertEquals(0, run.exitCode(), run.out() + String.join("\n", run.err()));
        VerdictReport report = VerdictJson.read(tmp.resolve("report").resolve(GateRun.VERDICTS));
        CounterexampleStore store = new CounterexampleStore(tmp.resolve("store"));
        List<Path> files = SpecGateTest.store(report, spec, store);
        assertFalse(files.isEmpty());

        int compared = 0;
        int temporals = 0;
        for (ModelResult m : report.models()) {
            CfgFile cfg = CfgParser.read(spec.resolve(m.config()));
            for (PropertyVerdict p : m.properties()) {
                if (p.actual() != Verdict.VIOLATED || p.name().equals(CfgFile.DEADLOCK)) {
                    continue;
                }
                boolean temporal = cfg.properties().contains(p.name());
                Path alone = tmp.resolve(m.name() + "-" + p.name() + ".cfg");
                Files.writeString(alone, temporal ? cfg.derive(List.of(), List.of(p.name()), false)
                        : cfg.derive(List.of(p.name()), List.of(), false));
                RunOutcome o = new TlcLauncher(t -> { }).run(new TlcInvocation(TlcJar.locate(), spec, m.module(),
                        alone, report.environment().workers(), "1g", 120));
                assertTrue(o.isViolation(), m.name() + " " + p.name() + " alone: " + o.kind() + " " + o.error());
                var stored = store.find(CounterexampleStore.key(TlcJar.locate(), spec, m.module(),
                        spec.resolve(m.config()), p.name(), report.environment().workers(), List.of()));
                assertTrue(stored.isPresent(), m.name() + " " + p.name() + " was not stored");
                assertEquals(o.kind().violationKind(), stored.get().kind(), m.name() + " " + p.name());
                assertNotNull(o.trace());
                if (temporal) {
                    assertTrue(SpecGateTest.storable(m, p), m.name() + " " + p.name());
                    assertTrue(stored.get().trace().end() != TraceEnd.FINITE, "a lasso: " + stored.get().trace().end());
                    assertEquals(o.trace().variables(), stored.get().trace().variables());
                    temporals++;
                    continue;
                }
                assertEquals(o.trace(), stored.get().trace(), m.name() + " " + p.name()
                        + ": the gate's trace differs from TLC's for the property alone");
                compared++;
            }
        }
        assertEquals(files.size() - report.models().stream().flatMap(m -> m.properties().stream())
                .filter(p -> p.actual() == Verdict.VIOLATED && p.name().equals(CfgFile.DEADLOCK)).count(),
                compared + temporals);
        assertEquals(2, compared, "the safety counterexamples compared");
        assertEquals(1, temporals, "broken_no_arm's lasso");
    }
}
