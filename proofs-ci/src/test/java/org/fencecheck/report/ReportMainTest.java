package org.fencecheck.report;

import org.fencecheck.proofs.model.VerdictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportMainTest {

    @Test
    void rendersTheThreeFilesFromVerdictsJson(@TempDir Path dir) throws IOException {
        Path report = Files.createDirectories(dir.resolve("report"));
        VerdictJson.write(Fixtures.report(), report.resolve("verdicts.json"));
        assertEquals(0, ReportMain.run(new String[] {"--report", report.toString(), "--large"}));
        for (String f : EvidenceReport.FILES) {
            assertTrue(Files.size(report.resolve(f)) > 1000, f);
        }
        assertTrue(Files.readString(report.resolve("summary.txt")).startsWith("fencecheck: TLC verdicts"));
    }

    @Test
    void missingVerdictsAndBadOptions(@TempDir Path dir) {
        assertEquals(3, ReportMain.run(new String[] {"--report", dir.toString()}));
        assertEquals(2, ReportMain.run(new String[] {"--bogus"}));
        assertEquals(2, ReportMain.run(new String[] {"--report"}));
    }
}
