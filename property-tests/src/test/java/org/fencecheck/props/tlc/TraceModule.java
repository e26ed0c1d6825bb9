package org.fencecheck.props.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fencecheck.props.sched.Abs;
import org.fencecheck.props.sched.Observer;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sched.SpecActions;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.TraceState;

/**
 * Trace validation: recorded runs of the implementation (each move as the spec actions impl named, with the
 * observable state after it) written as one generated TLA+ module and checked by TLC, which also evaluates the
 * spec's own properties (DmaFenceProps.tla) on them.
 *
 * <p>The module instantiates DmaFenceProps once per configuration of the batch ({@code P(k)}). Its behaviours
 * are exactly the recorded runs the spec allows: {@code Init} picks a run and the spec's {@code Init};
 * {@code Next} takes the run's next step as the named action of the spec (which computes the frames, i.e. the
 * pcs, itself) and requires the recorded observable state after it (a move with two actions leaves the state
 * between them to the spec); a finished run stutters. TLC reports a deadlock exactly when a run has a step the
 * spec does not allow, and its last trace state names the run and the step. On every state, TLC evaluates the
 * run's invariants and collects the violated ones; at a run's end it prints them with {@code PrintT}, together
 * with whether the spec's {@code Next} is still enabled there (TLC's Deadlock). Temporal properties are checked
 * as TLC {@code PROPERTY}s under weak fairness of the trace, so each run is judged on its whole, drained, end.
 * TLC 2.18 has no JSON module: values are TLA+ constants (a table per variable, a table of states).
 */
public final class TraceModule {

    /**
     * One recorded step.
     *
     * @param action   the spec action ("Stutter": impl changed nothing the spec names an action for)
     * @param cpu      "c1", ... or "hw"
     * @param call     for a Call, the op
     * @param implStep for a Call, the step impl announced for it
     * @param state    the observable state after it, or null (left to the spec: the middle of a double move)
     * @param describe the move it came from
     */
    public record Step(String action, String cpu, Op call, org.fencecheck.sim.Step implStep, Abs state,
                       String describe) {
    }

    /**
     * One recorded run.
     *
     * @param name       for messages
     * @param cfg        its constants
     * @param initial    the observable state before the first move
     * @param steps      the steps
     * @param invariants the invariants TLC evaluates on it (names of DmaFenceProps.tla)
     * @param end        how impl's run ended (COMPLETE, STUCK: some CPU spins or sleeps for ever, MAX_MOVES: cut)
     */
    public record Run(String name, SpecConfig cfg, Abs initial, List<Step> steps, Set<String> invariants,
                      Runner.Outcome end) {
    }

