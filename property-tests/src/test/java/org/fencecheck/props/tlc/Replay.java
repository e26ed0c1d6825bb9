package org.fencecheck.props.tlc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.fencecheck.props.model.Abs;
import org.fencecheck.props.model.Spec;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.sched.Move;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Session;
import org.fencecheck.props.sut.Sut;

/**
 * Model-based replay: behaviours taken from TLC's reachable state graph are replayed step by step on the
 * implementation (a {@link Session}: each spec action becomes the matching scheduler move), comparing the
 * abstract state after every step with TLC's. The behaviours are the paths from the initial state to every
 * leaf of a breadth-first tree of the graph (so every reachable state is visited), plus one path through each
 * remaining transition, up to a bound.
 *
 * <p>One known granularity difference is not replayed but counted: the implementation's interrupt handler
 * decides which fence to signal at the end of its previous step (see the README's findings), so a behaviour
 * in which another CPU or the hardware moves between that step and the spec's IrqNextFence is skipped.
 */
public final class Replay {

    /**
     * What a replay covered.
     *
     * @param paths        behaviours chosen
     * @param replayed     behaviours replayed to their end
     * @param skipped      behaviours skipped for the handler's earlier decision
     * @param divergences  behaviours on which the implementation diverged, each with its first diverging step
     * @param states       states of the graph visited by replayed behaviours
     * @param edges        transitions of the graph taken by replayed behaviours
     * @param actions      actions taken / actions in the graph
     */
    public record Report(int paths, int replayed, int skipped, List<String> divergences, int statesTotal,
                         Set<Long> states, int edgesTotal, Set<String> edges, Map<String, Integer> actions,
                         Set<String> actionsInGraph) {
        public String summary(String name) {
            return String.format("replay %s: %d behaviours from TLC's state graph, %d replayed, %d skipped (handler "
                            + "decides earlier), %d diverged; states covered %d/%d (%.0f%%), transitions %d/%d "
                            + "(%.0f%%), actions %d/%d %s", name, paths, replayed, skipped, divergences.size(),
                    states.size(), statesTotal, 100.0 * states.size() / statesTotal, edges.size(), edgesTotal,
                    100.0 * edges.size() / Math.max(1, edgesTotal), actions.size(), actionsInGraph.size(), actions);
        }
    }

    private Replay() {
    }

    static boolean skipEdge(DotGraph.Edge e) {
        return e.action().equals("Finished") || e.from() == e.to();
    }

