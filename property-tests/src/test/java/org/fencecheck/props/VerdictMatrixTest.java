package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Priority 5: the implementation's verdict matrix equals the spec's. For every model of spec/manifest.json
 * (policy x driver x ->signaled, plus the broken variants the tests have a Java copy of), every property the
 * model's cfg checks (invariants, Deadlock, liveness properties) gets the implementation's verdict, which must
 * equal the manifest's; a violation comes with its shrunk run and seed. The table is printed and written to
 * target/fencecheck/matrix.txt.
 */
class VerdictMatrixTest {

    @Test
    void implementationMatrixEqualsSpecMatrix() throws IOException {
        VerdictMatrix vm = VerdictMatrix.load();
        List<String> mismatches = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> props = new LinkedHashSet<>();
        for (VerdictMatrix.Model m : vm.models()) {
            props.addAll(m.expect().keySet());
        }
        StringBuilder t = new StringBuilder();
        t.append("verdict matrix: spec (").append(vm.source()).append(vm.isFixture() ? ", FIXTURE: spec/manifest.json"
                + " absent" : "").append(") vs implementation (seed ").append(PropertyCheck.seed()).append(", ")
                .append(PropertyCheck.examples(ImplVerdicts.EXAMPLES)).append(" examples per model)\n");
        t.append("cell: spec verdict / implementation verdict (h = holds, V = violated, V* = violated, found by "
                + "replaying TLC's counterexample after random search found none, - = not checked); ! = mismatch\n");
        t.append(String.format("%-24s", "model"));
        List<String> cols = new ArrayList<>(props);
        for (int i = 0; i < cols.size(); i++) {
            t.append(String.format(" %5s", "p" + (i + 1)));
        }
        t.append('\n');
        int cells = 0;
        for (VerdictMatrix.Model m : vm.models()) {
            if (m.group().equals("large")) {
                continue;
            }
            if (!ImplVerdicts.supported(m)) {
                skipped.add(m.name() + " (mutation " + m.spec().mutation() + " has no Java variant)");
                continue;
            }
            t.append(String.format("%-24s", m.name()));
            for (String p : cols) {
                String exp = m.expect().get(p);
                if (exp == null) {
                    t.append(String.format(" %5s", "-"));
                    continue;
                }
                if (!PropertyCheck.known(p)) {
                    mismatches.add(m.name() + ": " + p + " has no Java twin");
                    t.append(String.format(" %5s", "?"));
                    continue;
                }
                PropertyCheck.Verdict v = ImplVerdicts.get(m, p);
                cells++;
                boolean ok = v.word().equals(exp);
                t.append(String.format(" %5s", (ok ? "" : "!") + abbr(exp) + "/" + abbr(v.word())
                        + (v.guided() != null && v.violated() ? "*" : "")));
                if (!ok) {
                    mismatches.add(m.name() + " " + p + ": spec " + exp + ", implementation " + v.word() + "\n"
                            + v.report());
                }
            }
            t.append('\n');
        }
        for (int i = 0; i < cols.size(); i++) {
            t.append(String.format("  p%-3d %s%n", i + 1, cols.get(i)));
        }
        if (!skipped.isEmpty()) {
            t.append("not compared: ").append(skipped).append('\n');
        }
        t.append(cells).append(" cells compared, ").append(mismatches.size()).append(" mismatches\n");
        for (VerdictMatrix.Model m : vm.models()) {
            if (ImplVerdicts.supported(m) && !m.group().equals("large")) {
                t.append(ImplVerdicts.coverage(m).report(m.name()));
            }
        }
        System.out.println(t);
        Path out = Path.of(System.getProperty("fencecheck.report.dir", "target/fencecheck"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("matrix.txt"), t + "\n" + String.join("\n", mismatches));
        assertTrue(cells > 0, "nothing compared");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " cells differ:\n" + String.join("\n", mismatches));
        }
    }

    private static String abbr(String w) {
        return w.equals("holds") ? "h" : w.equals("violated") ? "V" : "?";
    }

    /** The manifest reader understands the gate's format (the example of proofs-ci/README.md). */
    @Test
    void readsTheGatesManifestFormat() throws IOException {
        Path dir = Files.createTempDirectory("fencecheck-manifest");
        Files.copy(VerdictMatrix.fixtureDir().resolve("MCDmaFence_legacy_none.cfg"),
                dir.resolve("MCDmaFence_legacy_plain.cfg"));
        Files.writeString(dir.resolve("manifest.json"), """
                { "tlc": {"workers": 1, "heap": "2g", "timeoutSeconds": 300},
                  "models": [
                    { "name": "legacy_plain", "module": "MCDmaFence", "config": "MCDmaFence_legacy_plain.cfg",
                      "group": "default",
                      "design": "legacy", "driver": "plain", "signaledOp": false,
                      "bound": "2 CPUs, 2 fences, 2 callbacks",
                      "distinctStates": 12345,
                      "expect": {"TypeOK": "holds", "NoSelfDeadlock": "violated", "Deadlock": "holds"} } ],
                  "ignoreConfigs": ["scratch.cfg"] }
                """);
        VerdictMatrix vm = VerdictMatrix.read(dir.resolve("manifest.json"), false);
        assertEquals(1, vm.models().size());
        VerdictMatrix.Model m = vm.models().get(0);
        assertEquals("legacy_plain", m.name());
        assertEquals("violated", m.expect().get("NoSelfDeadlock"));
        assertEquals(2, m.spec().cpus());
        assertEquals(2, m.spec().maxCalls());
        assertEquals(List.of("cb1", "cb2"), m.spec().cbs());
        assertTrue(m.cfg().checked().contains("Deadlock"));
    }
}