    /**
     * TLC's verdict on a batch.
     *
     * @param tlc        TLC's output
     * @param runs       the runs, in module order
     * @param rejectedAt null, or [run, step] (1-based) of the first step the spec does not allow
     * @param violated   per run (0-based) the invariants violated in some state, and "Deadlock" if the spec's
     *                   Next is disabled at the run's end
     * @param temporal   the run (1-based) on which TLC found a temporal property violated, 0 if none (TLC stops
     *                   at the first)
     * @param rejections per run (0-based) the 1-based step the spec does not allow, 0 if none (only when asked to
     *                   collect rejections instead of stopping at the first)
     * @param dir        the work folder
     */
    public record Checked(Tlc.Result tlc, List<Run> runs, int[] rejectedAt, List<Set<String>> violated,
                          int temporal, List<Integer> rejections, Path dir) {

        /** Every run is a behaviour of the spec and TLC judged each one. */
        public boolean accepted() {
            return rejectedAt == null && violated.stream().allMatch(v -> v != null);
        }

        public int steps() {
            return runs.stream().mapToInt(r -> r.steps().size()).sum();
        }

        /** The recorded step TLC rejected, or null. */
        public Step rejectedStep() {
            return rejectedAt == null || rejectedAt[1] > runs.get(rejectedAt[0] - 1).steps().size() ? null
                    : runs.get(rejectedAt[0] - 1).steps().get(rejectedAt[1] - 1);
        }

        /** The run's steps up to {@code upTo}, with the variables each recorded state changed. */
        static String listing(Run run, int upTo) {
            StringBuilder b = new StringBuilder();
            Abs prev = run.initial();
            for (int k = 0; k < Math.min(upTo, run.steps().size()); k++) {
                Step s = run.steps().get(k);
                b.append(String.format("  %3d %-20s %s%n", k + 1, s.action(), s.describe()));
                if (s.state() != null) {
                    for (String v : prev.diff(s.state())) {
                        b.append("        ").append(v).append(" = ").append(s.state().get(v)).append('\n');
                    }
                    prev = s.state();
                }
            }
            return b.toString();
        }

        /** Why the batch is not accepted, in one paragraph. */
        public String explain() {
            if (rejectedAt != null) {
                Run run = runs.get(rejectedAt[0] - 1);
                Step s = rejectedStep();
                return s == null ? "run " + rejectedAt[0] + " (" + run.name() + "): its initial state is not the "
                        + "spec's" : "run " + rejectedAt[0] + " (" + run.name() + ") is not a behaviour of the spec: "
                        + "step " + rejectedAt[1] + " (" + s.action() + " of " + s.cpu() + ", " + s.describe()
                        + ") is not allowed after the " + (rejectedAt[1] - 1) + " steps before it (" + dir + ")\n"
                        + listing(run, rejectedAt[1]);
            }
            for (int r = 0; r < violated.size(); r++) {
                if (violated.get(r) == null) {
                    return "TLC gave no verdict for run " + (r + 1) + " (" + tlc.outcome().kind() + ", " + dir + "):\n"
                            + tlc.out().lines().filter(l -> !l.startsWith("@!@!@")).limit(30)
                            .reduce("", (a, b) -> a + b + "\n");
                }
            }
            return accepted() ? "accepted" : "TLC failed: " + tlc.outcome().kind() + " " + tlc.outcome().error()
                    + " (" + dir + ")";
        }
    }

    /** Runs per TLC invocation. */
    public static final int CHUNK = 1500;

    /** The factor of a step's kind in its code (more distinct states than this per module are refused). */
    private static final long STATES = 1_000_000;

    private static final Pattern REJECTED = Pattern.compile("<<\\s*\"rejected\",\\s*(\\d+),\\s*(\\d+)\\s*>>");
    /** TLC's PrintT output (long values are broken over lines). */
    private static final Pattern VERDICT = Pattern.compile(
            "<<\\s*\"verdict\",\\s*(\\d+),\\s*\\{([^}]*)\\},\\s*(TRUE|FALSE)\\s*>>");

    /**
     * The spec's return steps, whose label carries the value the call returns to its caller: a run is pinned to
     * the value impl returned, so a wrong answer (a status that lost its error, a true that signalled nothing) is
     * a step the spec does not allow, not only a property TLC finds violated on the frame it reconstructs.
     */
    static final Set<String> RETURNS = Set.of("RemoveCallbackReturn", "IsSignaledReturn", "GetStatusReturn");

    private TraceModule() {
    }

    /** Records a run: stutters dropped, a double move split (its middle state left to the spec). */
    public static Run record(String name, Runner.Result r, Collection<String> invariants) {
        List<Step> steps = new ArrayList<>();
        Abs prev = r.initial();
        for (Observer.Tick t : r.ticks()) {
            String cpu = t.move().cpu() < 0 ? "hw" : "c" + (t.move().cpu() + 1);
            String d = "move " + (t.index() + 1) + ": " + t.describe();
            List<String> labels = t.labels().isEmpty() && !t.state().equals(prev) ? List.of("Stutter") : t.labels();
            for (int k = 0; k < labels.size(); k++) {
                boolean last = k == labels.size() - 1;
                boolean call = labels.get(k).equals("Call");
                boolean pinned = call || RETURNS.contains(labels.get(k)) && t.step() != null
                        && labels.get(k).equals(t.step().action().specAction());
                steps.add(new Step(labels.get(k), cpu, call ? t.call() : null, pinned ? t.step() : null,
                        last ? t.state() : null, d));
            }
            prev = t.state();
        }
        return new Run(name, r.scenario().cfg(), r.initial(), steps, Set.copyOf(invariants), r.outcome());
    }

