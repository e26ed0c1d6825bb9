package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.fencecheck.props.model.Abs;
import org.fencecheck.props.model.Invariants;
import org.fencecheck.props.model.Spec;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.model.SpecState;
import org.fencecheck.props.sut.ImplSut;
import org.fencecheck.props.sut.Sut;

/**
 * Runs one {@link Scenario} on a fresh {@link Session}: the CPUs' programs, scheduled move by move from a
 * generated choice list (choice {@code k} picks {@code enabled.get(k % enabled.size())}; once the list is
 * used up, the first enabled move is taken until every CPU is idle, so a shorter or smaller list is a simpler
 * schedule, which is what shrinking produces). After every move it checks the invariants on the implementation's
 * abstract state and, in lockstep, that the Java twin of the spec allows the move's action and reaches the same
 * abstract state.
 */
public final class Runner {

    /**
     * A run's input: configuration, one program per CPU, the choice list.
     *
     * @param cfg      the spec constants (bounds, design, driver, mutation)
     * @param programs per CPU, the kernel calls in order
     * @param choices  the scheduling choices
     * @param hwAt     for the k-th hardware completion, the number of moves after which it happens (sorted)
     * @param irqAt    interrupt deliveries: {@code 8 * moves + cpu}: once that many moves were made and the line
     *                 is up, the interrupt goes to that CPU at its first point with IRQs on (sorted)
     */
    public record Scenario(SpecConfig cfg, List<List<Op>> programs, List<Integer> choices, List<Integer> hwAt,
                           List<Integer> irqAt) {
        public Scenario {
            List<List<Op>> p = new ArrayList<>();
            for (List<Op> l : programs) {
                p.add(List.copyOf(l));
            }
            programs = List.copyOf(p);
            choices = List.copyOf(choices);
            List<Integer> h = new ArrayList<>(hwAt);
            java.util.Collections.sort(h);
            hwAt = List.copyOf(h);
            List<Integer> q = new ArrayList<>(irqAt);
            java.util.Collections.sort(q);
            irqAt = List.copyOf(q);
        }

        public Scenario(SpecConfig cfg, List<List<Op>> programs, List<Integer> choices, List<Integer> hwAt) {
            this(cfg, programs, choices, hwAt, List.of());
        }

        public Scenario(SpecConfig cfg, List<List<Op>> programs, List<Integer> choices) {
            this(cfg, programs, choices, List.of(), List.of());
        }

        public Scenario withChoices(List<Integer> ch) {
            return new Scenario(cfg, programs, ch, hwAt, irqAt);
        }

        public Scenario withHwAt(List<Integer> h) {
            return new Scenario(cfg, programs, choices, h, irqAt);
        }

        public Scenario withIrqAt(List<Integer> q) {
            return new Scenario(cfg, programs, choices, hwAt, q);
        }

        public Scenario withPrograms(List<List<Op>> p) {
            return new Scenario(cfg, p, choices, hwAt, irqAt);
        }

        public int calls() {
            return programs.stream().mapToInt(List::size).sum();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < programs.size(); c++) {
                b.append(c == 0 ? "" : "; ").append(SpecConfig.cpuName(c)).append(": ").append(programs.get(c));
            }
            b.append("; choices ").append(choices).append("; hw after ").append(hwAt);
            if (!irqAt.isEmpty()) {
                b.append("; irq ");
                for (int i = 0; i < irqAt.size(); i++) {
                    b.append(i == 0 ? "[" : ", ").append(SpecConfig.cpuName(irqAt.get(i) % 8)).append(" after ")
                            .append(irqAt.get(i) / 8);
                }
                b.append(']');
            }
            return b.toString();
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** Every CPU idle, choices used up. */
        COMPLETE,
        /** No move possible while some CPU is not idle: the spec's deadlock (a CPU spins or sleeps forever). */
        DEADLOCK,
        /** The move bound was reached. */
        MAX_MOVES,
        /** An invariant failed (and the run stopped there). */
        VIOLATION,
        /** The implementation did something the Java twin of the spec does not allow, or reached another state. */
        DIVERGED,
        /** A kernel call threw (an oops) or the scheduler failed. */
        FAILED
    }

