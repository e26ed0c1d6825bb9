package org.fencecheck.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate writes the evidence report (org.fencecheck.report) next to verdicts.json: one small toy run. */
class GateReportHookTest {

    private static final String MANIFEST = """
            { "tlc": {"workers": 1, "heap": "512m", "timeoutSeconds": 120},
              "models": [
                {"name": "broken", "module": "Mutex", "config": "Mutex_refute.cfg", "group": "broken",
                 "mutation": "no_lock_check",
                 "expect": {"MutualExclusion": "violated", "NoLockStealing": "violated"}}
              ] }
            """;

    @Test
    void summaryHtmlAndJunitAreWrittenWithTheVerdicts(@TempDir Path tmp) throws Exception {
        Path spec = Toys.specDir(tmp, MANIFEST, "Mutex.tla", "Mutex_refute.cfg");
        Path report = tmp.resolve("report");
        Toys.Run run = Toys.gate("--spec", spec.toString(), "--report", report.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        for (String f : new String[] {"verdicts.json", "summary.txt", "index.html", "junit.xml"}) {
            assertTrue(Files.isRegularFile(report.resolve(f)), f);
        }
        assertTrue(run.out().contains("report: " + report.resolve("junit.xml")), run.out());
        String summary = Files.readString(report.resolve("summary.txt"));
        assertTrue(summary.contains("broken: MutualExclusion violated (as expected)"), summary);
        assertTrue(summary.lines().allMatch(l -> l.length() < 80), summary);
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(Toys.resource("junit-10.xsd").toFile()).newValidator()
                .validate(new StreamSource(report.resolve("junit.xml").toFile()));
        assertTrue(Files.readString(report.resolve("index.html")).contains("<svg class=\"timeline\""));
    }

    @Test
    void anUnwritableReportIsAnIoError(@TempDir Path tmp) throws IOException {
        Path spec = Toys.specDir(tmp, MANIFEST, "Mutex.tla", "Mutex_refute.cfg");
        Path report = tmp.resolve("report");
        Files.createDirectories(report.resolve("summary.txt"));
        Toys.Run run = Toys.gate("--spec", spec.toString(), "--report", report.toString());
        assertEquals(3, run.exitCode());
        assertTrue(run.errors().stream().anyMatch(l -> l.contains("cannot write the evidence report")),
                String.join("\n", run.err()));
        assertTrue(Files.isRegularFile(report.resolve("verdicts.json")));
    }
}
