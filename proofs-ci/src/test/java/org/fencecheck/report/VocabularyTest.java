package org.fencecheck.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spec/vocabulary.json says what spec/DmaFence.tla and the property modules say, so the two cannot drift. */
class VocabularyTest {

    private static final Vocabulary V = Fixtures.vocabulary();

    private static String spec(String module) throws IOException {
        return Files.readString(Fixtures.specDir().resolve(module));
    }

    /** The set literal of {@code Name == {...}} in the module text. */
    private static Set<String> set(String text, String name) {
        Matcher m = Pattern.compile("(?s)" + name + " ==\\s*\\{(.*?)\\}").matcher(text);
        assertTrue(m.find(), name + " not found");
        Set<String> out = new TreeSet<>();
        for (String s : m.group(1).split(",")) {
            out.add(s.strip().replace("\"", ""));
        }
        return out;
    }

    @Test
    void acquirePcsAreTheSpecsAndTakeTheLockLockAtNames() throws IOException {
        String tla = spec("DmaFence.tla");
        Set<String> pcs = set(tla, "AcquirePcs");
        for (String pc : pcs) {
            String expected = pc.equals("drv_lock") || pc.equals("irq_lock") || pc.equals("cs_lock")
                    || pc.equals("rel_dlock") ? "driver" : "fence";
            assertEquals(expected, V.lockTakenAt(pc), pc);
        }
        // the driver pcs of LockAt(pc) in DmaFence.tla (irq_drop: the dropping handler's spin_unlock), which take
        // DrvLock: the fence lock itself when DriverLock = "fence"; cs_*: i915's ce->signal_lock
        assertTrue(tla.contains("CASE pc \\in {\"drv_lock\", \"drv_unlock\", \"irq_lock\", \"irq_unlock\", \"irq_drop\"}\n"
                + "              -> DrvLock\n"
                + "      [] pc \\in {\"cs_lock\", \"cs_unlock\"} -> \"driver\"\n"
                + "      [] pc \\in {\"rel_dlock\", \"rel_dunlock\"} -> DrvLock\n"
                + "      [] OTHER -> \"fence\""), "LockAt changed");
        assertTrue(tla.contains("DrvLock == IF DriverLock = \"fence\" THEN \"fence\" ELSE \"driver\""), "DrvLock changed");
        assertTrue(tla.contains("CASE pc \\in {\"drv_lock\", \"drv_unlock\"} /\\ DriverLock = \"fence\" -> \"irqsave\""),
                "HowAt changed");
        assertEquals("fence", V.lockTakenAt("drv_lock", "fence"));
        assertEquals("fence", V.lockTakenAt("irq_lock", "fence"));
        assertEquals("fence", V.lockTakenAt("rel_dlock", "fence"));
        assertEquals("driver", V.lockTakenAt("rel_dlock", "irqsave"));
        assertEquals("driver", V.lockTakenAt("irq_lock", "irq"));
        assertEquals("spin_lock_irqsave", V.flavourAt("drv_lock", "fence"));
        assertEquals("spin_lock", V.flavourAt("irq_lock", "fence"));
        assertNull(V.lockTakenAt("idle"));
        assertEquals("spin_lock_irq", V.flavourAt("drv_lock", "irq"));
        assertEquals("spin_lock", V.flavourAt("irq_lock", "irqsave"));
        assertEquals("spin_lock_irqsave", V.flavourAt("sig_lock", "plain"));
        assertEquals("driver", V.lockTakenAt("cs_lock", "fence"));
        assertEquals("spin_lock", V.flavourAt("cs_lock", "fence"));
        assertEquals("fence", V.lockTakenAt("ret_lock", "fence"));
        assertEquals("spin_lock_irq", V.flavourAt("ret_lock", "fence"));
        assertEquals("fence->lock", V.lockName("fence"));
        assertEquals("drv->lock", V.lockName("driver"));
    }

    /** Each label's allowed values are the set of the spec's {@code ASSUME Constant \\in {...}}. */
    @Test
    void labelValuesAreTheSpecsAssumptions() throws IOException {
        String tla = spec("DmaFence.tla");
        int checked = 0;
        for (Vocabulary.LabelConstant l : V.labels()) {
            if (l.values() == null || l.values().contains("true")) {
                continue;
            }
            // ASSUME C \in {...}, or {...} \cup S with S == {...} defined in the module (Profile, DriverProfiles)
            Matcher m = Pattern.compile("ASSUME " + l.constant() + " \\\\in \\{([^}]*)\\}(?:\\s*\\\\cup\\s*(\\w+))?")
                    .matcher(tla);
            assertTrue(m.find(), "no ASSUME " + l.constant() + " \\in {...} in DmaFence.tla");
            String literal = m.group(1);
            if (m.group(2) != null) {
                Matcher named = Pattern.compile("(?m)^" + m.group(2) + " == \\{([^}]*)\\}").matcher(tla);
                assertTrue(named.find(), "no " + m.group(2) + " == {...} in DmaFence.tla");
                literal += "," + named.group(1);
            }
            Set<String> spec = new TreeSet<>();
            for (String v : literal.split(",")) {
                spec.add(v.strip().replace("\"", ""));
            }
            assertEquals(spec, new TreeSet<>(l.values()), l.label());
            checked++;
        }
        assertEquals(6, checked, "design, driver, handler, opSignal, caller, profile");
        for (String b : List.of("sideEffect", "setsError", "checkUnderLock")) {
            Vocabulary.LabelConstant l = V.label(b).orElseThrow();
            assertTrue(tla.contains(l.constant() + " \\in BOOLEAN"), l.constant());
            assertEquals("false", l.absent());
        }
    }

    @Test
    void everyPropertyIsDefinedInTheSpecOrIsTlcsDeadlock() throws IOException {
        String props = spec("DmaFenceProps.tla") + spec("DmaFenceLifetimeProps.tla") + spec("DmaFenceDriversProps.tla")
                + spec("DmaFenceContainersProps.tla") + spec("DmaFenceNestingProps.tla");
        Set<String> defined = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^([A-Za-z][A-Za-z0-9_]*)\\s*==").matcher(props + spec("DmaFence.tla")
                + spec("DmaFenceLifetime.tla"));
        while (m.find()) {
            defined.add(m.group(1));
        }
        for (Vocabulary.Property p : V.properties()) {
            assertTrue(p.name().equals("Deadlock") || defined.contains(p.name()), p.name() + " is not defined");
        }
        assertTrue(V.isDeadlock("NoSelfDeadlock") && V.isDeadlock("NoCrossCpuDeadlock") && V.isDeadlock("Deadlock"));
        assertTrue(!V.isDeadlock("TypeOK"));
    }

    @Test
    void unknownPropertiesGetUniqueMadeUpAbbreviations() {
        var abbr = V.abbreviate(List.of("TypeOK", "TotallyNew", "TotallyOther"));
        assertEquals("TO", abbr.get("TypeOK"));
        assertEquals(3, new TreeSet<>(abbr.values()).size(), abbr.toString());
    }
}
