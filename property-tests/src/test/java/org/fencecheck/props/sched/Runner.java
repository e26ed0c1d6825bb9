package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link Scenario} on a fresh {@link Session}: the CPUs' programs, scheduled move by move from a
 * generated choice list (choice {@code k} picks {@code enabled.get(k % enabled.size())}; once the list is
 * used up, the first enabled move is taken until every CPU is idle, so a shorter or smaller list is a simpler
 * schedule, which is what shrinking produces), recording each move's spec actions and the observable state
 * after it. Nothing is judged here: TLC judges the recorded run ({@code tlc.TraceModule}).
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
        /** No move possible while some CPU is not idle: a CPU spins or sleeps for ever (TLC's Deadlock). */
        STUCK,
        /** The move bound was reached. */
        MAX_MOVES,
        /** A kernel call threw (an oops) or the scheduler failed: a test failure, never a verdict. */
        FAILED
    }

    /**
     * The result of a run.
     *
     * @param scenario the input
     * @param initial  the observable state before the first move
     * @param ticks    the moves, with the observable state after each
     * @param outcome  how it ended
     * @param failure  the exception of a failed run (null if none)
     * @param skipped  calls skipped because the spec's Call guard was false
     */
    public record Result(Scenario scenario, Abs initial, List<Observer.Tick> ticks, Outcome outcome,
                         Throwable failure, int skipped) {

        /** The run as a trace: one line per move with the variables it changed. */
        public String trace() {
            StringBuilder b = new StringBuilder();
            b.append("  scenario: ").append(scenario).append("\n  config: ").append(scenario.cfg()).append('\n');
            Abs prev = initial;
            for (Observer.Tick t : ticks) {
                b.append(String.format("  %3d  %s", t.index() + 1, t.describe()));
                List<String> changed = prev.diff(t.state());
                if (!changed.isEmpty()) {
                    b.append("\n         ");
                    changed.forEach(v -> b.append(' ').append(v).append(" = ").append(t.state().get(v)).append(';'));
                }
                b.append('\n');
                prev = t.state();
            }
            b.append("  end: ").append(outcome);
            if (failure != null) {
                b.append("\n  failure: ").append(failure);
            }
            return b.append('\n').toString();
        }
    }

    private Runner() {
    }

    /**
     * Runs a scenario on a fresh session.
     *
     * @param drain after the scenario, go on fairly (the first enabled move each time) until nothing can move,
     *              so that the run's end is a state where the liveness properties can be judged
     */
    public static Result run(Scenario sc, boolean drain, int maxMoves) {
        try (Session s = new Session(sc.cfg())) {
            for (int c = 0; c < sc.programs().size() && c < sc.cfg().cpus(); c++) {
                for (Op op : sc.programs().get(c)) {
                    s.submit(c, op);
                }
            }
            List<Observer.Tick> ticks = new ArrayList<>();
            Abs initial = null;
            try {
                s.settle();
                initial = s.abs();
                int[] cursor = new int[3];
                for (;;) {
                    for (int c = 0; c < sc.cfg().cpus(); c++) {
                        if (s.view(c) == Session.View.FAILED) {
                            return new Result(sc, initial, ticks, Outcome.FAILED, s.failure(c), s.skipped());
                        }
                    }
                    if (ticks.size() >= maxMoves) {
                        return new Result(sc, initial, ticks, Outcome.MAX_MOVES, null, s.skipped());
                    }
                    Move m = nextMove(s, sc, cursor, ticks.size(), drain);
                    if (m == null) {
                        return new Result(sc, initial, ticks, s.quiescent() ? Outcome.COMPLETE : Outcome.STUCK, null,
                                s.skipped());
                    }
                    ticks.add(s.perform(m));
                }
            } catch (RuntimeException e) {
                return new Result(sc, initial == null ? s.abs() : initial, ticks, Outcome.FAILED, e, s.skipped());
            }
        }
    }

    /** A run with the fair drain and the default move bound. */
    public static Result run(Scenario sc) {
        return run(sc, true, 600);
    }

    /**
     * The next move of a scenario: the hardware when its next completion is due (or when nothing else can
     * move), else the choice list's pick among the other enabled moves (the first one once the list is used
     * up), or null when the run is over (every CPU idle and the choices used up, or nothing enabled).
     *
     * @param cursor [next choice, next hardware completion, next interrupt delivery], advanced
     * @param moves  the moves made so far
     * @param drain  go on fairly once the scenario is used up
     */
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
}
