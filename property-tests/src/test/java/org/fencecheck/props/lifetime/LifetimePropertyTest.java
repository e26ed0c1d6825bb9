package org.fencecheck.props.lifetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fencecheck.driver.DriverModule;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.props.Gens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Issue 6 on the implementation: QuickTheories generates command lists over a driver module, its fences, two CPUs
 * making kernel calls, the driver's retires and the module's unload, interleaved step by step
 * ({@link LifetimeWorld}); after every command and every granted step the invariants of
 * DmaFenceLifetimeProps.tla are evaluated: NoCodeAfterUnload, NoNullOpsCall, QueriesAnswerAfterUnload,
 * OpsDetachedOnSignal (and, after the final drain, that every call and the unload completed).
 *
 * <p>The upstream design ({@link OpsLifetime#RCU_DETACH}, driver without {@code ->release}/{@code ->wait}) holds
 * them all under both locking policies. Each broken variant, and the legacy design, falsifies the property the
 * manifest says it violates; the shrunk command list prints as a trace.
 */
class LifetimePropertyTest {

    static final int COMMANDS = 30;
    static final int EXAMPLES = 1000;
    static final int BROKEN_EXAMPLES = 1500;

    /** A configuration of the world. */
    record Cfg(LockingPolicy policy, OpsLifetime lifetime, DriverModule.Ops ops, DriverModule.Unload unload,
               int fences) {

        LifetimeWorld world() {
            return new LifetimeWorld(policy, lifetime, ops, unload, fences);
        }

        @Override
        public String toString() {
            return lifetime + "/" + policy.specName() + "/ops=" + ops + "/" + unload + "/fences=" + fences;
        }
    }

    static Gen<LifetimeCommand> commands(int fences) {
        Gen<Integer> fence = integers().between(1, fences);
        Gen<LifetimeCommand> call = integers().between(0, 1).zip(Generate.enumValues(LifetimeCommand.CpuOp.class),
                fence, (c, op, f) -> new LifetimeCommand.Call(c, op, f));
        Gen<LifetimeCommand> run = Generate.pick(LifetimeWorld.ACTORS).zip(integers().between(1, 6),
                (a, n) -> new LifetimeCommand.Run(a, n));
        Gen<LifetimeCommand> retire = fence.map(LifetimeCommand.Retire::new);
        Gen<LifetimeCommand> unload = Generate.constant(new LifetimeCommand.Unload());
        Gen<LifetimeCommand> hw = Generate.constant(new LifetimeCommand.Hw());
        return Generate.frequency(List.of(Pair.of(8, call), Pair.of(10, run), Pair.of(3, retire),
                Pair.of(2, unload), Pair.of(1, hw)));
    }

    /** One run: the commands, then the drain; returns the world's verdicts (the world is closed). */
    static LifetimeWorld run(Cfg cfg, List<LifetimeCommand> cmds) {
        LifetimeWorld w = cfg.world();
        try {
            for (LifetimeCommand c : cmds) {
                w.apply(c);
            }
            w.drain();
            return w;
        } finally {
            w.close();
        }
    }

    /**
     * Checks that no run falsifies {@code property}; returns null if none did, else the trace of QuickTheories'
     * smallest falsifying list.
     */
    static String search(Cfg cfg, String property, int examples) {
        Map<String, List<LifetimeCommand>> lists = new LinkedHashMap<>();
        try {
            qt().withFixedSeed(Gens.seed()).withExamples(Gens.examples(examples))
                    .withShrinkCycles(200)
                    .forAll(lists().of(commands(cfg.fences())).ofSizeBetween(1, COMMANDS)
                            .describedAs(List::toString))
                    .check(cmds -> {
                        LifetimeWorld w = run(cfg, cmds);
                        if (w.failure() != null) {
                            throw new AssertionError("run failed: " + w.failure() + "\n" + w.trace());
                        }
                        boolean bad = falsifies(w, property);
                        if (bad) {
                            lists.put(cmds.toString(), cmds);
                        }
                        return !bad;
                    });
            return null;
        } catch (AssertionError e) {
            String msg = String.valueOf(e.getMessage());
            String marker = "Smallest found falsifying value(s) :-";
            int i = msg.indexOf(marker);
            String smallest = i < 0 ? "" : msg.substring(i + marker.length()).strip().lines().findFirst().orElse("");
            List<LifetimeCommand> qtSmallest = lists.get(smallest.strip());
            if (qtSmallest == null) {
                throw e;
            }
            List<LifetimeCommand> min = minimize(cfg, property, qtSmallest);
            return "falsified (seed " + Gens.seed() + "); QuickTheories' smallest list has "
                    + qtSmallest.size() + " commands, minimized to " + min.size() + ":\n" + run(cfg, min).trace();
        }
    }

    private static boolean falsifies(LifetimeWorld w, String property) {
        return property == null ? !w.violated().isEmpty() : w.violated().contains(property);
    }

    /**
     * QuickTheories' shrinking of command lists stops early (QuickTheories' own limitation, see the README):
     * drop single commands greedily while the run still falsifies, so the trace shows only what matters.
     */
    static List<LifetimeCommand> minimize(Cfg cfg, String property, List<LifetimeCommand> cmds) {
        List<LifetimeCommand> cur = new java.util.ArrayList<>(cmds);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = cur.size() - 1; i >= 0; i--) {
                List<LifetimeCommand> cand = new java.util.ArrayList<>(cur);
                cand.remove(i);
                LifetimeWorld w = run(cfg, cand);
                if (w.failure() == null && falsifies(w, property)) {
                    cur = cand;
                    progress = true;
                }
            }
        }
        return cur;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LockingPolicy.class)
    void upstreamDesignHoldsEveryInvariant(LockingPolicy policy) {
        Cfg cfg = new Cfg(policy, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN, DriverModule.Unload.SYNCHRONIZE_RCU,
                2);
        long t0 = System.nanoTime();
        String found = search(cfg, null, EXAMPLES);
        System.out.printf("lifetime property %s: %s (%d ms)%n", cfg, found == null ? "holds" : "VIOLATED",
                (System.nanoTime() - t0) / 1_000_000);
        assertEquals(null, found, found);
    }

    /** configuration, the property it must falsify (spec/manifest.json's lifetime_* models). */
    static Stream<Arguments> caught() {
        return Stream.of(
                Arguments.of(new Cfg(LockingPolicy.REWORKED, OpsLifetime.BROKEN_OPS_OUTSIDE_RCU,
                        DriverModule.Ops.PLAIN, DriverModule.Unload.SYNCHRONIZE_RCU, 1), "NoCodeAfterUnload"),
                Arguments.of(new Cfg(LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN,
                        DriverModule.Unload.BROKEN_NO_GRACE_PERIOD, 1), "NoCodeAfterUnload"),
                Arguments.of(new Cfg(LockingPolicy.REWORKED, OpsLifetime.BROKEN_NO_NULL_CHECK,
                        DriverModule.Ops.PLAIN, DriverModule.Unload.SYNCHRONIZE_RCU, 1), "NoNullOpsCall"),
                Arguments.of(new Cfg(LockingPolicy.LEGACY, OpsLifetime.PINNED, DriverModule.Ops.PLAIN,
                        DriverModule.Unload.SYNCHRONIZE_RCU, 1), "NoCodeAfterUnload"),
                Arguments.of(new Cfg(LockingPolicy.LEGACY, OpsLifetime.PINNED, DriverModule.Ops.PLAIN,
                        DriverModule.Unload.SYNCHRONIZE_RCU, 1), "OpsDetachedOnSignal"),
                Arguments.of(new Cfg(LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH, DriverModule.Ops.RELEASE,
                        DriverModule.Unload.SYNCHRONIZE_RCU, 1), "NoCodeAfterUnload"));
    }

    @ParameterizedTest(name = "{0} falsifies {1}")
    @MethodSource("caught")
    void brokenVariantsAndLegacyAreCaught(Cfg cfg, String property) {
        long t0 = System.nanoTime();
        String found = search(cfg, property, BROKEN_EXAMPLES);
        System.out.printf("lifetime property %s, %s (%d ms):%n%s%n", cfg, property,
                (System.nanoTime() - t0) / 1_000_000, found);
        assertNotNull(found, property + " must be falsified on " + cfg);
        assertTrue(found.contains("** " + property + " violated"), found);
    }

    /** Control: the same world replays deterministically (same commands, same trace). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OpsLifetime.class, names = {"RCU_DETACH", "PINNED"})
    void runsAreDeterministic(OpsLifetime lifetime) {
        Cfg cfg = new Cfg(LockingPolicy.REWORKED, lifetime, DriverModule.Ops.PLAIN,
                DriverModule.Unload.SYNCHRONIZE_RCU, 1);
        List<LifetimeCommand> cmds = List.of(new LifetimeCommand.Call(0, LifetimeCommand.CpuOp.ISSIG, 1),
                new LifetimeCommand.Run("c1", 2), new LifetimeCommand.Unload(), new LifetimeCommand.Run("exit", 6),
                new LifetimeCommand.Call(1, LifetimeCommand.CpuOp.NAME, 1), new LifetimeCommand.Run("c1", 6));
        LifetimeWorld a = run(cfg, cmds);
        LifetimeWorld b = run(cfg, cmds);
        assertEquals(a.trace(), b.trace());
        assertEquals(Set.copyOf(a.violated()), Set.copyOf(b.violated()));
        System.out.println("lifetime trace " + cfg + ":\n" + a.trace());
    }
}
