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
            String expected = pc.equals("drv_lock") || pc.equals("irq_lock") ? "driver" : "fence";
            assertEquals(expected, V.lockTakenAt(pc), pc);
        }
        // the driver pcs of LockAt(pc) in DmaFence.tla
        assertTrue(tla.contains("IF pc \\in {\"drv_lock\", \"drv_unlock\", \"irq_lock\", \"irq_unlock\"}"));
        assertNull(V.lockTakenAt("idle"));
        assertEquals("spin_lock_irq", V.flavourAt("drv_lock", "irq"));
        assertEquals("spin_lock", V.flavourAt("irq_lock", "irqsave"));
        assertEquals("spin_lock_irqsave", V.flavourAt("sig_lock", "plain"));
        assertEquals("fence->lock", V.lockName("fence"));
        assertEquals("drv->lock", V.lockName("driver"));
    }

    @Test
    void everyPropertyIsDefinedInTheSpecOrIsTlcsDeadlock() throws IOException {
        String props = spec("DmaFenceProps.tla") + spec("DmaFenceLifetimeProps.tla");
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