    /**
     * Options of a run.
     *
     * @param checkInvariants check every invariant after every move
     * @param stopOn          stop at the first state violating one of these invariants (empty: never stop;
     *                        {@link #ANY}: any invariant)
     * @param lockstep        run the Java twin in lockstep and stop at the first disagreement
     * @param allowContended  let a CPU try a held lock (LOCK_CONTENDED)
     * @param maxMoves        the move bound
     * @param sutFactory      the system under test
     * @param drain           after the scenario, complete fairly (hardware, interrupts, CPUs, first enabled move
     *                        each time) until nothing can move, for the liveness properties
     */
    public record Options(boolean checkInvariants, Set<String> stopOn, boolean lockstep, boolean allowContended,
                          int maxMoves, Function<SpecConfig, Sut> sutFactory, boolean drain) {

        /** Stop at any invariant. */
        public static final Set<String> ANY = Set.of("*");

        /** Check everything, stop at the first violation, contention allowed, 600 moves. */
        public static Options defaults() {
            return new Options(true, ANY, true, true, 600, ImplSut::new, true);
        }

        public Options withSut(Function<SpecConfig, Sut> f) {
            return new Options(checkInvariants, stopOn, lockstep, allowContended, maxMoves, f, drain);
        }

        public Options withLockstep(boolean on) {
            return new Options(checkInvariants, stopOn, on, allowContended, maxMoves, sutFactory, drain);
        }

        /** Stop at any violation (true) or never (false). */
        public Options withStopAtViolation(boolean on) {
            return new Options(checkInvariants, on ? ANY : Set.of(), lockstep, allowContended, maxMoves, sutFactory,
                    drain);
        }

        /** Stop at the first violation of one of these invariants. */
        public Options withStopOn(Set<String> names) {
            return new Options(checkInvariants, Set.copyOf(names), lockstep, allowContended, maxMoves, sutFactory,
                    drain);
        }

        public Options withContention(boolean on) {
            return new Options(checkInvariants, stopOn, lockstep, on, maxMoves, sutFactory, drain);
        }

        public Options withDrain(boolean on) {
            return new Options(checkInvariants, stopOn, lockstep, allowContended, maxMoves, sutFactory, on);
        }

        boolean stopsOn(List<String> bad) {
            return stopOn.equals(ANY) ? !bad.isEmpty() : bad.stream().anyMatch(stopOn::contains);
        }
    }

    /**
     * The result of a run.
     *
     * @param scenario    the input
     * @param initial     the abstract state before the first move
     * @param ticks       the moves, with the abstract state after each
     * @param outcome     how it ended
     * @param violated    the invariants that failed, in the first state where any failed (empty if none)
     * @param violationAt the move after which they failed (-1: none; 0..: tick index)
     * @param divergence  what the twin disagreed with (null if none)
     * @param failure     the exception of a failed run (null if none)
     * @param everViolated every invariant that failed at some state of the run (when not stopping)
     * @param skipped     calls skipped because the spec's Call guard was false
     * @param irqMoves    interrupts delivered
     * @param contended   contended acquisitions (LOCK_CONTENDED)
     */
    public record Result(Scenario scenario, SpecState initial, List<Observer.Tick> ticks, Outcome outcome,
                         List<String> violated, int violationAt, String divergence, Throwable failure,
                         Set<String> everViolated, int skipped, int irqMoves, int contended, int invariantChecks) {

        /** The run as a trace: one line per move, then the final abstract state. */
        public String trace() {
            StringBuilder b = new StringBuilder();
            b.append("  scenario: ").append(scenario).append('\n');
            b.append("  config: ").append(scenario.cfg()).append('\n');
            Abs prev = Abs.of(initial);
            for (Observer.Tick t : ticks) {
                Abs a = Abs.of(t.state());
                List<String> changed = prev.diff(a);
                b.append(String.format("  %3d  %s", t.index() + 1, t.describe()));
                if (!changed.isEmpty()) {
                    b.append("\n         ");
                    for (String v : changed) {
                        b.append(' ').append(v).append(" = ").append(a.get(v)).append(';');
                    }
                }
                b.append('\n');
                prev = a;
            }
            b.append("  end: ").append(outcome);
            if (!violated.isEmpty()) {
                b.append(", violates ").append(violated).append(" after move ").append(violationAt + 1);
            }
            if (divergence != null) {
                b.append("\n  divergence: ").append(divergence);
            }
            if (failure != null) {
                b.append("\n  failure: ").append(failure);
            }
            return b.append('\n').toString();
        }

        /** The abstract state at the end. */
        public SpecState last() {
            return ticks.isEmpty() ? initial : ticks.get(ticks.size() - 1).state();
        }

        /**
         * Whether property {@code name} failed in this run: an invariant in some state; {@code Deadlock}: the run
         * got stuck; the liveness properties: in the state the run ends in (stuck, or drained: nothing left to
         * do), a callback is still pending ({@code CallbacksEventuallyRun}) or a waiter has not returned
         * ({@code WaitersReturn}), so the spec's fair behaviour that stutters there violates them.
         */
        public boolean fails(String name) {
            boolean ended = outcome == Outcome.DEADLOCK || outcome == Outcome.COMPLETE;
            switch (name) {
                case "Deadlock":
                    return outcome == Outcome.DEADLOCK;
                case "CallbacksEventuallyRun":
                    return ended && last().cbState.containsValue("added");
                case "WaitersReturn": {
                    if (!ended) {
                        return false;
                    }
                    for (int c = 0; c < last().cfg.cpus(); c++) {
                        if (last().fr[c][SpecState.PROC].op().equals("wait")) {
                            return true;
                        }
                    }
                    return false;
                }
                default:
                    return everViolated.contains(name);
            }
        }
    }