    /**
     * Writes the module and its cfg into a fresh work folder, runs TLC and reads its verdict.
     *
     * @param name     the batch's name (module {@code Trace<Name>})
     * @param runs     the runs
     * @param temporal temporal properties to check (one configuration per batch when not empty)
     */
    public static Checked check(String name, List<Run> runs, List<String> temporal) {
        return check(name, runs, temporal, false);
    }

    /**
     * Like {@link #check(String, List, List)}; with {@code collect}, a step the spec does not allow ends its run
     * (TLC prints where, and goes on with the other runs) instead of ending TLC's search.
     */
    public static Checked check(String name, List<Run> runs, List<String> temporal, boolean collect) {
        if (temporal.isEmpty() && runs.size() > CHUNK) {
            // SANY's cost grows faster than the module: several smaller modules, one TLC run each
            List<Set<String>> violated = new ArrayList<>();
            List<Integer> rejections = new ArrayList<>();
            int[] at = null;
            Checked part = null;
            for (int from = 0; from < runs.size(); from += CHUNK) {
                part = check(name + (from / CHUNK + 1), runs.subList(from, Math.min(runs.size(), from + CHUNK)),
                        temporal, collect);
                violated.addAll(part.violated());
                rejections.addAll(part.rejections());
                if (at == null && part.rejectedAt() != null) {
                    at = new int[] {part.rejectedAt()[0] + from, part.rejectedAt()[1]};
                }
            }
            return new Checked(part.tlc(), runs, at, violated, 0, rejections, part.dir());
        }
        try {
            Path dir = Tlc.workDir("trace-" + name);
            String module = "Trace" + Character.toUpperCase(name.charAt(0)) + name.substring(1)
                    .replaceAll("[^A-Za-z0-9]", "");
            Files.writeString(dir.resolve(module + ".tla"), write(module, runs, temporal, collect));
            String cfg = temporal.isEmpty() ? "INIT Init\nNEXT Next\nINVARIANT InitOK\n"
                    : "SPECIFICATION TraceSpec\nINVARIANT InitOK\nPROPERTIES\n    " + String.join("\n    ", temporal) + "\n";
            Files.writeString(dir.resolve(module + ".cfg"), cfg);
            Tlc.Result res = Tlc.run(dir, module, dir.resolve(module + ".cfg"), List.of());
            List<Set<String>> violated = new ArrayList<>();
            runs.forEach(r -> violated.add(null));
            Matcher m = VERDICT.matcher(res.out());
            while (m.find()) {
                Set<String> v = new TreeSet<>();
                for (String p : m.group(2).split(",")) {
                    if (!p.isBlank()) {
                        v.add(p.strip().replace("\"", ""));
                    }
                }
                if (m.group(3).equals("TRUE")) {
                    v.add("Deadlock");
                }
                violated.set(Integer.parseInt(m.group(1)) - 1, v);
            }
            int[] at = null;
            RunOutcome o = res.outcome();
            if (o.kind() == RunOutcome.Kind.DEADLOCK && o.trace() != null && !o.trace().states().isEmpty()) {
                TraceState last = o.trace().states().get(o.trace().states().size() - 1);
                at = new int[] {Integer.parseInt(last.var("run").toTla()), Integer.parseInt(last.var("i").toTla()) + 1};
            }
            int temporalViolated = o.kind() == RunOutcome.Kind.TEMPORAL && o.trace() != null
                    ? Integer.parseInt(o.trace().states().get(0).var("run").toTla()) : 0;
            List<Integer> rejections = new ArrayList<>();
            runs.forEach(r -> rejections.add(0));
            Matcher rj = REJECTED.matcher(res.out());
            while (rj.find()) {
                rejections.set(Integer.parseInt(rj.group(1)) - 1, Integer.parseInt(rj.group(2)));
                violated.set(Integer.parseInt(rj.group(1)) - 1, Set.of());
            }
            return new Checked(res, runs, at, violated, temporalViolated, rejections, dir);
        } catch (IOException e) {
            throw new IllegalStateException("trace validation " + name + ": " + e, e);
        }
    }

