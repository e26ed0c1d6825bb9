package org.fencecheck.props.sched;

import java.util.List;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.model.SpecConfig;

/** Development smoke run (not a test). */
public final class SmokeMain {
    public static void main(String[] args) {
        SpecConfig cfg = SpecConfig.of(LockingPolicy.valueOf(args[0]), DriverLocking.valueOf(args[1]), false);
        Runner.Scenario sc = new Runner.Scenario(cfg,
                List.of(List.of(new Op("add", 1, "cb1"), new Op("wait", 2, "none")), List.of(new Op("enable", 2, "none"))),
                List.of(0, 1, 1, 0, 2, 3, 1, 1, 0, 0, 5, 4, 3, 2, 1, 1, 1, 2, 2, 2, 3));
        Runner.Result r = Runner.run(sc, Runner.Options.defaults().withStopAtViolation(false));
        System.out.println(r.trace());
        System.out.println("ever violated " + r.everViolated());
    }
}