    private Runner() {
    }

    /** Runs a scenario. */
    public static Result run(Scenario sc, Options o) {
        Sut sut = o.sutFactory().apply(sc.cfg());
        try (Session s = new Session(sut, o.allowContended())) {
            return drive(s, sc, o);
        }
    }

    private static Result drive(Session s, Scenario sc, Options o) {
        for (int c = 0; c < sc.programs().size() && c < sc.cfg().cpus(); c++) {
            for (Op op : sc.programs().get(c)) {
                s.submit(c, op);
            }
        }
        Spec spec = s.spec();
        List<Observer.Tick> ticks = new ArrayList<>();
        SpecState initial = null;
        Outcome outcome = null;
        List<String> violated = List.of();
        int violationAt = -1;
        String divergence = null;
        Throwable failure = null;
        Set<String> ever = new LinkedHashSet<>();
        int irqMoves = 0;
        int contended = 0;
        int checks = 0;
        try {
            s.settle();
            initial = s.abs();
            SpecState twin = SpecState.init(sc.cfg());
            if (o.lockstep() && !Abs.of(twin).equals(Abs.of(initial))) {
                divergence = "initial states differ:\n" + Abs.of(initial).diffText(Abs.of(twin), "impl", "spec");
                outcome = Outcome.DIVERGED;
            }
            int[] cursor = new int[3];
            SpecState state = initial;
            while (outcome == null) {
                if (o.checkInvariants()) {
                    checks++;
                    List<String> bad = Invariants.violated(state);
                    if (!bad.isEmpty()) {
                        ever.addAll(bad);
                        boolean relevant = o.stopOn().isEmpty() || o.stopsOn(bad);
                        if (violated.isEmpty() && relevant) {
                            violated = bad;
                            violationAt = ticks.size() - 1;
                        }
                        if (o.stopsOn(bad)) {
                            outcome = Outcome.VIOLATION;
                            break;
                        }
                    }
                }
                for (int c = 0; c < sc.cfg().cpus(); c++) {
                    if (s.view(c) == Session.View.FAILED) {
                        failure = s.failure(c);
                        outcome = Outcome.FAILED;
                    }
                }
                if (outcome != null) {
                    break;
                }
                if (ticks.size() >= o.maxMoves()) {
                    outcome = Outcome.MAX_MOVES;
                    break;
                }
                Move m = nextMove(s, sc, cursor, ticks.size(), o.drain());
                if (m == null) {
                    outcome = s.quiescent() ? Outcome.COMPLETE : Outcome.DEADLOCK;
                    break;
                }
                Observer.Tick t = s.perform(m);
                ticks.add(t);
                if (m.kind() == Move.Kind.IRQ) {
                    irqMoves++;
                }
                for (var st : t.steps()) {
                    if (st.action() == org.fencecheck.sim.Action.LOCK_CONTENDED) {
                        contended++;
                    }
                }
                if (o.lockstep()) {
                    SpecState next = twinStep(spec, twin, t);
                    if (next == null) {
                        divergence = "move " + (t.index() + 1) + " (" + t.describe() + "): the spec does not allow "
                                + t.labels() + " of " + t.move() + " here (spec pcs " + twin.pcs() + ")";
                        outcome = Outcome.DIVERGED;
                        break;
                    }
                    Abs want = Abs.of(next);
                    Abs got = Abs.of(t.state());
                    if (!want.equals(got)) {
                        divergence = "move " + (t.index() + 1) + " (" + t.describe() + "): abstract states differ\n"
                                + got.diffText(want, "impl", "spec") + "  spec pcs " + next.pcs();
                        outcome = Outcome.DIVERGED;
                        break;
                    }
                    twin = next;
                }
                state = t.state();
            }
        } catch (RuntimeException e) {
            failure = e;
            outcome = Outcome.FAILED;
            if (initial == null) {
                initial = s.abs();
            }
        }
        return new Result(sc, initial, ticks, outcome, violated,
                violationAt, divergence, failure, ever, s.skipped(), irqMoves, contended, checks);
    }

