package org.fencecheck.report;

import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.tlc.ToolMessage;
import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.TraceReader;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ValueParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryLayoutTest {

    private static final String SUMMARY = EvidenceReport.summary(Fixtures.report(), Fixtures.spec(), null);

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
        List<Lockdep.Deadlock> dl = Lockdep.analyse(TraceView.of(cross.trace(), Fixtures.vocabulary()), "irq", true);
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
        dl = Lockdep.analyse(TraceView.of(self.trace(), Fixtures.vocabulary()), "irq", true);
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
        for (Finding f : Finding.all(Fixtures.report(), Fixtures.vocabulary())) {
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

    // The trace files (traces/<model>__<property>.txt) use the same per-CPU layout, with what each step changed.

    private static ToolMessage msg(int code, String text) {
        return new ToolMessage(code, 4, List.of(text.split("\n")), List.of());
    }

    private static String state(int n, String action, String step, String owner, String irqOn, String ctx,
                                String spinning) {
        return n + ": <" + action + " line 1, col 1 to line 2, col 2 of module MCDmaFence>\n"
                + "/\\ step = " + step + "\n/\\ owner = " + owner + "\n/\\ irqOn = " + irqOn + "\n/\\ ctx = " + ctx
                + "\n/\\ spinning = " + spinning + "\n";
    }

    /** The same-CPU IRQ deadlock in the shape the dma_fence spec prints it (from the old trace renderer's test). */
    private static Trace selfDeadlock() {
        TraceReader r = new TraceReader();
        r.state(msg(2217, "1: <Initial predicate>\n/\\ step = [cpu |-> \"none\", fn |-> \"init\", act |-> \"boot\"]\n"
                + "/\\ owner = [fence |-> \"none\", driver |-> \"none\"]\n/\\ irqOn = (c1 :> TRUE @@ c2 :> TRUE)\n"
                + "/\\ ctx = (c1 :> \"proc\" @@ c2 :> \"proc\")\n/\\ spinning = (c1 :> \"none\" @@ c2 :> \"none\")"));
        r.state(msg(2217, state(2, "EnableSignalingLock",
                "[cpu |-> c1, ctx |-> \"proc\", fn |-> \"my_enable_signaling\", act |-> \"spin_lock(drv->lock)\", "
                        + "fence |-> 1]",
                "[fence |-> \"none\", driver |-> [cpu |-> c1, ctx |-> \"proc\"]]", "(c1 :> TRUE @@ c2 :> TRUE)",
                "(c1 :> \"proc\" @@ c2 :> \"proc\")", "(c1 :> \"none\" @@ c2 :> \"none\")")));
        r.state(msg(2217, state(3, "HwComplete", "[cpu |-> \"hw\", fn |-> \"hardware\", act |-> \"seqno := 1\"]",
                "[fence |-> \"none\", driver |-> [cpu |-> c1, ctx |-> \"proc\"]]", "(c1 :> TRUE @@ c2 :> TRUE)",
                "(c1 :> \"proc\" @@ c2 :> \"proc\")", "(c1 :> \"none\" @@ c2 :> \"none\")")));
        r.state(msg(2217, state(4, "IrqSpin",
                "[cpu |-> c1, ctx |-> \"irq\", fn |-> \"my_irq_handler\", act |-> \"spin_lock(drv->lock)\"]",
                "[fence |-> \"none\",\n    driver |-> [cpu |-> c1, ctx |-> \"proc\"]]", "(c1 :> FALSE @@ c2 :> TRUE)",
                "(c1 :> \"irq\" @@ c2 :> \"proc\")", "(c1 :> \"driver\" @@ c2 :> \"none\")")));
        return r.trace();
    }

    @Test
    void traceFileHasPerCpuColumnsAndWhatEachStepChanged() {
        String text = new TraceFileText(Fixtures.vocabulary()).render(List.of("heading"), "NoSelfDeadlock",
                selfDeadlock());
        List<String> lines = Fixtures.lines(text);
        assertEquals("heading", lines.get(0));
        assertEquals(4, lines.get(2).indexOf("CPU0 (c1)"), text);
        assertEquals(4 + 36, lines.get(2).indexOf("CPU1 (c2)"), text);
        assertTrue(text.contains("\n  1 (initial state)\n    step = [cpu |-> \"none\""), text);
        assertTrue(text.contains("\n  2 my_enable_signaling:\n      spin_lock(drv->lock) (f1)\n"
                + "      owner.driver = [cpu |-> c1, ctx |-> \"proc\"]\n"), text);
        assertTrue(text.contains("\n  3 ~~ hw: seqno := 1 ~~\n"), text);
        // the interrupt's step is indented in CPU0's column, its IRQ state change noted, its changes below it
        assertTrue(text.contains("\n  4   my_irq_handler:\n        spin_lock(drv->lock) [irqs off]\n"
                + "        irqOn[c1] = FALSE\n        ctx[c1] = \"irq\"\n        spinning[c1] = \"driver\"\n"), text);
        assertTrue(text.endsWith(" state 4 violates NoSelfDeadlock.\n"), text);
        // summary.txt shows the same scenario without the changes
        List<String> summary = StepScenario.render(TraceView.of(selfDeadlock(), Fixtures.vocabulary()),
                "NoSelfDeadlock");
        assertFalse(String.join("\n", summary).contains("owner.driver ="));
    }

    @Test
    void traceFileEndingsOfLivenessTraces() {
        TraceReader r = new TraceReader();
        r.state(msg(2217, "1: <Initial predicate>\nx = 0"));
        r.state(msg(2217, "2: <Next line 5, col 9 to line 5, col 27 of module Counter>\nx = 1"));
        r.backToState(msg(2122, "1: Back to state: <Next line 5, col 9 to line 5, col 27 of module Counter>"));
        String text = new TraceFileText(Fixtures.vocabulary()).render(List.of(), "Live", r.trace());
        assertTrue(text.contains("  # steps\n"), text);
        assertTrue(text.contains("\n  2 Next\n    x = 1\n"), text);
        assertTrue(text.contains("then: back to state 1; states 1..2 repeat forever, violating Live."), text);

        TraceReader s = new TraceReader();
        s.state(msg(2217, "1: <Initial predicate>\nx = 0"));
        s.stuttering();
        assertTrue(flat(new TraceFileText(Fixtures.vocabulary()).render(List.of(), "Live", s.trace()))
                .contains("the behaviour stutters in state 1 forever, violating Live."));
    }

    @Test
    void diffsDescendIntoRecordsFunctionsAndSequences() {
        Value before = ValueParser.parse("[a |-> (c1 :> [pc |-> \"idle\", f |-> 0] @@ c2 :> 0), s |-> <<1, 2>>, "
                + "r |-> [x |-> 1, y |-> 2], z |-> {1}]");
        Value after = ValueParser.parse("[a |-> (c1 :> [pc |-> \"run\", f |-> 0] @@ c2 :> 0), s |-> <<1, 3>>, "
                + "r |-> [x |-> 5, y |-> 6], z |-> {1, 2}]");
        assertEquals(List.of("v.a[c1].pc = \"run\"", "v.s[2] = 3", "v.r = [x |-> 5, y |-> 6]", "v.z = {1, 2}"),
                ValueDiff.lines("v", before, after));
        assertEquals(List.of("v = <<1>>"), ValueDiff.lines("v", null, ValueParser.parse("<<1>>")));
    }

    /**
     * Section 4 lists the container models with TLC's verdict on the cover letter's claim (the nesting column),
     * and says so when a run has none.
     */
    @Test
    void containersHaveTheirSectionWithTheClaimsColumn() {
        assertTrue(SUMMARY.contains("4. Containers (dma_fence_array, dma_fence_chain)"), SUMMARY);
        assertTrue(SUMMARY.contains("No container model was checked in this run."), "the fixture has none");
        org.fencecheck.proofs.model.VerdictReport r = Fixtures.report();
        org.fencecheck.proofs.model.ModelResult m = r.models().get(0);
        org.fencecheck.proofs.model.PropertyVerdict p = m.properties().get(0);
        org.fencecheck.proofs.model.PropertyVerdict nesting = new org.fencecheck.proofs.model.PropertyVerdict(
                SummaryText.NESTING, p.kind(), org.fencecheck.tlc.Verdict.VIOLATED,
                org.fencecheck.tlc.Verdict.VIOLATED, true, null);
        org.fencecheck.proofs.model.ModelResult chain = new org.fencecheck.proofs.model.ModelResult("chain_legacy",
                Html.CONTAINERS_MODULE, m.config(), "default", m.labels(), m.status(), m.error(),
                List.of(p, nesting), m.distinctStates(), m.expectedDistinctStates(), m.distinctStatesMatch(),
                m.depth(), m.seconds(), m.totalSeconds(), m.runs(), m.passed());
        String text = EvidenceReport.summary(new org.fencecheck.proofs.model.VerdictReport(r.generated(),
                r.manifest(), r.environment(), r.summary(), List.of(chain)), Fixtures.spec(), null);
        String section = text.substring(text.indexOf("4. Containers"), text.indexOf("5. Test layers"));
        assertFalse(section.contains("No container model"), section);
        String row = section.lines().filter(l -> l.startsWith("chain_legacy")).findFirst().orElseThrow();
        assertTrue(row.matches("chain_legacy\\s+" + java.util.regex.Pattern.quote(m.labels().design())
                + "\\s+X\\s+.*"), row);
    }
}
