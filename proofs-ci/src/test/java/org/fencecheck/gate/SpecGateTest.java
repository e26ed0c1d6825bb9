package org.fencecheck.gate;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate itself, as a test: TLC checks every default and broken configuration of {@code spec/} and every
 * verdict and distinct-state count must equal the manifest's. This is what makes {@code mvn verify} (the CI
 * command) fail when the model or a configuration changes a verdict.
 */
class SpecGateTest {

    private static int exit;
    private static String stdout;
    private static String stderr;
    private static VerdictReport report;

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
