package org.fencecheck.lincheck;

import static org.fencecheck.lincheck.Scenarios.op;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fencecheck.drivers.Profile;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model checker on the Java ports of the real drivers: the Java port of every driver a candidate bug of
 * spec/candidates.json is in fails, as the patch writes it, on one of the scenarios below, and Lincheck's report
 * names a property TLC finds violated in the candidate's model; the same scenarios on the same driver under
 * {@code legacy} (mainline today) pass. Lincheck reports the first failing interleaving it meets, which may be
 * another of the model's violations than the candidate's own (xe's B3 always ends in B2's recursion); that each
 * candidate's own properties show in the Java port is AtlasVerdictTest's (the battery). Where TLC finds the
 * candidate's property violated under legacy as well (B10, kept from the RFC's base tree), the legacy port must
 * fail on it too instead of passing. The candidates, their
 * models and TLC's verdicts are read from spec/, the model's constants from its cfg.
 */
class AtlasLincheckTest {

    static final int INVOCATIONS = 300;

    /**
     * Invocations per scenario of a legacy control, which must pass. The candidates' failures show within their
     * first few dozen interleavings (each candidate's case takes 1.7-3.3 s in the test command), while the three
     * controls (one per driver: xe, nouveau, amdkfd) explored all 300 of every scenario and took 72 of the test's
     * 83 s; with this class the longest branch of the build (lincheck-tests 4:38 beside property-tests 3:36,
     * fresh clone of da27cec, docs/performance.md). Half of them still passes each scenario's interleavings with
     * up to the switch counts Lincheck reaches first; the nightly job can raise it with
     * {@code -Dfencecheck.atlas.controlInvocations=300}.
     */
    static final int CONTROL_INVOCATIONS = Integer.getInteger("fencecheck.atlas.controlInvocations", 150);

    /**
     * Whether the candidates whose model is in the manifest's {@code large} group run too
     * ({@code -Dfencecheck.large=true}, the nightly job). Like the gate, the default run judges mainline and the
     * current posting; the superseded 2024 RFC's candidates (B1, B4, B8, B10) are the large group's.
     */
    static final boolean LARGE = Boolean.getBoolean("fencecheck.large");

    /** The legacy controls already run (one per driver and timeline). */
    private static final java.util.Set<String> CONTROLS_RUN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The scenarios: which calls, hardware moves and work runs meet in each. */
    static List<ExecutionScenario> scenarios(AtlasConfig config) {
        int fences = config.fences();
        List<ExecutionScenario> out = new ArrayList<>();
        if (fences > 1) {
            // two ops of one fence lock, the first CPU then taking the signal path (xe's irq->pending race)
            out.add(Scenarios.of(AtlasOps.class).thread(op("enable", 1), op("hw")).thread(op("enable", 2)).build());
        }
        // the op against a signaller through ->signaled / ->check_signaled, the hardware having passed
        out.add(Scenarios.of(AtlasOps.class).init(op("hw"))
                .thread(op("enable", 1)).thread(op("isSignaled", 1)).build());
        // the op against the hardware and the driver's work item
        out.add(Scenarios.of(AtlasOps.class).thread(op("enable", 1)).thread(op("hw"), op("work")).build());
        if (config.profile() == Profile.VMWGFX2024 || !config.profile().hasEnableOpUnder(config.design())) {
            // a work item queued when the fences were emitted (spec DInit: work), running before the hardware
            out.add(Scenarios.of(AtlasOps.class).thread(op("enable", 1)).thread(op("work"), op("hw")).build());
        }
        return out;
    }

