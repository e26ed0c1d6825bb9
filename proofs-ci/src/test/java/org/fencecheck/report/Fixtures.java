package org.fencecheck.report;

import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The report's test data in src/test/resources/report: {@code verdicts-fixture.json}, a small hand-made
 * VerdictReport (an ABBA between two CPUs under legacy/plain, an interrupt self-deadlock under reworked/plain
 * that the manifest did not expect, an ordering violation, TLC's own deadlock of a sleeping waiter, a timed-out
 * liveness model, a broken variant with a stuttering liveness trace, and a cfg the manifest misses), and two
 * traces exactly as the gate wrote them for the real spec ({@code tlc-legacy_irq__*.json}).
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** A test resource of proofs-ci as a path (shared by the report and gate tests). */
    public static Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's spec folder ({@code fencecheck.spec.dir}, set by the build). */
    static Path specDir() {
        String prop = System.getProperty("fencecheck.spec.dir");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "spec");
        return Files.isDirectory(p) ? p : Path.of("spec");
    }

    /** The spec's vocabulary and claims, from spec/vocabulary.json and spec/claims.json. */
    static SpecData spec() {
        return SpecData.read(specDir());
    }

    /** The spec's vocabulary. */
    static Vocabulary vocabulary() {
        return spec().vocabulary();
    }

    static VerdictReport report() {
        try {
            return VerdictJson.read(resource("report/verdicts-fixture.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TraceDocument tlcTrace(String name) {
        try {
            return VerdictJson.gson().fromJson(Files.readString(resource("report/tlc-" + name + ".json"),
                    StandardCharsets.UTF_8), TraceDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    /** The finding of model/property of the fixture. */
    static Finding finding(String model, String property) {
        return Finding.all(report(), vocabulary()).stream()
                .filter(f -> f.model().name().equals(model) && f.verdict().name().equals(property))
                .findFirst().orElseThrow();
    }
}
