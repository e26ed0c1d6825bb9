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
}
