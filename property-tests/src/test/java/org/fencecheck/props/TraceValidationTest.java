package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sut.MutantSut;
import org.fencecheck.props.tlc.Tlc;
import org.fencecheck.props.tlc.TraceModule;
import org.junit.jupiter.api.Test;

/**
 * Priority 6a: trace validation by TLC. Recorded runs of the implementation (each atomic step as the spec's
 * action with its arguments and the abstract state after it) are written as a generated TLA+ module, and TLC
 * checks that every one is a behaviour of spec/DmaFence.tla, {@code fencecheck.traceRuns} (1,000 in CI) runs
 * per TLC invocation, over every design x driver x ->signaled, with and without wait timeouts. A run of a
 * broken variant is rejected, and TLC's counterexample names the first step the spec does not allow.
 */
class TraceValidationTest {

    static final int RUNS = Integer.getInteger("fencecheck.traceRuns", 1000);

    static List<SpecConfig> configs() {
        List<SpecConfig> out = new ArrayList<>(SchedulerTest.allConfigs(false));
        out.addAll(SchedulerTest.allConfigs(true));
        return out;
    }

    /** A verdict of TLC on a batch. */
    record Checked(Tlc.Result tlc, List<TraceModule.Run> runs, int steps, Path dir) {
        /** The run and step TLC's counterexample stops at (1-based run, 1-based step), or null. */
        int[] rejectedAt() {
            String run = tlc.lastTraceValue("run");
            String i = tlc.lastTraceValue("i");
            return run == null || i == null ? null : new int[] {Integer.parseInt(run), Integer.parseInt(i) + 1};
        }
    }

    static Checked checkWithTlc(String name, List<TraceModule.Run> runs) throws Exception {
        Path dir = Tlc.workDir(name);
        String module = "Trace" + Character.toUpperCase(name.charAt(0)) + name.substring(1).replaceAll("[^A-Za-z0-9]",
                "");
        Files.writeString(dir.resolve(module + ".tla"), TraceModule.write(module, runs));
        Files.writeString(dir.resolve(module + ".cfg"), TraceModule.cfg());
        Tlc.Result r = Tlc.run(dir, module, module + ".cfg", List.of(), 900);
        int steps = runs.stream().mapToInt(x -> x.steps().size()).sum();
        return new Checked(r, runs, steps, dir);
    }

    @Test
    void tlcAcceptsRecordedRunsOfTheImplementation() throws Exception {
        List<SpecConfig> cfgs = configs();
        int per = RUNS / cfgs.size() + 2; // QuickTheories may give one example fewer than asked
        List<TraceModule.Run> runs = new ArrayList<>();
        Map<String, Integer> actions = new TreeMap<>();
        Coverage cov = new Coverage();
        long t0 = System.nanoTime();
        for (int k = 0; k < cfgs.size(); k++) {
            SpecConfig cfg = cfgs.get(k);
            qt().withFixedSeed(PropertyCheck.seed() + k).withExamples(per).forAll(Gens.scenarios(cfg)).checkAssert(sc -> {
                Runner.Result r = Runner.run(sc, Runner.Options.defaults().withStopAtViolation(false));
                assertFalse(r.outcome() == Runner.Outcome.DIVERGED || r.outcome() == Runner.Outcome.FAILED, r.trace());
                cov.add(r);
                TraceModule.Run rec = TraceModule.record(cfg.label() + " #" + runs.size(), r);
                rec.steps().forEach(s -> actions.merge(s.action(), 1, Integer::sum));
                runs.add(rec);
            });
        }
        long recorded = System.nanoTime();
        Checked c = checkWithTlc("accept", runs);
        System.out.printf("trace validation: %d runs (%d configurations), %d spec steps, recorded in %d ms; TLC %.1f s "
                        + "(one invocation)%n  actions %s%n%s", runs.size(), cfgs.size(), c.steps(),
                (recorded - t0) / 1_000_000, c.tlc().seconds(), actions, cov.report("trace validation runs"));
        assertTrue(runs.size() >= RUNS);
        assertTrue(c.tlc().noError(), "TLC rejected a recorded run of the implementation: "
                + describeRejection(c) + "\n(see " + c.dir() + "/tlc.out)");
    }

