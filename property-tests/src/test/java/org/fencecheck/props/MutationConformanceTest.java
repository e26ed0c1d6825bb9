package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fencecheck.fence.Mutation;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.tlc.TraceModule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance catches every broken variant of impl by itself, before any property is looked at: runs of impl
 * with each spec mutation (org.fencecheck.fence.Mutation, at the configuration of the manifest's broken model)
 * are checked by TLC against the spec WITHOUT the mutation, and TLC rejects them at the step the bug is in
 * ({@link #REJECTED_AT}). The same runs are behaviours of the spec with its own mutation (VerdictMatrixTest), and
 * the correct impl's runs of the same scenarios are accepted here (the control).
 */
class MutationConformanceTest {

    static final int RUNS = 50;

    /** Per mutation, the spec action at which the unmutated spec rejects the broken run first, and why. */
    static final Map<String, String> REJECTED_AT = Map.ofEntries(
            Map.entry("signal_no_splice", "SignalTestAndSet"),      // cb_list not spliced off
            Map.entry("cb_before_signaled", "SignalTestAndSet"),    // SIGNALED not set by the test-and-set
            Map.entry("reinit", "Call"),                            // dma_fence_init() on a live fence: no such call
            Map.entry("enable_split_tas", "EnableTestAndSet"),      // ENABLE_SIGNAL only read, not set
            Map.entry("enable_no_signaled_check", "DriverEnter"),   // the driver entered on a signaled fence
            Map.entry("seterr_unlocked", "SetError"),               // the error written without fence->lock
            Map.entry("positive_error", "SetError"),                // error 5, not -EIO
            Map.entry("ts_on_every_signal", "SignalTestAndSet"),    // timestamp rewritten by the loser
            Map.entry("reworked_no_recheck", "AddCallbackInsert"),  // appended although signaled
            Map.entry("lost_wakeup", "WaitSetState"),               // the task state set after the unlock
            Map.entry("no_arm", "DriverArm"),                       // the interrupt not armed
            Map.entry("signal_plain_lock", "SpinLock"),             // fence->lock taken with IRQs left on
            Map.entry("signal_unlock_plain", "SpinUnlock"),         // fence->lock dropped without the restore
            Map.entry("arm_fail_no_error", "SignalTestAndSet"),     // a failed arm without its error reads as an
                                                                     // armed one, which must not signal yet
            Map.entry("wait_timeout_truncated", "WaitSchedule"),    // woken by no one, and no time limit to expire
            Map.entry("wait_keeps_waiter", "WaitCheck"),            // timed out, the waiter callback left linked
            Map.entry("signal_split_tas", "SignalLockFreeTest"),    // SIGNALED tested outside the lock
            Map.entry("remove_unlocked", "RemoveCallbackDel"),      // cb_list edited without fence->lock
            Map.entry("add_insert_unlocked", "AddCallbackInsert"),  // the re-check and append without the lock
            Map.entry("add_no_signaled_recheck", "AddCallbackInsert"), // no SIGNALED re-check under the lock
            Map.entry("handler_keeps_entry", "IrqNextFence"),       // the handler signals but leaves the entry
            Map.entry("add_lock_irq", "SpinUnlock"),                // spin_unlock_irq() turns the caller's IRQs on
            Map.entry("enable_false_no_signal", "AddCallbackInsert"), // -ENOENT with the fence left unsignaled
            Map.entry("issig_no_signal", "IsSignaledReturn"),        // true returned, nothing signalled
            Map.entry("status_ignores_error", "GetStatusReturn"));   // 1 returned for a fence with -EIO

    /** TLC's verdicts on every mutation's runs and controls, checked once. */
    private static Map<String, List<int[]>> results;
    private static TraceModule.Checked checked;

    private static synchronized void check() {
        if (results != null) {
            return;
        }
        List<TraceModule.Run> runs = new ArrayList<>();
        Map<String, int[]> range = new LinkedHashMap<>();
        List<VerdictMatrix.Model> models = VerdictMatrix.models().stream().filter(m -> m.group().equals("broken"))
                .toList();
        for (int k = 0; k < models.size(); k++) {
            VerdictMatrix.Model m = models.get(k);
            for (String side : new String[] {m.spec().mutation(), "control " + m.spec().mutation()}) {
                int from = runs.size();
                for (Runner.Scenario sc : TraceValidationTest.scenarios(side.startsWith("control")
                        ? m.spec().withMutation("none") : m.spec(), Gens.examples(RUNS), Gens.seed() + k)) {
                    Runner.Result r = Runner.run(sc);
                    assertTrue(r.outcome() != Runner.Outcome.FAILED, r.trace());
                    TraceModule.Run rec = TraceModule.record(side + " #" + (runs.size() - from), r, List.of());
                    runs.add(new TraceModule.Run(rec.name(), rec.cfg().withMutation("none"), rec.initial(),
                            rec.steps(), rec.invariants(), rec.end()));
                }
                range.put(side, new int[] {from, runs.size()});
            }
        }
        checked = TraceModule.check("mutants", runs, List.of(), true);
        results = new TreeMap<>();
        range.forEach((side, r) -> {
            List<int[]> out = new ArrayList<>();
            for (int i = r[0]; i < r[1]; i++) {
                out.add(new int[] {i, checked.rejections().get(i)});
            }
            results.put(side, out);
        });
    }

    @TestFactory
    Stream<DynamicTest> tlcRejectsEachMutationAtItsStep() {
        return VerdictMatrix.models().stream().filter(m -> m.group().equals("broken")).map(m -> {
            String mut = m.spec().mutation();
            return DynamicTest.dynamicTest(mut, () -> {
                assertNotNull(Mutation.ofSpecName(mut));
                check();
                assertTrue(checked.violated().stream().allMatch(v -> v != null), checked.explain());
                TraceModule.Run first = null;
                int firstAt = Integer.MAX_VALUE;
                Map<String, Integer> at = new TreeMap<>();
                for (int[] r : results.get(mut)) {
                    if (r[1] > 0) {
                        TraceModule.Run run = checked.runs().get(r[0]);
                        at.merge(run.steps().get(r[1] - 1).action(), 1, Integer::sum);
                        if (r[1] < firstAt) {
                            firstAt = r[1];
                            first = run;
                        }
                    }
                }
                for (int[] r : results.get("control " + mut)) {
                    assertEquals(0, r[1], "the correct impl's run " + checked.runs().get(r[0]).name()
                            + " is rejected at step " + r[1]);
                }
                if (first == null) {
                    // escalation: TLC's counterexample (the mutated spec) driven onto impl, checked without it
                    // the property the broken model is kept to refute (it lists only violated ones)
                    String p = m.expect().entrySet().stream().filter(e -> e.getValue().equals("violated"))
                            .map(Map.Entry::getKey).findFirst().orElseThrow();
                    TraceModule.Run cex = VerdictMatrixTest.counterexample(m, p);
                    assertNotNull(cex, mut + ": TLC accepted every run of the broken impl against the spec without "
                            + "the mutation, and TLC's counterexample to " + p + " cannot be driven onto impl: "
                            + VerdictMatrixTest.REJECTED);
                    TraceModule.Checked c = TraceModule.check("cex-" + mut, List.of(new TraceModule.Run(cex.name(),
                            cex.cfg().withMutation("none"), cex.initial(), cex.steps(), Set.of(), cex.end())), List.of(),
                            true);
                    firstAt = c.rejections().get(0);
                    assertTrue(firstAt > 0, mut + ": even TLC's counterexample driven onto impl is accepted without "
                            + "the mutation");
                    first = c.runs().get(0);
                    at.put(first.steps().get(firstAt - 1).action() + " (on TLC's counterexample)", 1);
                }
                TraceModule.Step step = first.steps().get(firstAt - 1);
                System.out.printf("mutation %s: %d/%d runs rejected (at %s); the earliest: %s step %d, %s%n", mut,
                        at.values().stream().mapToInt(Integer::intValue).sum(), results.get(mut).size(), at,
                        first.name(), firstAt, step.describe());
                assertEquals(REJECTED_AT.get(mut), step.action(), mut + ": rejected at " + step.describe());
            });
        });
    }
}
