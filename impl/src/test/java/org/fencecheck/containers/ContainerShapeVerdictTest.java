package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.fencecheck.driver.SpecModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java twin of DmaFenceContainers.tla's member-shape models: for every MCDmaFenceContainers model of
 * spec/manifest.json whose members have a driver (MemberShape # "none"), the validator's verdict on the battery
 * of {@link ContainerShapeBattery} agrees with TLC's, both ways, for each property the battery answers for
 * ({@link ContainerShapeBattery#PROPERTIES}): a property TLC finds violated is reported on some schedule, a
 * property TLC finds to hold on none. The verdicts and the bound are read from the manifest and the cfg, never
 * restated here.
 */
class ContainerShapeVerdictTest {

    private static final String MODULE = "MCDmaFenceContainers";

    /**
     * Each model's battery runs once per JVM: the battery is deterministic, and the test that shows each mapping
     * can fail reads the same results as the comparison (the class must stay within the test command's budget).
     */
    private static final Map<String, ContainerShapeBattery.Result> RESULTS = new ConcurrentHashMap<>();

    private static ContainerShapeBattery.Result run(String model, Map<String, String> constants) {
        return RESULTS.computeIfAbsent(model, k -> ContainerShapeBattery.forConstants(constants).run());
    }

    /** The evidence the battery of a model of the manifest found, per property. */
    private static Map<String, String> evidence(String model) throws IOException {
        return run(model, model(model).constants()).evidence();
    }

    /**
     * Every safety model of the module with member drivers, and TLC's verdicts on the properties the battery
     * answers.
     */
    static Stream<Arguments> models() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (SpecModels.Entry e : memberShapeModels()) {
            Map<String, String> expect = new TreeMap<>();
            for (String p : ContainerShapeBattery.PROPERTIES) {
                if (e.expect().containsKey(p)) {
                    expect.put(p, e.expect().get(p));
                }
            }
            out.add(Arguments.of(e.name(), e.constants(), expect));
        }
        return out.stream();
    }

    private static List<SpecModels.Entry> memberShapeModels() throws IOException {
        List<SpecModels.Entry> out = new ArrayList<>();
        for (SpecModels.Entry e : SpecModels.read(SpecModels.specDir())) {
            String shape = e.constants().get("MemberShape");
            // the liveness models (ContainerCallbacksRun, PollerSeesSignal only) are the gate's: the battery
            // answers for safety properties, and a lasso is not a schedule it can run to the end
            boolean safety = e.expect().keySet().stream().anyMatch(ContainerShapeBattery.PROPERTIES::contains);
            if (e.module().equals(MODULE) && shape != null && !shape.equals("\"none\"") && safety) {
                out.add(e);
            }
        }
        return out;
    }

    private static SpecModels.Entry model(String name) throws IOException {
        return memberShapeModels().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no model " + name + " in the manifest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void validatorAgreesWithTlc(String model, Map<String, String> constants, Map<String, String> expect) {
        ContainerShapeBattery b = ContainerShapeBattery.forConstants(constants);
        ContainerShapeBattery.Result r = run(model, constants);
        System.out.println("container-shape-battery " + model + ": " + r.scenarios() + " schedules; found "
                + new TreeSet<>(r.evidence().keySet()));
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
        assertEquals(expect, got, model + " (" + b + "): " + why);
    }

    /**
     * Every model with member drivers is one the battery builds and checks in full: each of the properties it
     * answers for has TLC's verdict in the manifest, so no property drops out of the comparison unnoticed.
     */
    @Test
    void everyMemberShapeModelIsCheckedOnEveryProperty() throws IOException {
        List<SpecModels.Entry> all = memberShapeModels();
        assertFalse(all.isEmpty(), "no " + MODULE + " model with a MemberShape in " + SpecModels.specDir());
        for (SpecModels.Entry e : all) {
            ContainerShapeBattery.forConstants(e.constants());
            assertTrue(e.expect().keySet().containsAll(ContainerShapeBattery.PROPERTIES),
                    e.name() + " lacks verdicts on " + new TreeSet<>(ContainerShapeBattery.PROPERTIES));
        }
    }

    /** A MemberShape the twin does not know names itself instead of running some other driver. */
    @Test
    void unknownMemberShapeIsNamed() throws IOException {
        Map<String, String> c = new LinkedHashMap<>(memberShapeModels().get(0).constants());
        c.put("MemberShape", "\"irqsave_dropped\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerShapeBattery.forConstants(c));
        assertTrue(e.getMessage().contains("irqsave_dropped"), e.getMessage());
    }

    /**
     * Each mapping can fail: the battery of a model reports the hazard its driver has, and not the one
     * its design removed. legacy sep_held: the op's spin_lock_irqsave(driver lock) under the member's lock
     * (__dma_fence_enable_signaling() under dma_fence_add_callback()'s lock) against the interrupt handler's
     * dma_fence_signal(member) under the driver lock is lockdep's cycle; RFC 7/7 calls the op with no lock held,
     * so the same driver has no cycle there. rfc2024 plainlock: the op's spin_lock() with IRQs on against the
     * handler's is an IRQ-unsafe lock taken in hard-IRQ context; under legacy the member's irqsave lock keeps
     * IRQs off around the op. irqlock: the op's spin_unlock_irq() turns IRQs on under legacy's container lock,
     * and in hard-IRQ context when dma_fence_chain_irq_work() re-arms on the next link; an array's op under the
     * series runs in process context with no lock, where that is harmless. Legacy's add_callback on the container
     * takes the members' locks under its own; the series does not.
     */
    @Test
    void batteryTellsTheHazardFromItsFix() throws IOException {
        String found = evidence("array_sep_held_legacy").get("LockdepNoCircularDependency");
        assertNotNull(found, "legacy sep_held: no cycle reported");
        assertTrue(found.contains("LOCK_ORDER_CYCLE"), found);
        assertFalse(evidence("array_sep_held_rfc2024").containsKey("LockdepNoCircularDependency"));

        assertNotNull(evidence("chain_plainlock_rfc2024").get("LockdepNoRecursion"),
                "rfc2024 plainlock: no recursion or IRQ-use report");
        assertFalse(evidence("chain_plainlock_legacy").containsKey("LockdepNoRecursion"));

        assertTrue(evidence("array_irqlock_legacy").containsKey("AtomicCallerKeepsIrqsOff"));
        assertTrue(evidence("chain_irqlock_series2026").containsKey("AtomicCallerKeepsIrqsOff"));
        assertFalse(evidence("array_irqlock_series2026").containsKey("AtomicCallerKeepsIrqsOff"));

        assertTrue(evidence("array_nolock_legacy").containsKey("NoLockTakenUnderContainerLock"));
        assertFalse(evidence("array_nolock_series2026").containsKey("NoLockTakenUnderContainerLock"));
    }
}