    /** Paths to the leaves of a BFS tree, then through the remaining transitions (up to maxPaths). */
    public static List<List<DotGraph.Edge>> paths(DotGraph g, int maxPaths) {
        Map<Long, List<DotGraph.Edge>> out = new HashMap<>();
        for (DotGraph.Edge e : g.edges()) {
            if (!skipEdge(e)) {
                out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Long, DotGraph.Edge> parent = new HashMap<>();
        Set<Long> seen = new HashSet<>(g.initial());
        ArrayDeque<Long> q = new ArrayDeque<>(g.initial());
        Set<Long> hasChild = new HashSet<>();
        while (!q.isEmpty()) {
            long u = q.poll();
            for (DotGraph.Edge e : out.getOrDefault(u, List.of())) {
                if (seen.add(e.to())) {
                    parent.put(e.to(), e);
                    hasChild.add(u);
                    q.add(e.to());
                }
            }
        }
        List<List<DotGraph.Edge>> paths = new ArrayList<>();
        Set<DotGraph.Edge> treeEdges = new HashSet<>(parent.values());
        for (long v : seen) {
            if (!hasChild.contains(v)) {
                paths.add(pathTo(parent, v));
            }
        }
        List<DotGraph.Edge> rest = new ArrayList<>();
        for (DotGraph.Edge e : g.edges()) {
            if (!skipEdge(e) && !treeEdges.contains(e) && seen.contains(e.from())) {
                rest.add(e);
            }
        }
        // first one per action not yet on a path, then an even sample of the others
        Set<String> onPaths = new HashSet<>();
        paths.forEach(p -> p.forEach(e -> onPaths.add(e.action())));
        List<DotGraph.Edge> ordered = new ArrayList<>();
        for (DotGraph.Edge e : rest) {
            if (onPaths.add(e.action())) {
                ordered.add(e);
            }
        }
        int room = Math.max(0, maxPaths - paths.size() - ordered.size());
        int stride = Math.max(1, rest.size() / Math.max(1, room));
        for (int i = 0; i < rest.size() && ordered.size() < room + onPaths.size(); i += stride) {
            ordered.add(rest.get(i));
        }
        for (DotGraph.Edge e : ordered) {
            List<DotGraph.Edge> p = pathTo(parent, e.from());
            p.add(e);
            paths.add(p);
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

    /** Replays the paths on fresh systems made by {@code sut}. */
    public static Report replay(DotGraph g, SpecConfig cfg, Function<SpecConfig, Sut> sut, int maxPaths,
                                int maxDivergences) {
        List<List<DotGraph.Edge>> paths = paths(g, maxPaths);
        Map<Long, Map<String, String>> visible = new HashMap<>();
        Set<Long> states = new HashSet<>(g.initial());
        Set<String> edges = new HashSet<>();
        Map<String, Integer> actions = new TreeMap<>();
        Set<String> inGraph = new LinkedHashSet<>();
        int edgesTotal = 0;
        for (DotGraph.Edge e : g.edges()) {
            if (!skipEdge(e)) {
                inGraph.add(e.action());
                edgesTotal++;
            }
        }
        List<String> divergences = new ArrayList<>();
        int replayed = 0;
        int skipped = 0;
        for (int p = 0; p < paths.size() && divergences.size() < maxDivergences; p++) {
            List<DotGraph.Edge> path = paths.get(p);
            String r = replayOne(g, cfg, sut, path, visible);
            if (r == null) {
                replayed++;
                for (DotGraph.Edge e : path) {
                    states.add(e.to());
                    edges.add(e.from() + ">" + e.to() + ":" + e.action());
                    actions.merge(e.action(), 1, Integer::sum);
                }
            } else if (r.equals(SKIP)) {
                skipped++;
            } else {
                divergences.add("behaviour " + (p + 1) + " of " + paths.size() + ": " + r);
            }
        }
        return new Report(paths.size(), replayed, skipped, divergences, g.nodes().size(), states, edgesTotal, edges,
                actions, inGraph);
    }

    /** The result of a skipped replay. */
    public static final String SKIP = "(skipped)";

    private static Map<String, String> visibleOf(DotGraph g, long node, Map<Long, Map<String, String>> cache) {
        return cache.computeIfAbsent(node, k -> TlcState.visible(TlcState.canonical(g.nodes().get(k))));
    }

    /** One step of a behaviour: the action and the state after it (TLC's printed variables). */
    public record PathStep(String action, Map<String, String> target, Map<String, String> visible) {
    }

    /** Replays one path of the graph; null if it conforms, SKIP, or the first diverging step. */
    static String replayOne(DotGraph g, SpecConfig cfg, Function<SpecConfig, Sut> sutFactory,
                            List<DotGraph.Edge> path, Map<Long, Map<String, String>> cache) {
        List<PathStep> steps = new ArrayList<>();
        for (DotGraph.Edge e : path) {
            steps.add(new PathStep(e.action(), g.nodes().get(e.to()), visibleOf(g, e.to(), cache)));
        }
        String r = replaySteps(cfg, sutFactory, visibleOf(g, g.initial().get(0), cache), steps, s -> {
        });
        return r;
    }

    /**
     * Replays a behaviour (from its initial state's visible variables) on a fresh system; null if it conforms,
     * SKIP, or the first diverging step. {@code atEnd} sees the session after the last step.
     */
    public static String replaySteps(SpecConfig cfg, Function<SpecConfig, Sut> sutFactory, Map<String, String> init,
                                     List<PathStep> path, java.util.function.Consumer<Session> atEnd) {
        try (Session s = new Session(sutFactory.apply(cfg), false)) {
            s.settle();
            String[] pending = new String[cfg.cpus()];
            boolean reordered = false;
            StringBuilder trace = new StringBuilder();
            if (!canonicalVisible(s).equals(init)) {
                return "initial states differ";
            }
            for (int k = 0; k < path.size(); k++) {
                PathStep e = path.get(k);
                Map<String, String> tgt = e.target();
                Map<String, Object> step = stepOf(tgt);
                String a = e.action();
                String who = (String) step.get("cpu");
                int c = who.startsWith("c") ? Spec.cpuIndex(who) : -1;
                trace.append(String.format("    %2d  %-20s %s: %s%n", k + 1, a, who, step.get("act")));
                for (int d = 0; d < pending.length; d++) {
                    // the handler of d decided before this step; the spec decides after it: fine unless this
                    // step changes what the handler picks (the hardware, or a fence getting signaled)
                    if (pending[d] != null && d != c && (a.equals("HwComplete") || a.startsWith("Signal"))) {
                        reordered = true;
                    }
                }
                if (c >= 0 && a.equals(pending[c])) {
                    pending[c] = null;
                } else {
                    if (c >= 0 && "proc".equals(step.get("ctx")) || c >= 0 && a.equals("IrqEnter")) {
                        String err = finishReturn(s, c);
                        if (err != null) {
                            return reordered ? SKIP : diverged(k, a, who, err, trace);
                        }
                    }
                    Observer.Tick t;
                    switch (a) {
                        case "Call" -> {
                            Op op = callOf(step);
                            s.submit(c, op);
                            s.settle();
                            if (!s.enabled().contains(Move.step(c))) {
                                return diverged(k, a, who, "cannot start " + op, trace);
                            }
                            t = s.perform(Move.step(c));
                        }
                        case "HwComplete" -> {
                            if (!s.enabled().contains(Move.HW)) {
                                return diverged(k, a, who, "the hardware cannot move", trace);
                            }
                            t = s.perform(Move.HW);
                        }
                        case "IrqEnter" -> {
                            if (!s.enabled().contains(Move.irq(c))) {
                                return diverged(k, a, who, "the implementation cannot take the interrupt here",
                                        trace);
                            }
                            t = s.perform(Move.irq(c));
                        }
                        default -> {
                            if (a.equals("WaitSchedule") && s.view(c) == Session.View.SLEEPING) {
                                if (!s.enabled().contains(Move.timeout(c))) {
                                    return diverged(k, a, who, "asleep, no timeout possible", trace);
                                }
                                t = s.perform(Move.timeout(c));
                            } else {
                                t = null;
                                for (int n = 0; n < 8; n++) {
                                    if (!s.enabled().contains(Move.step(c))) {
                                        return diverged(k, a, who, "CPU " + who + " cannot step ("
                                                + s.view(c) + ", " + s.pendingStep(c) + ")", trace);
                                    }
                                    t = s.perform(Move.step(c));
                                    if (!t.labels().isEmpty()) {
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    if (t == null || t.labels().isEmpty() || !t.labels().get(0).equals(a)) {
                        return reordered ? SKIP : diverged(k, a, who, "the implementation did " + (t == null
                                ? "nothing" : t.describe()), trace);
                    }
                    if (t.labels().size() > 1) {
                        pending[c] = t.labels().get(1);
                    }
                }
                boolean anyPending = false;
                for (String x : pending) {
                    anyPending |= x != null;
                }
                if (true) {
                    // while a handler's decision is ahead of the spec, only its CPU's context and IRQ flag may
                    // differ (the decision to return from the interrupt)
                    Map<String, String> want = e.visible();
                    Map<String, String> got = canonicalVisible(s);
                    StringBuilder d = new StringBuilder();
                    for (String v : Abs.VARS) {
                        if (anyPending && (v.equals("ctx") || v.equals("irqOn"))) {
                            continue;
                        }
                        if (!want.get(v).equals(got.get(v))) {
                            d.append("      ").append(v).append(": impl ").append(got.get(v)).append(", spec ")
                                    .append(want.get(v)).append('\n');
                        }
                    }
                    if (d.length() > 0) {
                        if (reordered) {
                            return SKIP;
                        }
                        return diverged(k, a, who, "the abstract states differ:\n" + d, trace);
                    }
                }
            }
            atEnd.accept(s);
            return null;
        }
    }

    /** Lets CPU c finish returning from an interrupt (the implementation's IRQ_EXIT, a stutter). */
    private static String finishReturn(Session s, int c) {
        while (s.view(c) == Session.View.AT_STEP && s.pendingStep(c).action() == org.fencecheck.sim.Action.IRQ_EXIT) {
            Observer.Tick t = s.perform(Move.step(c));
            if (!t.labels().isEmpty()) {
                return "returning from the interrupt did " + t.describe();
            }
        }
        return null;
    }

    private static String diverged(int k, String a, String who, String what, StringBuilder trace) {
        return "diverges at step " + (k + 1) + " (" + a + " of " + who + "): " + what + "\n  the behaviour so far:\n"
                + trace;
    }

    private static Map<String, String> canonicalVisible(Session s) {
        Abs a = Abs.of(s.abs());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String v : Abs.VARS) {
            out.put(v, TlaValue.canonical(a.get(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stepOf(Map<String, String> vars) {
        Map<String, Object> m = (Map<String, Object>) TlaValue.parse(vars.get("step"));
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey().substring(1, e.getKey().length() - 1);
            Object v = e.getValue();
            out.put(k, v instanceof String t && t.startsWith("\"") ? t.substring(1, t.length() - 1) : v);
        }
        return out;
    }

    static Op callOf(Map<String, Object> step) {
        String fn = (String) step.get("fn");
        String op = switch (fn) {
            case "dma_fence_add_callback" -> "add";
            case "dma_fence_remove_callback" -> "remove";
            case "dma_fence_enable_sw_signaling" -> "enable";
            case "dma_fence_wait_timeout" -> "wait";
            case "dma_fence_is_signaled" -> "issig";
            case "dma_fence_get_status" -> "status";
            case "drv_error_path" -> "seterr";
            default -> throw new IllegalArgumentException("Call of " + fn);
        };
        String act = (String) step.get("act");
        String cb = act.contains("[") ? act.substring(act.indexOf('[') + 1, act.indexOf(']')) : "none";
        return new Op(op, Integer.parseInt((String) step.get("fence")), cb);
    }
}