    /**
     * The next move of a scenario: the hardware when its next completion is due (or when nothing else can
     * move), else the choice list's pick among the other enabled moves (the first one once the list is used
     * up), or null when the run is over (every CPU idle and the choices used up, or nothing enabled).
     *
     * @param cursor [next choice, next hardware completion, next interrupt delivery], advanced
     * @param moves  the moves made so far
     */
    public static Move nextMove(Session s, Scenario sc, int[] cursor, int moves) {
        return nextMove(s, sc, cursor, moves, false);
    }

    /** Like {@link #nextMove(Session, Scenario, int[], int)}; with {@code drain}, goes on fairly at the end. */
    public static Move nextMove(Session s, Scenario sc, int[] cursor, int moves, boolean drain) {
        List<Move> en = new ArrayList<>(s.enabled());
        boolean hw = en.remove(Move.HW);
        if (hw && cursor[1] < sc.hwAt().size() && moves >= sc.hwAt().get(cursor[1])) {
            cursor[1]++;
            return Move.HW;
        }
        // interrupts go where and when the scenario says; they are chosen freely only when nothing else moves
        List<Move> irqs = new ArrayList<>();
        en.removeIf(m -> m.kind() == Move.Kind.IRQ && irqs.add(m));
        if (cursor.length > 2 && cursor[2] < sc.irqAt().size() && moves >= sc.irqAt().get(cursor[2]) / 8) {
            Move want = Move.irq(sc.irqAt().get(cursor[2]) % 8);
            if (irqs.contains(want)) {
                cursor[2]++;
                return want;
            }
            // not raised yet, or that CPU has IRQs off: the delivery stays due
        }
        if (en.isEmpty()) {
            en.addAll(irqs);
        }
        boolean done = s.quiescent();
        if (done && cursor[0] >= sc.choices().size() || en.isEmpty()) {
            if (!done && en.isEmpty() && hw) {
                cursor[1]++;
                return Move.HW; // somebody waits for the hardware
            }
            if (drain) {
                // fair completion: CPUs, timeouts, interrupts, then the hardware (the first enabled move)
                List<Move> all = s.enabled();
                return all.isEmpty() ? null : all.get(0);
            }
            return null;
        }
        int pick = cursor[0] < sc.choices().size() ? Math.floorMod(sc.choices().get(cursor[0]++), en.size()) : 0;
        return en.get(pick);
    }

    /** The twin's successor for a move's label (the same state for a stutter), or null if the spec forbids it. */
    static SpecState twinStep(Spec spec, SpecState twin, Observer.Tick t) {
        SpecState s = twin;
        for (String label : t.labels()) {
            if (label.equals("Call")) {
                Op op = t.call();
                s = spec.call(s, t.cpu(), op.op(), op.f(), op.cb());
            } else {
                s = spec.apply(s, label, t.cpu());
            }
            if (s == null) {
                return null;
            }
        }
        return s;
    }
}