    /** Each candidate: its id, the Java configuration of its model, and its properties. */
    static Stream<Arguments> candidates() throws IOException {
        Path spec = Path.of(System.getProperty("fencecheck.spec.dir", "../spec"));
        JsonObject root = JsonParser.parseString(Files.readString(spec.resolve("candidates.json"))).getAsJsonObject();
        Map<String, Map<String, String>> models = ModelConstants.driverModels(spec);
        Map<String, java.util.Set<String>> violated = ModelConstants.driverViolations(spec);
        java.util.Set<String> large = ModelConstants.largeDriverModels(spec);
        List<Arguments> out = new ArrayList<>();
        for (JsonElement el : root.getAsJsonArray("candidates")) {
            JsonObject c = el.getAsJsonObject();
            String model = c.get("model").getAsString();
            if (large.contains(model) && !LARGE) {
                continue;
            }
            Map<String, String> k = models.get(model);
            if (k == null) {
                throw new IllegalStateException(spec.resolve("candidates.json") + ": " + c.get("id").getAsString()
                        + " names model " + model + ", which spec/manifest.json has not (as MCDmaFenceDrivers)");
            }
            List<String> props = new ArrayList<>(violated.get(model));
            AtlasConfig config = new AtlasConfig(Profile.ofSpecName(k.get("Profile")),
                    LockingPolicy.ofSpecName(k.get("Design")), Mutation.ofSpecName(k.get("Mutation")),
                    Integer.parseInt(k.get("NumFences")));
            // What TLC finds in the same driver under legacy, the candidate's base tree (B10 is there already).
            java.util.Set<String> base = new java.util.TreeSet<>();
            for (Map.Entry<String, Map<String, String>> m : models.entrySet()) {
                Map<String, String> b = m.getValue();
                if (b.get("Profile").equals(k.get("Profile")) && b.get("Design").equals("legacy")
                        && b.get("Mutation").equals(k.get("Mutation")) && b.get("Caller").equals(k.get("Caller"))) {
                    base.addAll(violated.get(m.getKey()));
                }
            }
            base.retainAll(props);
            out.add(Arguments.of(c.get("id").getAsString() + " " + model, config, props, List.copyOf(base)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("candidates")
    void candidateShowsInTheJavaPort(String name, AtlasConfig config, List<String> properties,
                                     List<String> inBaseTree) {
        List<String> reports = new ArrayList<>();
        boolean named = false;
        for (ExecutionScenario s : scenarios(config)) {
            String report = tryFailure(config, s);
            if (report != null) {
                reports.add(report);
                named |= properties.stream().anyMatch(p -> report.contains(p + ": "));
            }
            if (named) {
                assertTrue(report.contains("The following interleaving leads to the error"), report);
                break;
            }
        }
        assertTrue(named, name + ": no scenario's report names one of TLC's " + properties + ":\n"
                + String.join("\n----\n", reports));
        AtlasConfig control = config.control(LockingPolicy.LEGACY);
        if (!inBaseTree.isEmpty()) {
            // TLC finds the candidate's property violated in the base tree too: the control must fail the same
            // way, not pass (B10: the RFC keeps a lost completion of the 2024 tree).
            List<String> base = new ArrayList<>();
            for (ExecutionScenario s : scenarios(control)) {
                String report = tryFailure(control, s);
                if (report != null && inBaseTree.stream().anyMatch(p -> report.contains(p + ": "))) {
                    return;
                }
                base.add(String.valueOf(report));
            }
            throw new AssertionError(name + ": TLC finds " + inBaseTree + " under legacy too; no scenario's"
                    + " report on the legacy port names it:\n" + String.join("\n----\n", base));
        }
        if (!CONTROLS_RUN.add(control.toString())) {
            return; // candidates in one driver share its control
        }
        for (ExecutionScenario s : scenarios(control)) {
            Checks.check(Checks.invariantsOnly(Checks.modelChecking(CONTROL_INVOCATIONS, s)), AtlasOps.class,
                    control, "atlas control");
        }
    }

    /** Lincheck's report if the model checker fails on the scenario, else null. */
    private static String tryFailure(AtlasConfig config, ExecutionScenario s) {
        try {
            Checks.check(Checks.invariantsOnly(Checks.modelChecking(INVOCATIONS, s)), AtlasOps.class, config,
                    "atlas candidate");
            return null;
        } catch (AssertionError e) {
            return String.valueOf(e.getMessage());
        }
    }
}
