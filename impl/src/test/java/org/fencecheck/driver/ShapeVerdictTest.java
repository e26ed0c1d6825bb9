package org.fencecheck.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator's verdict per (design, driver shape, caller, mutation) agrees with TLC's, both ways, for every
 * model of module {@code MCDmaFence} in spec/manifest.json that expects one of the properties the validator
 * answers for ({@link Battery#PROPERTIES}): a property TLC finds violated is reported on some schedule of the
 * battery, and a property TLC finds to hold is reported on none. The battery respects the model's bound: its
 * Ops, NumFences, Cbs and MaxCalls (see {@link Battery}). The verdicts are read, never restated here.
 */
class ShapeVerdictTest {

    /** The models to check: every MCDmaFence entry with at least one property the validator answers for. */
    static Stream<Arguments> models() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (SpecModels.Entry e : SpecModels.read(SpecModels.specDir())) {
            if (!e.module().equals("MCDmaFence")) {
                continue;
            }
            Map<String, String> expect = new TreeMap<>();
            for (String p : Battery.PROPERTIES) {
                if (e.expect().containsKey(p)) {
                    expect.put(p, e.expect().get(p));
                }
            }
            if (!expect.isEmpty()) {
                out.add(Arguments.of(e.name(), e.constants(), expect));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void validatorAgreesWithTlc(String model, Map<String, String> constants, Map<String, String> expect) {
        Battery.Result r = Battery.forConstants(constants).run();
        Map<String, String> got = new TreeMap<>();
        for (String p : expect.keySet()) {
            got.put(p, r.evidence().containsKey(p) ? "violated" : "holds");
        }
        Map<String, String> why = new LinkedHashMap<>();
        for (String p : expect.keySet()) {
            if (!expect.get(p).equals(got.get(p))) {
                why.put(p, expect.get(p).equals("holds") ? "reported: " + r.evidence().get(p)
                        : "never reported in " + r.scenarios() + " schedules");
            }
        }
        assertEquals(expect, got, model + " (" + constants + "): " + why);
    }

    /** The battery reads the cfg's constants: an unknown Design names itself instead of running something else. */
    @Test
    void unknownDesignIsNamed() {
        Map<String, String> c = new LinkedHashMap<>(sample());
        c.put("Design", "\"rfc2023\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Battery.forConstants(c));
        assertTrue(e.getMessage().contains("rfc2023"), e.getMessage());
    }

    /** A shape the spec's ASSUMEs rule out (a bool op under a void design) is refused by name. */
    @Test
    void shapeOutsideTheAssumesIsRefused() {
        Map<String, String> c = new LinkedHashMap<>(sample());
        c.put("Design", "\"series2026\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Battery.forConstants(c).run());
        assertTrue(e.getMessage().contains("OpSignal return_false"), e.getMessage());
    }

    /**
     * The battery can fail each way: handler_keeps_entry leaks an entry (OpSideEffectsBalance), the real handler
     * does not; add_lock_irq from an irq_work enables IRQs there (AtomicCallerKeepsIrqsOff), from process
     * context it is not reported.
     */
    @Test
    void batteryTellsTheBrokenVariantsFromTheRealCode() {
        Map<String, String> c = new LinkedHashMap<>(sample());
        c.put("Design", "\"rfc2024\"");
        c.put("OpSignal", "\"signal\"");
        c.put("Handler", "\"dropped\"");
        c.put("OpSideEffect", "TRUE");
        assertFalse(Battery.forConstants(c).run().evidence().containsKey("OpSideEffectsBalance"));
        c.put("Mutation", "\"" + Mutation.HANDLER_KEEPS_ENTRY.specName() + "\"");
        assertTrue(Battery.forConstants(c).run().evidence().containsKey("OpSideEffectsBalance"));

        Map<String, String> d = new LinkedHashMap<>(sample());
        d.put("Mutation", "\"" + Mutation.ADD_LOCK_IRQ.specName() + "\"");
        assertFalse(Battery.forConstants(d).run().evidence().containsKey("AtomicCallerKeepsIrqsOff"));
        d.put("Caller", "\"irq_work\"");
        assertTrue(Battery.forConstants(d).run().evidence().containsKey("AtomicCallerKeepsIrqsOff"));

        // dma_fence_is_signaled() -> ->signaled -> dma_fence_signal() in process context: the plain unlock leaves
        // the caller's IRQs off when the call returns.
        Map<String, String> e = new LinkedHashMap<>(sample());
        e.put("Design", "\"" + LockingPolicy.LEGACY.specName() + "\"");
        e.put("SignaledOp", "TRUE");
        e.put("Ops", "{\"add\", \"issig\"}");
        assertFalse(Battery.forConstants(e).run().evidence().containsKey("IrqStateRestored"));
        e.put("Mutation", "\"" + Mutation.SIGNAL_UNLOCK_PLAIN.specName() + "\"");
        String found = Battery.forConstants(e).run().evidence().get("IrqStateRestored");
        assertNotNull(found, "signal_unlock_plain not caught");
        assertTrue(found.contains("IRQ_STATE_NOT_RESTORED"), found);
    }

    /** The constants of a reworked model without a driver lock, as a cfg writes them. */
    private static Map<String, String> sample() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("NumFences", "2");
        c.put("Cbs", "{\"cb1\", \"cb2\"}");
        c.put("Design", "\"" + LockingPolicy.REWORKED.specName() + "\"");
        c.put("DriverLock", "\"irqsave\"");
        c.put("Handler", "\"held\"");
        c.put("OpSignal", "\"return_false\"");
        c.put("OpSideEffect", "FALSE");
        c.put("OpSetsError", "FALSE");
        c.put("CheckUnderLock", "FALSE");
        c.put("Caller", "\"process\"");
        c.put("SignaledOp", "FALSE");
        c.put("Ops", "{\"add\", \"enable\"}");
        c.put("MaxCalls", "2");
        c.put("Mutation", "\"none\"");
        return c;
    }

    /** Where the spec lives (the module's tests run in impl/). */
    static Path specDirForTests() {
        return Paths.get(System.getProperty("fencecheck.spec.dir", "../spec"));
    }

    @Test
    void theManifestHasModelsForTheValidator() throws IOException {
        assertTrue(models().count() > 0, "no MCDmaFence model in " + SpecModels.specDir() + "/manifest.json");
        assertTrue(Files.isDirectory(specDirForTests()));
    }
}
