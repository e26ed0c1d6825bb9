package org.fencecheck.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fencecheck.driver.SpecModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java port of every driver model of spec/manifest.json (module {@code MCDmaFenceDrivers}) agrees with TLC:
 * the validator's properties (lockdep: {@link AtlasBattery#VALIDATOR_PROPERTIES}) both ways, and every other
 * property the battery reports violated is one TLC finds violated in that model (a driver port that breaks a
 * property the spec keeps, or a spec that misses what the C code does, fails here); every broken profile
 * (group {@code broken}) is reported by the battery with every property TLC refutes it with, and the driver's
 * correct profile, a model of its own, with none TLC says holds. The verdicts are read from the manifest, never
 * restated.
 */
class AtlasVerdictTest {

    /**
     * Whether the manifest's {@code large} models run too ({@code -Dfencecheck.large=true}, the nightly job):
     * like the gate, the default run leaves them out (docs/performance.md gives their battery's time).
     */
    static final boolean LARGE = Boolean.getBoolean("fencecheck.large");

    /** Every driver model, with TLC's verdicts (the large group only with {@link #LARGE}). */
    static Stream<Arguments> models() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (SpecModels.Entry e : SpecModels.read(SpecModels.specDir())) {
            if (e.module().equals("MCDmaFenceDrivers") && (LARGE || !"large".equals(e.group()))) {
                out.add(Arguments.of(e.name(), e.group(), e.constants(), e.expect()));
            }
        }
        return out.stream();
    }

    /** The battery's result per model, shared by the tests of this class (each model runs once). */
    private static final Map<String, AtlasBattery.Result> RESULTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static AtlasBattery.Result battery(String model, Map<String, String> constants) {
        return RESULTS.computeIfAbsent(model, m -> AtlasBattery.forConstants(constants).run());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void portAgreesWithTlc(String model, String group, Map<String, String> constants, Map<String, String> expect) {
        AtlasBattery.Result r = battery(model, constants);
        Map<String, String> wrong = new TreeMap<>();
        for (String p : AtlasBattery.VALIDATOR_PROPERTIES) {
            if (!expect.containsKey(p)) {
                continue;
            }
            boolean found = r.evidence().containsKey(p);
            if (found != expect.get(p).equals("violated")) {
                wrong.put(p, found ? "reported: " + r.evidence().get(p)
                        : "TLC: violated; never reported in " + r.schedules() + " schedules");
            }
        }
        for (Map.Entry<String, String> e : r.evidence().entrySet()) {
            if ("holds".equals(expect.get(e.getKey()))) {
                wrong.put(e.getKey(), "TLC: holds; reported: " + e.getValue());
            }
        }
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(expect).entrySet()) {
            if (e.getValue().equals("violated") && !r.evidence().containsKey(e.getKey())) {
                missed.add(e.getKey());
            }
        }
        // The battery's reach, for docs/drivers.md: what TLC finds that one interleaving point does not.
        System.out.println("atlas-battery " + model + ": " + r.schedules() + " schedules; found "
                + new TreeMap<>(r.evidence()).keySet() + "; TLC only " + missed);
        assertEquals(Map.of(), wrong, model + " (" + r.schedules() + " schedules)");
        if (group.equals("broken")) {
            // A broken profile is caught by name in Java too: every property TLC refutes it with is reported.
            assertEquals(List.of(), missed, model + ": TLC refutes these, the battery does not report them");
        }
    }

    /** Each candidate bug of spec/candidates.json with its model's constants and its properties. */
    static Stream<Arguments> candidates() throws IOException {
        Map<String, Map<String, String>> constants = new LinkedHashMap<>();
        for (SpecModels.Entry e : SpecModels.read(SpecModels.specDir())) {
            constants.put(e.name(), e.constants());
        }
        java.nio.file.Path file = SpecModels.specDir().resolve("candidates.json");
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(file))
                .getAsJsonObject();
        List<Arguments> out = new ArrayList<>();
        for (com.google.gson.JsonElement el : root.getAsJsonArray("candidates")) {
            com.google.gson.JsonObject c = el.getAsJsonObject();
            String model = c.get("model").getAsString();
            if (!constants.containsKey(model)) {
                throw new IllegalStateException(file + ": " + c.get("id").getAsString() + " names model " + model
                        + ", which spec/manifest.json has not");
            }
            List<String> props = new ArrayList<>();
            c.getAsJsonArray("properties").forEach(p -> props.add(p.getAsString()));
            out.add(Arguments.of(c.get("id").getAsString(), model, constants.get(model), props));
        }
        return out.stream();
    }

    /**
     * Each candidate bug shows in the Java port of the driver as the patch writes it: the battery on the
     * candidate's model reports one of the candidate's own properties.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("candidates")
    void candidateShowsInTheJavaPort(String id, String model, Map<String, String> constants, List<String> props) {
        AtlasBattery.Result r = battery(model, constants);
        assertTrue(props.stream().anyMatch(r.evidence()::containsKey), id + " (" + model + "): the battery reports "
                + new TreeMap<>(r.evidence()).keySet() + ", none of " + props);
    }

    /** Every profile of spec/DmaFence.tla's DriverProfiles has a port, and every port a profile. */
    @Test
    void everyProfileHasAPort() throws IOException {
        String tla = java.nio.file.Files.readString(SpecModels.specDir().resolve("DmaFence.tla"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("DriverProfiles\\s*==\\s*\\{([^}]*)\\}")
                .matcher(tla);
        assertTrue(m.find(), "spec/DmaFence.tla: no 'DriverProfiles == {...}'");
        List<String> spec = new ArrayList<>();
        java.util.regex.Matcher q = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (q.find()) {
            spec.add(q.group(1));
        }
        List<String> impl = new ArrayList<>();
        for (Profile p : Profile.values()) {
            impl.add(p.specName());
        }
        assertEquals(new java.util.TreeSet<>(spec), new java.util.TreeSet<>(impl),
                "spec DriverProfiles vs impl Profile");
    }

    /** A cfg naming an unknown profile or a core mutation for a driver is refused by name. */
    @Test
    void badConstantsAreNamed() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Profile", "\"panfrost\"");
        c.put("Design", "\"legacy\"");
        c.put("Mutation", "\"none\"");
        c.put("Caller", "\"process\"");
        c.put("Ops", "{\"enable\"}");
        c.put("NumFences", "1");
        c.put("MaxCalls", "1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtlasBattery.forConstants(c));
        assertTrue(e.getMessage().startsWith("unknown Profile 'panfrost'"), e.getMessage());
        c.put("Profile", "\"xe_hw\"");
        c.put("Mutation", "\"signal_no_splice\"");
        e = assertThrows(IllegalArgumentException.class, () -> AtlasBattery.forConstants(c).run());
        assertTrue(e.getMessage().contains("breaks the core"), e.getMessage());
        c.put("Mutation", "\"none\"");
        c.put("Profile", "\"vmwgfx\"");
        c.put("Design", "\"rfc2024\"");
        e = assertThrows(IllegalArgumentException.class, () -> AtlasBattery.forConstants(c).run());
        assertTrue(e.getMessage().contains("no ->enable_signaling under Design rfc2024"), e.getMessage());
    }

    /**
     * RFC 6/7 deletes amdgpu's ring-fence op (spec NoEnableOp): under rfc2024 the core enters no driver code and
     * the fallback timer is pending from amdgpu_fence_emit() on; under legacy the op runs and arms it.
     */
    @Test
    void amdgpuFenceHasNoOpUnderRfc2024() {
        for (org.fencecheck.fence.LockingPolicy design : List.of(org.fencecheck.fence.LockingPolicy.RFC2024,
                org.fencecheck.fence.LockingPolicy.LEGACY)) {
            org.fencecheck.sim.Machine m = new org.fencecheck.sim.Machine("amdgpu-" + design.specName());
            List<org.fencecheck.sim.Action> steps = new ArrayList<>();
            m.setStepListener(st -> steps.add(st.action()));
            AtlasDriver d = Drivers.create(Profile.AMDGPU_FENCE, m, design, org.fencecheck.fence.Mutation.NONE, 2);
            boolean armedAtEmit = d.workPending();
            m.cpu(0).run(() -> d.fence(1).enableSwSignaling());
            boolean rfc = design == org.fencecheck.fence.LockingPolicy.RFC2024;
            assertEquals(rfc, armedAtEmit, design.specName() + ": fallback timer pending from amdgpu_fence_emit()");
            assertEquals(!rfc, steps.contains(org.fencecheck.sim.Action.DRIVER_ENTER),
                    design.specName() + ": ops->enable_signaling() entered, steps " + steps);
            assertTrue(d.workPending(), design.specName() + ": the timer is pending after enabling");
        }
    }
}