    /** TLC rejects the recorded run of a broken variant and names its first step the spec does not allow. */
    @Test
    void tlcRejectsABrokenVariantAtItsFirstDisallowedStep() throws Exception {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false);
        List<TraceModule.Run> runs = new ArrayList<>();
        // some runs of the real implementation, then the broken one, then more real ones
        Runner.Scenario ok = new Runner.Scenario(cfg, List.of(List.of(new Op("add", 1, "cb1"), new Op("seterr", 1,
                "none")), List.of(new Op("wait", 1, "none"))), List.of(1, 0, 1, 1, 0), List.of(3));
        for (int k = 0; k < 3; k++) {
            runs.add(TraceModule.record("impl #" + k, Runner.run(ok, Runner.Options.defaults()
                    .withStopAtViolation(false))));
        }
        Runner.Scenario bad = new Runner.Scenario(cfg, List.of(List.of(new Op("seterr", 1, "none"), new Op("seterr", 1,
                "none")), List.of()), List.of());
        Runner.Result mutant = Runner.run(bad, BrokenVariantsTest.mutantOptions(MutantSut.Mutation.SETERR_UNLOCKED)
                .withLockstep(false).withStopAtViolation(false));
        runs.add(TraceModule.record("seterr_unlocked", mutant));
        runs.add(TraceModule.record("impl #3", Runner.run(ok, Runner.Options.defaults().withStopAtViolation(false))));

        Checked c = checkWithTlc("reject", runs);
        assertTrue(c.tlc().deadlock(), "TLC should reject the broken run:\n" + c.tlc().out());
        int[] at = c.rejectedAt();
        assertNotNull(at);
        System.out.println("trace validation of a broken variant (seterr_unlocked against the spec without "
                + "mutation): " + describeRejection(c));
        assertEquals(4, at[0], "the broken run is run 4");
        TraceModule.Step step = runs.get(at[0] - 1).steps().get(at[1] - 1);
        assertEquals("SetError", step.action(), describeRejection(c));
        assertEquals(2, at[1], "the first step after the Call: the error written without the lock");
    }

    /** The same broken run is a behaviour of the spec with the spec's own mutation: the variants agree. */
    @Test
    void tlcAcceptsTheBrokenVariantUnderTheSpecsMutation() throws Exception {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false).withMutation("seterr_unlocked");
        Runner.Scenario bad = new Runner.Scenario(cfg, List.of(List.of(new Op("seterr", 1, "none"), new Op("seterr", 1,
                "none")), List.of(new Op("add", 1, "cb1"))), List.of(0, 1, 1, 0, 1), List.of(2));
        Runner.Result mutant = Runner.run(bad, BrokenVariantsTest.mutantOptions(MutantSut.Mutation.SETERR_UNLOCKED)
                .withStopAtViolation(false));
        assertTrue(mutant.everViolated().contains("ErrorOnlyBeforeSignal"), mutant.trace());
        Checked c = checkWithTlc("mutant", List.of(TraceModule.record("seterr_unlocked", mutant)));
        assertTrue(c.tlc().noError(), describeRejection(c));
    }

    static String describeRejection(Checked c) {
        int[] at = c.rejectedAt();
        if (at == null) {
            return c.tlc().noError() ? "accepted" : "TLC failed: exit " + c.tlc().exit() + "\n"
                    + c.tlc().out().lines().filter(l -> !l.startsWith("@!@!@")).limit(40)
                    .reduce("", (a, b) -> a + b + "\n");
        }
        TraceModule.Run run = c.runs().get(at[0] - 1);
        if (at[1] > run.steps().size()) {
            return "run " + at[0] + " (" + run.name() + "): its recorded initial state is not the spec's";
        }
        TraceModule.Step s = run.steps().get(at[1] - 1);
        return "run " + at[0] + " (" + run.name() + ") is not a behaviour of the spec: step " + at[1] + " ("
                + s.action() + " of " + (s.cpu() < 0 ? "hw" : SpecConfig.cpuName(s.cpu())) + ", " + s.describe()
                + ") is not allowed after the " + (at[1] - 1) + " steps before it";
    }
}
