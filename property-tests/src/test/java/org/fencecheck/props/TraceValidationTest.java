package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.props.tlc.TraceModule;
import org.junit.jupiter.api.Test;

/**
 * Trace validation by TLC: generated runs of the implementation over every design x driver x ->signaled, with
 * and without wait timeouts, recorded as spec actions with the observable state after each, are all behaviours
 * of spec/DmaFence.tla, and impl's own invariants (DmaFenceProps.tla, evaluated by TLC on the recorded runs)
 * hold wherever the manifest says they hold for that design and driver.
 */
class TraceValidationTest {

    static final int RUNS = Integer.getInteger("fencecheck.traceRuns", 1000);

    /** Every design x driver x ->signaled at the default bound, with or without wait timeouts. */
    static List<SpecConfig> allConfigs(boolean timeouts) {
        List<SpecConfig> out = new ArrayList<>();
        for (LockingPolicy p : LockingPolicy.values()) {
            for (DriverLocking d : DriverLocking.values()) {
                for (boolean sig : new boolean[] {false, true}) {
                    SpecConfig c = SpecConfig.of(p, d, sig);
                    out.add(timeouts ? c.withBounds(2, 2, c.cbs(), c.ops(), 3, true) : c);
                }
            }
        }
        // issue 18: the driver shapes and callers that reach the new actions (ReplayTest.shapeConfigs)
        for (SpecConfig c : ReplayTest.shapeConfigs()) {
            out.add(timeouts ? c.withBounds(2, 2, c.cbs(), c.ops(), 3, true) : c);
        }
        return out;
    }

    /** {@code n} generated scenarios of {@code cfg}, fixed seed. */
    static List<Runner.Scenario> scenarios(SpecConfig cfg, int n, long seed) {
        List<Runner.Scenario> out = new ArrayList<>();
        qt().withFixedSeed(seed).withExamples(n).forAll(Gens.scenarios(cfg)).checkAssert(out::add);
        return out;
    }

    @Test
    void tlcAcceptsRecordedRunsOfTheImplementation() {
        List<SpecConfig> cfgs = new ArrayList<>(allConfigs(false));
        cfgs.addAll(allConfigs(true));
        int per = RUNS / cfgs.size() + 1;
        List<TraceModule.Run> runs = new ArrayList<>();
        Coverage cov = new Coverage();
        for (int k = 0; k < cfgs.size(); k++) {
            for (Runner.Scenario sc : scenarios(cfgs.get(k), per, Gens.seed() + k)) {
                Runner.Result r = Runner.run(sc);
                assertTrue(r.outcome() != Runner.Outcome.FAILED, r.trace());
                cov.add(r);
                runs.add(TraceModule.record(sc.cfg().label() + " #" + runs.size(), r, List.of("TypeOK")));
            }
        }
        TraceModule.Checked c = TraceModule.check("accept", runs, List.of());
        System.out.printf("trace validation: %d runs (%d configurations), %d spec steps, TLC %.1f s%n%s",
                runs.size(), cfgs.size(), c.steps(), c.tlc().outcome().seconds(), cov.report("trace validation"));
        assertTrue(c.accepted(), c.explain());
    }
}
