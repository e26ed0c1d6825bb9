package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.model.SpecConfig;

/** Development fuzz run (not a test). */
public final class FuzzMain {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        boolean timeouts = args.length > 1 && args[1].equals("t");
        long t0 = System.nanoTime();
        for (LockingPolicy p : LockingPolicy.values()) {
            for (DriverLocking d : DriverLocking.values()) {
                for (boolean sig : new boolean[] {false, true}) {
                    SpecConfig cfg = SpecConfig.of(p, d, sig);
                    if (timeouts) {
                        cfg = cfg.withBounds(2, 2, cfg.cbs(), cfg.ops(), 3, true);
                    }
                    Random r = new Random(42);
                    Map<Runner.Outcome, Integer> out = new EnumMap<>(Runner.Outcome.class);
                    Map<String, Integer> viol = new TreeMap<>();
                    String firstDiv = null;
                    for (int i = 0; i < n; i++) {
                        Runner.Scenario sc = random(cfg, r);
                        Runner.Result res = Runner.run(sc, Runner.Options.defaults().withStopAtViolation(false));
                        out.merge(res.outcome(), 1, Integer::sum);
                        for (String v : res.everViolated()) viol.merge(v, 1, Integer::sum);
                        if ((res.outcome() == Runner.Outcome.DIVERGED || res.outcome() == Runner.Outcome.FAILED) && firstDiv == null) {
                            firstDiv = res.trace();
                            if (res.failure() != null) { res.failure().printStackTrace(System.out); }
                        }
                    }
                    System.out.println(cfg.label() + " " + out + " " + viol);
                    if (firstDiv != null) System.out.println(firstDiv);
                }
            }
        }
        System.out.println("time " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    static Runner.Scenario random(SpecConfig cfg, Random r) {
        String[] ops = {"add", "remove", "enable", "issig", "status", "seterr", "wait"};
        List<List<Op>> progs = new ArrayList<>();
        for (int c = 0; c < cfg.cpus(); c++) progs.add(new ArrayList<>());
        int calls = 1 + r.nextInt(cfg.maxCalls());
        for (int i = 0; i < calls; i++) {
            String op = ops[r.nextInt(ops.length)];
            int f = 1 + r.nextInt(cfg.numFences());
            String cb = op.equals("add") || op.equals("remove") ? cfg.cbs().get(r.nextInt(cfg.cbs().size())) : "none";
            progs.get(r.nextInt(cfg.cpus())).add(new Op(op, f, cb));
        }
        List<Integer> ch = new ArrayList<>();
        int len = r.nextInt(60);
        for (int i = 0; i < len; i++) ch.add(r.nextInt(8));
        return new Runner.Scenario(cfg, progs, ch);
    }
}