    /** The module text. */
    static String write(String module, List<Run> runs, List<String> temporal, boolean collect) {
        List<SpecConfig> cfgs = new ArrayList<>();
        Map<String, Integer> cfgIndex = new LinkedHashMap<>();
        Tables t = new Tables();
        Set<String> invariants = new TreeSet<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        Map<String, Integer> propSets = new LinkedHashMap<>();
        StringBuilder runText = new StringBuilder();
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            Integer k = cfgIndex.computeIfAbsent(run.cfg().toString(), x -> {
                cfgs.add(run.cfg());
                return cfgs.size();
            });
            invariants.addAll(run.invariants());
            int props = propSets.computeIfAbsent(strSet(run.invariants()), x -> propSets.size() + 1);
            runText.append(r == 0 ? "    " : ",\n    ").append("<<").append(k).append(", ")
                    .append(t.state(run.initial())).append(", ").append(props).append(", <<");
            for (int i = 0; i < run.steps().size(); i++) {
                // one number per step: its kind (action, CPU, call) and the state after it (0: left to the spec)
                Step st = run.steps().get(i);
                // a Call is pinned by the step impl announced for it (kernel function, fence, "call [cb]"), a
                // return by the value it returns ("return 1", "return false [cb1]")
                org.fencecheck.sim.Step is = st.implStep();
                String kind = "<<\"" + st.action() + "\", \"" + st.cpu() + "\", \"" + (is == null ? "" : is.fn())
                        + "\", " + (is == null ? 0 : is.fence()) + ", \"" + (is == null ? "" : is.act()) + "\">>";
                long code = (long) kinds.computeIfAbsent(kind, x -> kinds.size() + 1) * STATES
                        + (st.state() == null ? 0 : t.state(st.state()));
                runText.append(i == 0 ? "" : ", ").append(code);
            }
            runText.append(">>>>");
        }
        String vis = String.join(", ", Abs.VARS);
        StringBuilder b = new StringBuilder();
        b.append("---- MODULE ").append(module).append(" ----\n");
        b.append("\\* Generated by property-tests (TraceModule.java): ").append(runs.size())
                .append(" recorded runs of the implementation, checked against spec/DmaFence.tla.\n");
        b.append("EXTENDS Integers, Sequences, FiniteSets, TLC\n\n");
        b.append("VARIABLES ").append(vis).append(", fr, step, run, i, viol\n");
        b.append("specVars == <<").append(vis).append(", fr, step>>\n");
        b.append("vars == <<specVars, run, i, viol>>\n\n");
        b.append("Cfgs == <<\n");
        for (int k = 0; k < cfgs.size(); k++) {
            SpecConfig c = cfgs.get(k);
            List<String> cpus = new ArrayList<>();
            for (int x = 0; x < c.cpus(); x++) {
                cpus.add("c" + (x + 1));
            }
            b.append(k == 0 ? "    " : ",\n    ").append("[cpus |-> ").append(strSet(cpus)).append(", n |-> ")
                    .append(c.numFences()).append(", cbs |-> ").append(strSet(c.cbs())).append(", design |-> \"")
                    .append(c.design()).append("\", drv |-> \"").append(c.driverLock())
                    .append("\", hnd |-> \"").append(c.handler()).append("\", osig |-> \"").append(c.opSignal())
                    .append("\", ose |-> ").append(c.opSideEffect() ? "TRUE" : "FALSE").append(", oerr |-> ")
                    .append(c.opSetsError() ? "TRUE" : "FALSE").append(", cul |-> ")
                    .append(c.checkUnderLock() ? "TRUE" : "FALSE").append(", caller |-> \"").append(c.caller())
                    .append("\", sig |-> ")
                    .append(c.signaledOp() ? "TRUE" : "FALSE").append(", ops |-> ").append(strSet(c.ops()))
                    .append(", max |-> ").append(c.maxCalls()).append(", to |-> ")
                    .append(c.waitTimeouts() ? "TRUE" : "FALSE").append(", mut |-> \"").append(c.mutation())
                    .append("\"]");
        }
        b.append(">>\n\n");
        b.append("P(k) == INSTANCE DmaFenceProps WITH CPUs <- Cfgs[k].cpus, NumFences <- Cfgs[k].n, Cbs <- Cfgs[k].cbs,\n")
                .append("          Design <- Cfgs[k].design, DriverLock <- Cfgs[k].drv, SignaledOp <- Cfgs[k].sig,\n")
                .append("          Handler <- Cfgs[k].hnd, OpSignal <- Cfgs[k].osig, OpSideEffect <- Cfgs[k].ose,\n")
                .append("          OpSetsError <- Cfgs[k].oerr, CheckUnderLock <- Cfgs[k].cul, Caller <- Cfgs[k].caller,\n")
                .append("          Ops <- Cfgs[k].ops, MaxCalls <- Cfgs[k].max, WaitTimeouts <- Cfgs[k].to,\n")
                .append("          Profile <- \"shape\", Mutation <- Cfgs[k].mut\n\n");
        t.write(b);
        b.append("\nKinds == <<\n    ").append(String.join(",\n    ", kinds.keySet())).append(">>\n\n");
        b.append("PropSets == <<").append(String.join(", ", propSets.keySet())).append(">>\n\n");
        b.append("\nRuns == <<\n").append(runText).append(">>\n\n");
        b.append("Steps == Runs[run][4]\nKind(x) == Kinds[x \\div ").append(STATES).append("]\nSid(x) == x % ")
                .append(STATES).append("\n\n");
        b.append("Act(k, st) ==\n    LET a == st[1]\n        c == st[2]\n")
                .append("    IN CASE a = \"Call\" -> /\\ P(k)!Call(c)\n")
                .append("                            /\\ step'.fn = st[3]\n")
                .append("                            /\\ step'.fence = st[4]\n")
                .append("                            /\\ step'.act = st[5]\n")
                .append("         [] a = \"HwComplete\" -> P(k)!HwComplete\n")
                .append("         [] a = \"Stutter\" -> UNCHANGED specVars\n");
        for (String a : new TreeSet<>(SpecActions.ALL)) {
            if (RETURNS.contains(a)) {
                b.append("         [] a = \"").append(a).append("\" -> /\\ P(k)!").append(a).append("(c)\n")
                        .append("                            /\\ step'.act = st[5]\n");
            } else if (!a.equals("Call") && !a.equals("HwComplete")) {
                b.append("         [] a = \"").append(a).append("\" -> P(k)!").append(a).append("(c)\n");
            }
        }
        b.append("         [] OTHER -> FALSE\n\n");
        invariants.removeAll(temporal);
        b.append("Holds(k, p) ==\n    ").append(invariants.isEmpty() ? "TRUE\n\n" : "CASE ");
        List<String> cases = new ArrayList<>();
        for (String p : invariants) {
            cases.add("p = \"" + p + "\" -> P(k)!" + p);
        }
        cases.add("OTHER -> Assert(FALSE, \"no such invariant\")");
        if (!invariants.isEmpty()) {
            b.append(String.join("\n      [] ", cases)).append("\n\n");
        }
        b.append("Temporal == ").append(strSet(temporal)).append("\n\n");
        b.append("Bad(k) == {p \\in PropSets[Runs[run][3]] \\ Temporal : ~Holds(k, p)}\n\n");
        b.append("Init == /\\ run \\in 1 .. Len(Runs)\n        /\\ i = 0\n        /\\ viol = {}\n")
                .append("        /\\ \\E k \\in {Runs[run][1]} : P(k)!Init\n\n");
        b.append("StepNext == /\\ i < Len(Steps)\n")
                .append("            /\\ \\E k \\in {Runs[run][1]} : /\\ Act(k, Kind(Steps[i + 1]))\n")
                .append("                                         /\\ viol' = viol \\cup Bad(k)\n")
                .append("            /\\ Sid(Steps[i + 1]) # 0 => VisNext(Sid(Steps[i + 1]))\n")
                .append("            /\\ i' = i + 1\n            /\\ UNCHANGED run\n\n");
        b.append("Next == \\/ StepNext\n");
        if (collect) {
            b.append("        \\/ /\\ i < Len(Steps)\n           /\\ ~ENABLED StepNext\n")
                    .append("           /\\ PrintT(<<\"rejected\", run, i + 1>>)\n           /\\ UNCHANGED vars\n");
        }
        b
                .append("        \\/ /\\ i = Len(Steps)\n")
                .append("           /\\ \\E k \\in {Runs[run][1]} :\n")
                .append("                PrintT(<<\"verdict\", run, viol \\cup Bad(k), ~ENABLED P(k)!Next>>)\n")
                .append("           /\\ UNCHANGED vars\n\n");
        b.append("\\* the recorded initial state is the spec's initial state\n");
        b.append("InitOK == i = 0 => VisNow(Runs[run][2])\n\n");
        if (!temporal.isEmpty()) {
            b.append("TraceSpec == Init /\\ [][Next]_vars /\\ WF_vars(Next)\n");
            for (String p : temporal) {
                // each run is judged on its own configuration's instance, if its model checks p
                b.append(p).append(" == \\A k \\in 1 .. Len(Cfgs) :\n    (Runs[run][1] = k /\\ \"").append(p)
                        .append("\" \\in PropSets[Runs[run][3]]) => P(k)!").append(p).append('\n');
            }
        }
        b.append("====\n");
        return b.toString();
    }

    /** Per variable a table of distinct value texts, and a table of distinct states (tuples of indices). */
    private static final class Tables {
        final List<Map<String, Integer>> index = new ArrayList<>();
        final Map<String, Integer> stateIndex = new LinkedHashMap<>();

        Tables() {
            Abs.VARS.forEach(v -> index.add(new LinkedHashMap<>()));
        }

        int state(Abs a) {
            List<String> ids = new ArrayList<>();
            for (int v = 0; v < Abs.VARS.size(); v++) {
                Map<String, Integer> idx = index.get(v);
                ids.add(Integer.toString(idx.computeIfAbsent(a.get(Abs.VARS.get(v)), x -> idx.size() + 1)));
            }
            int sid = stateIndex.computeIfAbsent("<<" + String.join(",", ids) + ">>", x -> stateIndex.size() + 1);
            if (sid >= STATES) {
                throw new IllegalArgumentException("more than " + STATES + " distinct states in one trace module");
            }
            return sid;
        }

        void write(StringBuilder b) {
            for (int v = 0; v < Abs.VARS.size(); v++) {
                b.append("V").append(v + 1).append(" == <<").append(String.join(", ", index.get(v).keySet()))
                        .append(">>  \\* ").append(Abs.VARS.get(v)).append('\n');
            }
            b.append("\nST == <<\n    ").append(String.join(",\n    ", stateIndex.keySet())).append(">>\n\n");
            for (String kind : new String[] {"VisNext", "VisNow"}) {
                b.append(kind).append("(sid) == LET s == ST[sid] IN\n");
                for (int v = 0; v < Abs.VARS.size(); v++) {
                    b.append("    /\\ ").append(Abs.VARS.get(v)).append(kind.equals("VisNext") ? "'" : "")
                            .append(" = V").append(v + 1).append("[s[").append(v + 1).append("]]\n");
                }
            }
        }
    }

    public static String strSet(Collection<String> xs) {
        return "{" + String.join(", ", new LinkedHashSet<>(xs.stream().map(x -> "\"" + x + "\"").sorted().toList()))
                + "}";
    }
}
