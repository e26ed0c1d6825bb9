package org.fencecheck.gate;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.CounterexampleStore;
import org.fencecheck.tlc.TlcJar;
import org.fencecheck.tlc.Verdict;
import org.fencecheck.tlc.ViolationKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate itself, as a test: TLC checks every default and broken configuration of {@code spec/} and every
 * verdict and distinct-state count must equal the manifest's. This is what makes {@code mvn verify} (the CI
 * command) fail when the model or a configuration changes a verdict.
 *
 * <p>Every counterexample the gate found is also put into tlc-io's {@link CounterexampleStore} under the repository's
 * {@code target/tlc-cache}, keyed by the spec's modules, the model's cfg, the property and the TLC options: the
 * property tests, later in the same build, drive TLC's counterexamples onto impl and take them from there instead
 * of running TLC on the same models again.
 */
class SpecGateTest {

    private static int exit;
    private static String stdout;
    private static String stderr;
    private static VerdictReport report;
    private static List<Path> stored;

    @BeforeAll
    static void runGate() throws IOException {
        Path spec = Paths.get(System.getProperty("fencecheck.spec.dir", "../spec")).toAbsolutePath();
        Path out = Paths.get("target", "gate-report").toAbsolutePath();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        exit = Gate.execute(new String[] {"--spec", spec.toString(), "--report", out.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                false);
        stdout = o.toString(StandardCharsets.UTF_8);
        stderr = e.toString(StandardCharsets.UTF_8);
        System.out.println(stdout);
        Path verdicts = out.resolve(GateRun.VERDICTS);
        report = Files.exists(verdicts) ? VerdictJson.read(verdicts) : null;
        stored = report == null ? List.of() : store(report, spec, new CounterexampleStore(
                CounterexampleStore.defaultDir(spec)));
    }

    /**
     * Stores every counterexample of {@code report} (models of {@code spec}) that is TLC's answer for the property
     * checked alone ({@link #storable}); returns the files written.
     */
    static List<Path> store(VerdictReport report, Path spec, CounterexampleStore store) throws IOException {
        List<Path> out = new ArrayList<>();
        for (ModelResult m : report.models()) {
            for (PropertyVerdict p : m.properties()) {
                if (storable(m, p)) {
                    out.add(store.put(CounterexampleStore.key(TlcJar.locate(), spec, m.module(),
                            spec.resolve(m.config()), p.name(), report.environment().workers(), List.of()),
                            new CounterexampleStore.Entry(p.violation().kind(), p.violation().message(),
                                    p.violation().trace())));
                }
            }
        }
        return out;
    }

    /**
     * Whether the gate's trace for {@code p} answers property-tests' question (TLC's counterexample to {@code p}
     * checked alone, no deadlock check). For a safety violation it always does, whatever else the refuting run
     * checked: with one worker TLC generates the states in an order fixed by the spec and the constants, checks
     * every new state against the invariants (and action properties) and stops at the first violating one, so the
     * first state violating {@code p} and its path are the same (StoredCounterexampleTest compares them). A
     * temporal counterexample comes out of TLC's search of the whole behaviour graph for the properties of that
     * run: it is stored only when the refuting run checked {@code p} and nothing else, the same question.
     */
    static boolean storable(ModelResult m, PropertyVerdict p) {
        if (p.actual() != Verdict.VIOLATED || p.violation() == null || p.violation().trace() == null
                || p.violation().trace().states().isEmpty()) {
            return false;
        }
        if (p.violation().kind() != ViolationKind.TEMPORAL) {
            return true;
        }
        return m.runs().stream().anyMatch(r -> p.name().equals(r.refuted()) && r.checked().equals(List.of(p.name())));
    }

    @Test
    void everyVerdictAndStateCountMatchesTheManifest() {
        assertEquals(0, exit, () -> "gate failed:\n" + stdout + "\n" + stderr);
    }

    @Test
    void everyBrokenVariantIsRefutedByTlcWithATrace() {
        assertNotNull(report, "verdicts.json was not written");
        var broken = report.models().stream().filter(m -> "broken".equals(m.group())).toList();
        assertFalse(broken.isEmpty(), "no broken variants were checked");
        assertAll(broken.stream().map(m -> () -> assertRefuted(m)));
    }

    private static void assertRefuted(ModelResult m) {
        var refuted = m.properties().stream()
                .filter(p -> p.expected() == Verdict.VIOLATED).toList();
        assertFalse(refuted.isEmpty(), m.name() + " expects no violation");
        for (PropertyVerdict p : refuted) {
            assertEquals(Verdict.VIOLATED, p.actual(), m.name() + ": " + p.name());
            assertNotNull(p.violation(), m.name() + ": " + p.name() + " has no counterexample");
        }
    }

    /** Each violation's trace is in the store and reads back as the gate recorded it. */
    @Test
    void everyCounterexampleIsStoredForTheLaterModules() throws IOException {
        assertNotNull(report, "verdicts.json was not written");
        Path spec = Paths.get(System.getProperty("fencecheck.spec.dir", "../spec")).toAbsolutePath();
        CounterexampleStore store = new CounterexampleStore(CounterexampleStore.defaultDir(spec));
        long storable = report.models().stream().mapToLong(m -> m.properties().stream()
                .filter(p -> storable(m, p)).count()).sum();
        assertTrue(storable > 0, "no counterexample to store");
        assertEquals(storable, stored.size(), "one stored counterexample per storable violation");
        for (ModelResult m : report.models()) {
            for (PropertyVerdict p : m.properties()) {
                if (storable(m, p)) {
                    var e = store.find(CounterexampleStore.key(TlcJar.locate(), spec, m.module(),
                            spec.resolve(m.config()), p.name(), report.environment().workers(), List.of()));
                    assertTrue(e.isPresent(), m.name() + " " + p.name() + " is not in " + store.dir());
                    assertEquals(p.violation().trace(), e.get().trace(), m.name() + " " + p.name());
                }
            }
        }
    }

    @Test
    void everyPropertyOfTheSpecIsRefutedSomewhere() {
        assertNotNull(report, "verdicts.json was not written");
        var names = report.models().stream().flatMap(m -> m.properties().stream()).map(PropertyVerdict::name)
                .filter(n -> !CfgFile.DEADLOCK.equals(n)).distinct().toList();
        assertAll(names.stream().map(n -> () -> assertTrue(report.models().stream()
                .flatMap(m -> m.properties().stream())
                .anyMatch(p -> p.name().equals(n) && p.actual() == Verdict.VIOLATED),
                n + " is never violated by any configuration: it cannot be shown able to fail")));
    }
}
