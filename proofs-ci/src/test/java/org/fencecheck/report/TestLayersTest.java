package org.fencecheck.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestLayersTest {

    private static void surefire(Path root, String module, String cls, String attrs) throws IOException {
        Path dir = Files.createDirectories(root.resolve(module).resolve("target/surefire-reports"));
        Files.writeString(dir.resolve("TEST-" + cls + ".xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"" + cls + "\" " + attrs + "><testcase name=\"a\" classname=\"" + cls
                + "\" time=\"0.1\"/></testsuite>\n");
    }

    @Test
    void countsPerModuleAndClass(@TempDir Path root) throws IOException {
        surefire(root, "impl", "org.fencecheck.fence.WaitTest",
                "time=\"1.5\" tests=\"8\" errors=\"0\" skipped=\"1\" failures=\"0\"");
        surefire(root, "impl", "org.fencecheck.sim.SimTest",
                "time=\"0.5\" tests=\"10\" errors=\"1\" skipped=\"0\" failures=\"2\"");
        surefire(root, "property-tests", "org.fencecheck.props.ModelBasedTest",
                "time=\"5\" tests=\"17\" errors=\"0\" skipped=\"0\" failures=\"0\"");
        Files.writeString(root.resolve("property-tests/target/surefire-reports/TEST-broken.xml"), "<testsuite");
        List<TestLayers.ModuleResult> layers = TestLayers.read(root);
        assertEquals(List.of("impl", "lincheck-tests", "property-tests"),
                layers.stream().map(m -> m.layer().module()).toList());
        TestLayers.ModuleResult impl = layers.get(0);
        assertEquals(List.of("fence.WaitTest", "sim.SimTest"),
                impl.classes().stream().map(TestLayers.ClassResult::name).toList());
        assertEquals(18, impl.tests());
        assertEquals(2, impl.failures());
        assertEquals(1, impl.errors());
        assertEquals(1, impl.skipped());
        assertFalse(layers.get(1).present());
        assertEquals(1, layers.get(2).unreadable().size());

        String summary = SummaryText.render(Fixtures.report(), Fixtures.spec(), List.of(), layers);
        assertTrue(summary.contains("  18 tests, 2 failures, 1 errors, 1 skipped, 2.0 s; reports of "), summary);
        assertTrue(summary.contains("    sim.SimTest                                10 tests    0.5 s  FAILED 2+1"),
                summary);
        assertTrue(summary.contains("lincheck-tests: Lincheck"), summary);
        assertTrue(summary.contains("  no Surefire reports (module not built or tested in this checkout)"), summary);
    }

    private static void pit(Path root, String body) throws IOException {
        Path dir = Files.createDirectories(root.resolve("impl/target/pit-reports"));
        Files.writeString(dir.resolve("mutations.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
    }

    private static String mutation(String status) {
        return "<mutation detected=\"" + !status.equals("SURVIVED") + "\" status=\"" + status + "\"><sourceFile>"
                + "DmaFence.java</sourceFile><mutatedClass>org.fencecheck.fence.DmaFence</mutatedClass>"
                + "<mutatedMethod>signal</mutatedMethod><lineNumber>10</lineNumber></mutation>";
    }

    @Test
    void pitScoreOfImplIsShownWithItsStatuses(@TempDir Path root) throws IOException {
        surefire(root, "impl", "org.fencecheck.fence.WaitTest",
                "time=\"1.5\" tests=\"8\" errors=\"0\" skipped=\"0\" failures=\"0\"");
        pit(root, "<mutations>" + mutation("KILLED") + mutation("KILLED") + mutation("TIMED_OUT")
                + mutation("SURVIVED") + mutation("NO_COVERAGE") + mutation("NON_VIABLE") + "</mutations>");
        List<TestLayers.ModuleResult> layers = TestLayers.read(root);
        MutationScore s = layers.get(0).pit();
        assertEquals(3, s.detected());
        assertEquals(5, s.mutants());
        assertEquals("PIT mutation score 60% (3 of 5 mutants detected; 1 NON_VIABLE, 1 NO_COVERAGE, 1 SURVIVED, "
                + "1 TIMED_OUT)", s.describe());
        assertEquals(null, layers.get(1).pit());
        String summary = SummaryText.render(Fixtures.report(), Fixtures.spec(), List.of(), layers);
        assertTrue(summary.contains("  PIT mutation score 60% (3 of 5 mutants detected;"), summary);
        assertTrue(Html.render(Fixtures.report(), Fixtures.spec(), List.of(), layers)
                .contains("PIT mutation score 60%"));
    }

    @Test
    void malformedPitReportIsOneLineNamingTheFile(@TempDir Path root) throws IOException {
        pit(root, "<mutations><mutation detected=\"true\"></mutation></mutations>");
        assertEquals("PIT report unreadable: target/pit-reports/mutations.xml: mutation 1 has no status",
                TestLayers.read(root).get(0).pit().describe());
        pit(root, "<testsuite/>");
        assertEquals("PIT report unreadable: target/pit-reports/mutations.xml: root element is <testsuite>, not "
                + "<mutations>", TestLayers.read(root).get(0).pit().describe());
    }
}
