package org.fencecheck.report;

import org.fencecheck.proofs.model.TraceDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryLayoutTest {

    private static final String SUMMARY = EvidenceReport.summary(Fixtures.report(), null);

    /** The index of the first line at or after {@code from} equal to {@code text} once stripped. */
    private static int find(List<String> lines, int from, String text) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(text)) {
                return i;
            }
        }
        throw new AssertionError("no line \"" + text + "\" after line " + from);
    }

    /** The text with every run of white space (line breaks of the wrapping included) as one blank. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static int column(String line) {
        return line.length() - line.stripLeading().length();
    }

    @Test
    void everyLineIsShorterThan80ColumnsAndPlainAscii() {
        List<String> lines = Fixtures.lines(SUMMARY);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            assertTrue(l.length() < 80, "line " + (i + 1) + " has " + l.length() + " columns: " + l);
            assertTrue(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "line " + (i + 1) + " is not plain ASCII: " + l);
            assertEquals(l.stripTrailing(), l, "trailing blanks on line " + (i + 1));
        }
    }

    @Test
    void crossCpuDeadlockInLockdepsCircularLayout() {
        List<String> lines = Fixtures.lines(String.join("\n",
                Lockdep.render(Fixtures.finding("legacy_plain", "NoCrossCpuDeadlock").deadlocks().get(0))));
        int w = find(lines, 0, "WARNING: possible circular locking dependency detected");
        int head = find(lines, w, "Possible unsafe locking scenario:");
        String cpus = lines.get(head + 2);
        assertEquals(7, cpus.indexOf("CPU0 (c1)"));
        assertEquals(31, cpus.indexOf("CPU1 (c2)"));
        // CPU0: lock(A); ... CPU1: <Interrupt> lock(B); ... CPU0 lock(B) (spins); CPU1 lock(A) (spins)
        List<String> scenario = lines.subList(head + 4, find(lines, head, "*** DEADLOCK ***") - 1);
        assertEquals(List.of(
                "  lock(&fence->lock); dma_fence_enable_sw_signaling",
                "                               <Interrupt>",
                "                                 lock(&drv->lock);   drv_irq_handler",
                "  lock(&drv->lock);   drv->enable_signaling",
                "                                 lock(&fence->lock); dma_fence_signal"), scenario);
        String notes = flat(String.join("\n", lines));
        assertTrue(notes.contains("c1 (process) holds &fence->lock since state 3"), notes);
        assertTrue(notes.contains("c2 (hard IRQ) holds &drv->lock since state 7"), notes);
        assertTrue(notes.contains("c1 (process) in drv->enable_signaling spins on &drv->lock (spin_lock), held by c2"),
                notes);
    }

    @Test
    void sameCpuInterruptDeadlockInLockdepsInconsistentLayout() {
        List<String> lines = Fixtures.lines(String.join("\n",
                Lockdep.render(Fixtures.finding("reworked_plain", "NoSelfDeadlock").deadlocks().get(0))));
        int w = find(lines, 0, "WARNING: inconsistent lock state");
        int head = find(lines, w, "Possible unsafe locking scenario:");
        assertEquals("       CPU0 (c1)", lines.get(head + 2));
        List<String> scenario = lines.subList(head + 4, find(lines, head, "*** DEADLOCK ***") - 1);
        assertEquals(List.of(
                "  lock(&drv->lock);   drv->enable_signaling",
                "  <Interrupt>",
                "    lock(&drv->lock); drv_irq_handler"), scenario);
        assertTrue(flat(String.join("\n", lines)).contains("&drv->lock was taken with IRQs left on."));
    }

    @Test
    void realTlcTracesGiveBothLayouts() {
        TraceDocument cross = Fixtures.tlcTrace("legacy_irq__NoCrossCpuDeadlock");
        List<Lockdep.Deadlock> dl = Lockdep.analyse(TraceView.of(cross.trace()), "irq", true);
        assertEquals(1, dl.size());
        assertEquals(Lockdep.Kind.CIRCULAR, dl.get(0).kind());
        assertEquals(List.of(
                "  lock(&fence->lock); dma_fence_enable_sw_signaling",
                "  <Interrupt>",
                "                               <Interrupt>",
                "                                 lock(&drv->lock);   drv_irq_handler",
                "    lock(&drv->lock); drv_irq_handler",
                "                                 lock(&fence->lock); dma_fence_signal"),
                scenario(Lockdep.render(dl.get(0))));

        TraceDocument self = Fixtures.tlcTrace("legacy_irq__NoSelfDeadlock");
        dl = Lockdep.analyse(TraceView.of(self.trace()), "irq", true);
        assertEquals(1, dl.size());
        assertEquals(Lockdep.Kind.INCONSISTENT, dl.get(0).kind());
        List<String> text = Lockdep.render(dl.get(0));
        assertEquals(List.of(
                "  lock(&fence->lock);   dma_fence_enable_sw_signaling",
                "  <Interrupt>",
                "    lock(&drv->lock);   drv_irq_handler",
                "    lock(&fence->lock); dma_fence_signal"), scenario(text));
        // the cause: spin_unlock_irq() re-enabled IRQs under the fence lock
        assertTrue(flat(String.join(" ", text)).contains("IRQs on again at state 8: spin_unlock_irq(drv->lock) in"
                + " drv->enable_signaling, with &fence->lock still held."), String.join("\n", text));
    }

    private static List<String> scenario(List<String> lines) {
        int head = find(lines, 0, "Possible unsafe locking scenario:");
        return lines.subList(head + 4, find(lines, head, "*** DEADLOCK ***") - 1);
    }

    @Test
    void everyFindingSaysWhichDesignAndDriverItBelongsTo() {
        for (Finding f : Finding.all(Fixtures.report())) {
            String text = flat(String.join("\n", SummaryText.finding(f)));
            assertTrue(text.contains(Matrix.longLabel(f.model())), text);
        }
        assertTrue(SUMMARY.contains("[1] legacy_plain: NoCrossCpuDeadlock violated -- deadlock (as expected)"));
        assertTrue(SUMMARY.contains("    legacy design, driver lock plain, without ->signaled;"));
        assertTrue(flat(SUMMARY).contains("reworked_plain: NoSelfDeadlock violated -- deadlock (UNEXPECTED: the manifest"
                + " expects holds)"));
    }

    @Test
    void theMatrixHasOneRowPerDesignAndDriver() {
        List<String> lines = Fixtures.lines(SUMMARY);
        int head = find(lines, 0, "bound: 2 CPUs, 2 fences, 2 cbs, 2 calls (2 models)");
        assertEquals("design/driver  TO EW SD XD DU  states     s", lines.get(head + 1));
        assertEquals("legacy/plain   .  .  .  D  X    1,234   6.3", lines.get(head + 2));
        assertEquals("reworked/plain .  X  D! .  .   2,345*   6.0", lines.get(head + 3));
        assertTrue(SUMMARY.contains("reworked/irq  ?! ?! ?!  timeout  300.0"), SUMMARY);
        assertTrue(flat(SUMMARY).contains("broken_no_arm -- legacy design, driver lock none, without ->signaled, BROKEN"
                + " on purpose:"), SUMMARY);
        assertTrue(SUMMARY.contains("    CallbacksEventuallyRun               violated"), SUMMARY);
    }

    @Test
    void stepScenarioKeepsOneColumnPerCpuAndIndentsInterrupts() {
        Finding f = Fixtures.finding("reworked_plain", "NoSelfDeadlock");
        List<String> lines = StepScenario.render(f.view(), "NoSelfDeadlock");
        assertEquals(4, lines.get(0).indexOf("CPU0 (c1)"));
        assertEquals(4 + 36, lines.get(0).indexOf("CPU1 (c2)"));
        String irq = lines.stream().filter(l -> l.contains("<Interrupt>")).findFirst().orElseThrow();
        assertEquals(4, irq.indexOf("<Interrupt>"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("~~ hw: seqno passes (f1) ~~")));
        assertTrue(lines.get(lines.size() - 1).contains("state 7 violates NoSelfDeadlock."));
        for (String l : StepScenario.render(Fixtures.finding("legacy_plain", "NoCrossCpuDeadlock").view(), "X")) {
            assertTrue(l.length() < 80, l);
        }
        List<String> abba = StepScenario.render(Fixtures.finding("legacy_plain", "NoCrossCpuDeadlock").view(), "X");
        String c2 = abba.stream().filter(l -> l.contains("drv_irq_handler:")).findFirst().orElseThrow();
        assertEquals(4 + 36 + 2, c2.indexOf("drv_irq_handler"), "hard-IRQ steps of CPU1 are indented in CPU1's column: " + c2);
    }

    @Test
    void tlcsOwnDeadlockWithoutSpinningCpuIsDescribed() {
        Finding f = Fixtures.finding("api_legacy", "Deadlock");
        assertEquals(Lockdep.Kind.STUCK, f.deadlocks().get(0).kind());
        String text = flat(String.join("\n", SummaryText.finding(f)));
        assertTrue(text.contains("c1: process context at pc w_sched in dma_fence_default_wait"), text);
        assertFalse(text.contains("*** DEADLOCK ***"), text);
    }

    @Test
    void livenessTraceEndsWithStuttering() {
        String text = flat(String.join("\n", SummaryText.finding(Fixtures.finding("broken_no_arm",
                "CallbacksEventuallyRun"))));
        assertTrue(text.contains("stutters in state 4 forever, violating CallbacksEventuallyRun"), text);
    }
}
