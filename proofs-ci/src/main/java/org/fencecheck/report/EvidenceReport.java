package org.fencecheck.report;

import org.fencecheck.proofs.model.VerdictReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The evidence report of a gate run: writes {@code summary.txt}, {@code index.html} and {@code junit.xml} next to
 * {@code verdicts.json} and {@code traces/} in the report folder.
 */
public final class EvidenceReport {

    /** The files written, relative to the report folder. */
    public static final List<String> FILES = List.of("summary.txt", "index.html", "junit.xml");

    private EvidenceReport() {
    }

    /**
     * Writes the report.
     *
     * @param report    the gate's verdicts (as in verdicts.json)
     * @param spec      the spec's vocabulary and claims
     * @param reportDir the report folder (created if missing)
     * @param root      the repository root whose {@code <module>/target/surefire-reports} are summarised, or null
     * @return the files written
     */
    public static List<Path> write(VerdictReport report, SpecData spec, Path reportDir, Path root)
            throws IOException {
        List<Finding> findings = Finding.all(report, spec.vocabulary());
        List<TestLayers.ModuleResult> layers = TestLayers.read(root);
        Files.createDirectories(reportDir);
        Path summary = reportDir.resolve(FILES.get(0));
        Path html = reportDir.resolve(FILES.get(1));
        Path junit = reportDir.resolve(FILES.get(2));
        Files.writeString(summary, SummaryText.render(report, spec, findings, layers), StandardCharsets.UTF_8);
        Files.writeString(html, Html.render(report, spec, findings, layers), StandardCharsets.UTF_8);
        Files.writeString(junit, JunitXml.render(report, spec.vocabulary(), findings), StandardCharsets.UTF_8);
        return List.of(summary, html, junit);
    }

    /** The text of summary.txt (for tests and callers that print it). */
    public static String summary(VerdictReport report, SpecData spec, Path root) {
        return SummaryText.render(report, spec, Finding.all(report, spec.vocabulary()), TestLayers.read(root));
    }

    /** The text of index.html. */
    public static String html(VerdictReport report, SpecData spec, Path root) {
        return Html.render(report, spec, Finding.all(report, spec.vocabulary()), TestLayers.read(root));
    }

    /** The text of junit.xml. */
    public static String junit(VerdictReport report, SpecData spec) {
        return JunitXml.render(report, spec.vocabulary(), Finding.all(report, spec.vocabulary()));
    }
}
