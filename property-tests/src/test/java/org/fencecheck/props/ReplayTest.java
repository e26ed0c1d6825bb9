package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fencecheck.driver.Caller;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.driver.DriverShape;
import org.fencecheck.driver.IrqHandler;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.SpecActions;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.props.tlc.DotGraph;
import org.fencecheck.props.tlc.Replay;
import org.fencecheck.props.tlc.Tlc;
import org.fencecheck.props.tlc.TraceModule;
import org.fencecheck.tlc.RunOutcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replay from TLC: for every design x driver lock, TLC writes the reachable state graph of a small configuration
 * (1 fence, 1 callback, every op, 2 calls, ->signaled, wait timeouts: {@link #cfgText}); behaviours from it (one
 * through every action first, then to the leaves of a breadth-first tree) are driven onto impl, which must take
 * each action and reach TLC's observable state. Then the coverage test: every action of each graph was exercised
 * by impl, by replay or by trace validation; and a broken impl diverges at its named step.
 */
class ReplayTest {

    static final int PATHS = Integer.getInteger("fencecheck.replayPaths", 40);
    /** Recorded runs of impl per configuration that TLC validates for the coverage test. */
    static final int COVERAGE_RUNS = Integer.getInteger("fencecheck.coverageRuns", 40);

    /** A design x driver, its configuration and TLC's graph of it. */
    record Graph(SpecConfig cfg, DotGraph graph) {
        String label() {
            return cfg.defaultShape() ? cfg.design() + "/" + cfg.driverLock() : cfg.label();
        }
    }

    private static final Map<String, Graph> GRAPHS = new LinkedHashMap<>();
    /** design/driver -> actions impl took in replayed behaviours. */
    private static final Map<String, Set<String>> REPLAYED = new TreeMap<>();

    static SpecConfig cfgOf(LockingPolicy p, DriverLocking d) {
        SpecConfig c = SpecConfig.of(p, d, true);
        return c.withBounds(2, 1, List.of("cb1"), SpecConfig.ALL_OPS, 2, true);
    }

    /** A driver shape and caller at the replay bound (no wait from an atomic caller: the spec ASSUMEs it). */
    static SpecConfig cfgOf(LockingPolicy p, DriverShape shape, Caller caller) {
        SpecConfig c = SpecConfig.of(p, shape, caller);
        return c.withBounds(2, 1, List.of("cb1"), caller == Caller.PROCESS ? SpecConfig.ALL_OPS
                : SpecConfig.NON_SLEEPING_OPS, 2, true);
    }

    /**
     * What is replayed and covered: the first matrix (legacy and reworked x the four separate driver locks) and
     * the smallest set of issue-18 configurations that reaches every new action and branch: the driver lock that
     * is the fence lock under each design (legacy: the op takes no lock; series2026: dma_fence_signal_locked()
     * in op and handler, the flag-only get_status, ->check_signaled), the dropped handler (IrqBook, irq_drop)
     * with a side-effecting void op that signals after its unlock (rfc2024), series2026's check under the lock
     * (its self-deadlock), and both atomic callers (CallerExit). OpSetsError is left out: the arm failure is a
     * free choice of the spec that impl's scheduler does not make.
     */
    static List<SpecConfig> replayConfigs() {
        List<SpecConfig> out = new ArrayList<>();
        for (LockingPolicy p : List.of(LockingPolicy.LEGACY, LockingPolicy.REWORKED)) {
            for (DriverLocking d : List.of(DriverLocking.NONE, DriverLocking.IRQSAVE, DriverLocking.PLAIN,
                    DriverLocking.IRQ)) {
                out.add(cfgOf(p, d));
            }
        }
        out.addAll(shapeConfigs().stream().map(c -> c.withBounds(2, 1, List.of("cb1"),
                c.caller().equals("process") ? SpecConfig.ALL_OPS : SpecConfig.NON_SLEEPING_OPS, 2, true)).toList());
        return out;
    }

    /** The issue-18 shapes of {@link #replayConfigs()}, at the default bound. */
    static List<SpecConfig> shapeConfigs() {
        LockingPolicy legacy = LockingPolicy.LEGACY;
        LockingPolicy rfc = LockingPolicy.RFC2024;
        LockingPolicy s26 = LockingPolicy.SERIES2026;
        DriverShape s26fence = DriverShape.of(s26, DriverLocking.FENCE, true).withOpSideEffect(true);
        return List.of(
                SpecConfig.of(legacy, DriverShape.of(legacy, DriverLocking.FENCE, true), Caller.PROCESS),
                SpecConfig.of(rfc, DriverShape.of(rfc, DriverLocking.IRQSAVE, true).withHandler(IrqHandler.DROPPED)
                        .withOpSideEffect(true), Caller.PROCESS),
                SpecConfig.of(s26, s26fence, Caller.PROCESS),
                SpecConfig.of(s26, s26fence.withOpSideEffect(false).withCheckUnderLock(true), Caller.PROCESS),
                SpecConfig.of(LockingPolicy.REWORKED, DriverShape.of(LockingPolicy.REWORKED, DriverLocking.IRQ, true),
                        Caller.IRQ_WORK));
        // Not Caller "callback": the spec's Call is disabled while another CPU holds fence->lock, impl's call
        // announces its Call step and then spins on the lock; the scheduler (Session) does not yet withhold such
        // a Call move, so a recorded run can start a call the spec cannot. impl ShapeVerdictTest covers it.
    }

    static String cfgText(SpecConfig c) {
        return "\\* property-tests ReplayTest: " + c + "\nCONSTANTS\n    CPUs = {\"c1\", \"c2\"}\n    NumFences = "
                + c.numFences() + "\n    Cbs = {\"cb1\"}\n    Design = \"" + c.design() + "\"\n    DriverLock = \""
                + c.driverLock() + "\"\n    Handler = \"" + c.handler() + "\"\n    OpSignal = \"" + c.opSignal()
                + "\"\n    OpSideEffect = " + (c.opSideEffect() ? "TRUE" : "FALSE") + "\n    OpSetsError = "
                + (c.opSetsError() ? "TRUE" : "FALSE") + "\n    CheckUnderLock = "
                + (c.checkUnderLock() ? "TRUE" : "FALSE") + "\n    Caller = \"" + c.caller() + "\""
                + "\n    SignaledOp = TRUE\n    Ops = " + TraceModule.strSet(c.ops())
                + "\n    MaxCalls = " + c.maxCalls() + "\n    WaitTimeouts = TRUE\n    Profile = \"shape\""
                + "\n    Mutation = \"none\"\n"
                + "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n";
    }

    static synchronized Graph graph(LockingPolicy p, DriverLocking d) throws IOException {
        return graph(cfgOf(p, d));
    }

    static synchronized Graph graph(SpecConfig cfg) throws IOException {
        Graph g = GRAPHS.get(cfg.label());
        if (g == null) {
            Path dir = Tlc.workDir("replay-" + cfg.label().replaceAll("[^A-Za-z0-9_]+", "-"));
            Files.writeString(dir.resolve("Replay.cfg"), cfgText(cfg));
            RunOutcome o = Tlc.run(dir, "DmaFence", dir.resolve("Replay.cfg"), List.of("-dump", "dot,actionlabels",
                    dir.resolve("graph.dot").toString())).outcome();
            assertTrue(o.kind() == RunOutcome.Kind.NO_ERROR, "TLC on " + dir + ": " + o.kind() + " " + o.error());
            g = new Graph(cfg, DotGraph.read(dir.resolve("graph.dot")));
            GRAPHS.put(cfg.label(), g);
        }
        return g;
    }

    /** Behaviours: first one ending in an edge of each action, then paths to the leaves of a BFS tree. */
    static List<List<DotGraph.Edge>> paths(DotGraph g, int max) {
        Map<Long, List<DotGraph.Edge>> out = new HashMap<>();
        g.edges().stream().filter(e -> e.from() != e.to()).forEach(e -> out.computeIfAbsent(e.from(),
                k -> new ArrayList<>()).add(e));
        Map<Long, DotGraph.Edge> parent = new HashMap<>();
        Set<Long> seen = new HashSet<>(g.initial());
        ArrayDeque<Long> q = new ArrayDeque<>(g.initial());
        List<Long> order = new ArrayList<>();
        while (!q.isEmpty()) {
            long u = q.poll();
            order.add(u);
            for (DotGraph.Edge e : out.getOrDefault(u, List.of())) {
                if (seen.add(e.to())) {
                    parent.put(e.to(), e);
                    q.add(e.to());
                }
            }
        }
        List<List<DotGraph.Edge>> paths = new ArrayList<>();
        Set<String> actions = new HashSet<>();
        for (long u : order) {
            for (DotGraph.Edge e : out.getOrDefault(u, List.of())) {
                if (actions.add(e.action())) {
                    List<DotGraph.Edge> p = pathTo(parent, u);
                    p.add(e);
                    paths.add(p);
                }
            }
        }
        List<Long> leaves = order.stream().filter(u -> !out.containsKey(u)).toList();
        int stride = Math.max(1, leaves.size() / Math.max(1, max - paths.size()));
        for (int i = leaves.size() - 1; i >= 0 && paths.size() < max; i -= stride) {
            paths.add(pathTo(parent, leaves.get(i)));
        }
        return paths;
    }

    private static List<DotGraph.Edge> pathTo(Map<Long, DotGraph.Edge> parent, long v) {
        List<DotGraph.Edge> p = new ArrayList<>();
        for (DotGraph.Edge e = parent.get(v); e != null; e = parent.get(e.from())) {
            p.add(0, e);
        }
        return p;
    }

    static Replay.Outcome replay(Graph g, SpecConfig cfg, List<DotGraph.Edge> path) {
        List<Replay.PathStep> steps = new ArrayList<>();
        path.forEach(e -> steps.add(new Replay.PathStep(e.action(), g.graph().state(e.to()))));
        return Replay.replay(cfg, g.graph().state(path.isEmpty() ? g.graph().initial().get(0) : path.get(0).from()),
                steps);
    }

    @TestFactory
    Stream<DynamicTest> tlcBehavioursReplayOnImplForEveryDesignAndDriver() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SpecConfig rc : replayConfigs()) {
            {
                tests.add(DynamicTest.dynamicTest(rc.label(), () -> {
                    Graph g = graph(rc);
                    Set<String> done = new TreeSet<>();
                    int replayed = 0;
                    int skipped = 0;
                    for (List<DotGraph.Edge> path : paths(g.graph(), PATHS)) {
                        Replay.Outcome o = replay(g, g.cfg(), path);
                        assertTrue(o.divergence() == null, g.label() + ": " + o.divergence());
                        if (o.skipped()) {
                            skipped++;
                        } else {
                            replayed++;
                            path.forEach(e -> done.add(e.action()));
                        }
                    }
                    synchronized (REPLAYED) {
                        REPLAYED.put(g.label(), done);
                    }
                    System.out.printf("replay %s: TLC graph %d states, %d transitions; %d behaviours replayed, %d "
                            + "skipped (handler decides earlier); actions %s%n", g.label(), g.graph().size(),
                            g.graph().edges().size(), replayed, skipped, done);
                    assertTrue(replayed > skipped, g.label() + ": most behaviours must replay");
                }));
            }
        }
        return tests.stream();
    }

    /**
     * Coverage: for every design x driver lock, every action in TLC's graph of it was taken by impl in a
     * replayed behaviour or in a run TLC accepted (a trace-validation batch of the same configuration).
     */
    @Test
    void everyActionOfEveryDesignAndDriverIsExercised() throws IOException {
        List<TraceModule.Run> runs = new ArrayList<>();
        Map<String, Set<String>> validated = new TreeMap<>();
        for (SpecConfig cfg : replayConfigs()) {
            {
                String label = new Graph(cfg, null).label();
                for (Runner.Scenario sc : TraceValidationTest.scenarios(cfg, COVERAGE_RUNS,
                        Gens.seed() + label.hashCode())) {
                    TraceModule.Run r = TraceModule.record(label, Runner.run(sc), List.of("TypeOK"));
                    runs.add(r);
                    r.steps().forEach(s -> validated.computeIfAbsent(label, k -> new TreeSet<>()).add(s.action()));
                }
            }
        }
        TraceModule.Checked c = TraceModule.check("coverage", runs, List.of());
        System.out.printf("coverage: %d recorded runs, %d spec steps, TLC %.1f s%n", runs.size(), c.steps(),
                c.tlc().outcome().seconds());
        assertTrue(c.accepted(), c.explain());
        List<String> missing = new ArrayList<>();
        Set<String> reachable = new TreeSet<>();
        for (SpecConfig cfg : replayConfigs()) {
            {
                Graph g = graph(cfg);
                Set<String> inGraph = new TreeSet<>();
                g.graph().edges().stream().filter(e -> e.from() != e.to()).forEach(e -> inGraph.add(e.action()));
                reachable.addAll(inGraph);
                if (!REPLAYED.containsKey(g.label())) {
                    for (List<DotGraph.Edge> path : paths(g.graph(), 0)) {
                        if (replay(g, g.cfg(), path).run() != null) {
                            path.forEach(e -> REPLAYED.computeIfAbsent(g.label(), k -> new TreeSet<>()).add(e.action()));
                        }
                    }
                }
                Set<String> done = new TreeSet<>(REPLAYED.getOrDefault(g.label(), Set.of()));
                done.addAll(validated.getOrDefault(g.label(), Set.of()));
                for (String a : inGraph) {
                    if (!done.contains(a)) {
                        missing.add(g.label() + ": " + a);
                    }
                }
                System.out.printf("coverage %s: %d actions in TLC's graph, replayed %s, trace-validated %s%n",
                        g.label(), inGraph.size(), REPLAYED.getOrDefault(g.label(), Set.of()).size(),
                        validated.getOrDefault(g.label(), Set.of()).size());
            }
        }
        Set<String> mutationOnly = new TreeSet<>(SpecActions.ALL);
        mutationOnly.removeAll(reachable);
        System.out.println("spec actions reached only under a mutation (exercised by MutationConformanceTest): "
                + mutationOnly);
        assertFalse(reachable.isEmpty());
        assertTrue(missing.isEmpty(), "actions impl never took: " + missing);
    }

    /** A broken impl (cb_before_signaled) diverges from TLC's behaviours at the step of its bug. */
    @Test
    void replayCatchesABrokenImplAtItsStep() throws IOException {
        Graph g = graph(LockingPolicy.LEGACY, DriverLocking.NONE);
        String first = null;
        for (List<DotGraph.Edge> path : paths(g.graph(), PATHS)) {
            Replay.Outcome o = replay(g, g.cfg().withMutation("cb_before_signaled"), path);
            if (o.divergence() != null) {
                first = o.divergence();
                break;
            }
        }
        assertNotNull(first, "cb_before_signaled follows every behaviour of the correct spec");
        System.out.println("replay of cb_before_signaled: " + first);
        assertTrue(first.startsWith("diverges at step ") && first.contains("(SignalTestAndSet of "), first);
        assertTrue(first.contains("flags: "), first);
    }
}
