package org.fencecheck.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/*
 * Deadlocks read off the last state of a trace, drawn the way lockdep prints them
 * (kernel/locking/lockdep.c: print_circular_lock_scenario, print_usage_bug_scenario):
 *
 *   circular (a waits-for cycle through two or more CPUs)    inconsistent (an interrupt spins on a lock
 *                                                            its own CPU holds)
 *          CPU0                    CPU1                             CPU0
 *          ----                    ----                             ----
 *     lock(A);                                                 lock(D);
 *                                  lock(B);                    <Interrupt>
 *                                  lock(A);                      lock(D);
 *     lock(B);
 *                                                               *** DEADLOCK ***
 *    *** DEADLOCK ***
 *
 * Each lock line also names the kernel function that took (or spins on) the lock; interrupts are indented under
 * the CPU they preempt. The lines below the scenario say who holds what since which state and how it was taken.
 */

/** Finds the deadlocks of a trace's last state and renders them in lockdep's layouts. */
final class Lockdep {

    /** The kind of a deadlock. */
    enum Kind {
        /** A waits-for cycle through two or more CPUs. */
        CIRCULAR,
        /** An interrupt spins on a lock held by the process context of its own CPU. */
        INCONSISTENT,
        /** A context spins on a lock it holds itself. */
        RECURSIVE,
        /** Nothing can move, but no CPU spins (a sleeping waiter, ...): TLC's own deadlock. */
        STUCK
    }

    /** One line of a scenario: a lock taken (or spun on), or an interrupt arriving. */
    record Event(String cpu, boolean irq, String op, String fn, int order, boolean spins) {
    }

    /** One deadlock: the CPUs in column order, the scenario lines in time order, the explanation. */
    record Deadlock(Kind kind, List<String> cpus, List<Event> events, List<String> notes) {
    }

    private Lockdep() {
    }

    /** Every deadlock of the trace's last state; for a deadlock property with no spinning CPU, one STUCK entry. */
    static List<Deadlock> analyse(TraceView v, String driverLabel, boolean deadlockProperty) {
        List<Deadlock> out = new ArrayList<>();
        List<TraceView.Spin> spins = v.spins();
        TraceView.Row last = v.last();
        if (last == null) {
            return out;
        }
        for (TraceView.Spin s : spins) {
            if (s.holderCpu().equals(s.cpu())) {
                out.add(self(v, s, driverLabel));
            }
        }
        Map<String, TraceView.Spin> waits = new LinkedHashMap<>();
        for (TraceView.Spin s : spins) {
            if (!s.holderCpu().equals(s.cpu())) {
                waits.put(s.cpu(), s);
            }
        }
        Set<Set<String>> seen = new LinkedHashSet<>();
        for (String start : v.cpus()) {
            List<String> path = new ArrayList<>();
            String c = start;
            while (c != null && waits.containsKey(c) && !path.contains(c)) {
                path.add(c);
                c = waits.get(c).holderCpu();
            }
            if (c != null && c.equals(start) && path.size() >= 2 && seen.add(new LinkedHashSet<>(path))) {
                out.add(circular(v, path, waits, driverLabel));
            }
        }
        if (out.isEmpty() && deadlockProperty) {
            out.add(stuck(v));
        }
        return out;
    }

    private static Deadlock self(TraceView v, TraceView.Spin s, String driverLabel) {
        String c = s.cpu();
        List<Event> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TraceView.Row irqRow = "irq".equals(s.ctx()) ? v.interruptOf(c) : null;
        boolean throughIrq = irqRow != null && !Objects.equals(s.holderCtx(), s.ctx());
        for (TraceView.Hold h : v.last().holds()) {
            if (!h.cpu().equals(c)) {
                continue;
            }
            TraceView.Row acq = v.acquisition(h.lock(), c, h.ctx());
            events.add(new Event(c, "irq".equals(h.ctx()), "lock(&" + v.vocabulary().lockName(h.lock()) + ");",
                    acq == null ? null : acq.fn(), acq == null ? 0 : acq.number(), false));
            notes.add(holdNote(v, h, acq));
            if (h.lock().equals(s.lock()) && throughIrq && acq != null) {
                TraceView.Row on = v.irqsEnabledAfter(c, acq.number(), irqRow.number());
                if (on != null) {
                    notes.add("IRQs on again at state " + on.number() + ": " + on.act() + " in " + on.fn()
                            + ", with &" + v.vocabulary().lockName(h.lock()) + " still held.");
                } else if (Boolean.TRUE.equals(acq.irqOn().get(c))) {
                    notes.add("&" + v.vocabulary().lockName(h.lock()) + " was taken with IRQs left on.");
                }
            }
        }
        if (throughIrq) {
            events.add(new Event(c, false, "<Interrupt>", null, irqRow.number(), false));
        }
        events.sort(Comparator.comparingInt(Event::order));
        events.add(spinEvent(v, s));
        notes.add(spinNote(s, driverLabel, v) + (throughIrq ? ": the CPU waits for itself." : "."));
        return new Deadlock(throughIrq ? Kind.INCONSISTENT : Kind.RECURSIVE, List.of(c), events, notes);
    }

    private static Deadlock circular(TraceView v, List<String> cycle, Map<String, TraceView.Spin> waits,
                                     String driverLabel) {
        List<String> cpus = new ArrayList<>(cycle);
        cpus.sort(Comparator.comparingInt(v.cpus()::indexOf));
        Set<String> spunOn = new LinkedHashSet<>();
        cycle.forEach(c -> spunOn.add(waits.get(c).lock()));
        List<Event> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TraceView.Hold h : v.last().holds()) {
            if (!cycle.contains(h.cpu()) || !spunOn.contains(h.lock())) {
                continue;
            }
            TraceView.Row acq = v.acquisition(h.lock(), h.cpu(), h.ctx());
            events.add(new Event(h.cpu(), "irq".equals(h.ctx()), "lock(&" + v.vocabulary().lockName(h.lock()) + ");",
                    acq == null ? null : acq.fn(), acq == null ? 0 : acq.number(), false));
            notes.add(holdNote(v, h, acq));
        }
        for (String c : cycle) {
            TraceView.Spin s = waits.get(c);
            if ("irq".equals(s.ctx())) {
                TraceView.Row irqRow = v.interruptOf(c);
                if (irqRow != null) {
                    events.add(new Event(c, false, "<Interrupt>", null, irqRow.number(), false));
                }
            }
        }
        events.sort(Comparator.comparingInt(Event::order));
        String first = cpus.get(0);
        int at = cycle.indexOf(first);
        for (int i = 0; i < cycle.size(); i++) {
            TraceView.Spin s = waits.get(cycle.get((at + i) % cycle.size()));
            events.add(spinEvent(v, s));
            notes.add(spinNote(s, driverLabel, v) + ".");
        }
        return new Deadlock(Kind.CIRCULAR, cpus, events, notes);
    }

    private static Deadlock stuck(TraceView v) {
        List<String> notes = new ArrayList<>();
        notes.add("No CPU spins on a lock: nothing can move any more (TLC: deadlock reached).");
        TraceView.Row last = v.last();
        for (String c : v.cpus()) {
            String ctx = last.ctxOf().get(c);
            String pc = v.finalPcs().get(c);
            String fn = v.functionOf(c, ctx);
            notes.add(c + ": " + ctxWord(ctx) + " context" + (pc == null ? "" : " at pc " + pc)
                    + (fn == null ? "" : " in " + fn) + ("idle".equals(pc) ? " (between calls)" : ""));
        }
        return new Deadlock(Kind.STUCK, v.cpus(), List.of(), notes);
    }

    private static Event spinEvent(TraceView v, TraceView.Spin s) {
        return new Event(s.cpu(), "irq".equals(s.ctx()), "lock(&" + v.vocabulary().lockName(s.lock()) + ");",
                spinFn(v, s), Integer.MAX_VALUE, true);
    }

    private static String spinFn(TraceView v, TraceView.Spin s) {
        if (s.fn() != null) {
            return s.fn();
        }
        for (int i = v.rows().size() - 1; i >= 0; i--) {
            TraceView.Row r = v.rows().get(i);
            if (s.cpu().equals(r.lane()) && Objects.equals(s.ctx(), r.ctx())) {
                return r.fn();
            }
        }
        return null;
    }

    private static String holdNote(TraceView v, TraceView.Hold h, TraceView.Row acq) {
        String who = h.cpu() + " (" + ctxWord(h.ctx()) + ")";
        if (acq == null) {
            return who + " holds &" + v.vocabulary().lockName(h.lock()) + ".";
        }
        return who + " holds &" + v.vocabulary().lockName(h.lock()) + " since state " + acq.number() + ": " + acq.act()
                + " in " + acq.fn() + irqNote(acq, h.cpu()) + ".";
    }

    private static String irqNote(TraceView.Row r, String cpu) {
        Boolean on = r.irqOn().get(cpu);
        return on == null ? "" : on ? ", IRQs on" : ", IRQs off";
    }

    private static String spinNote(TraceView.Spin s, String driverLabel, TraceView v) {
        String how = s.pc() == null ? "" : " (" + v.vocabulary().flavourAt(s.pc(), driverLabel) + ")";
        String fn = spinFn(v, s);
        return s.cpu() + " (" + ctxWord(s.ctx()) + ")" + (fn == null ? "" : " in " + fn) + " spins on &"
                + v.vocabulary().lockName(s.lock()) + how + ", held by " + s.holderCpu() + " (" + ctxWord(s.holderCtx())
                + ")";
    }

    static String ctxWord(String ctx) {
        if (ctx == null) {
            return "?";
        }
        return switch (ctx) {
            case "proc" -> "process";
            case "irq" -> "hard IRQ";
            default -> ctx;
        };
    }

    /** The lockdep title of a deadlock kind. */
    static String title(Kind kind) {
        return switch (kind) {
            case CIRCULAR -> "WARNING: possible circular locking dependency detected";
            case INCONSISTENT -> "WARNING: inconsistent lock state";
            case RECURSIVE -> "WARNING: possible recursive locking detected";
            case STUCK -> "WARNING: no CPU can make progress";
        };
    }

    /** A one-line reading of the kind. */
    static String reading(Kind kind) {
        return switch (kind) {
            case CIRCULAR -> "lock-order inversion between CPUs: cross-CPU deadlock";
            case INCONSISTENT -> "an interrupt spins on a lock its own CPU holds: same-CPU deadlock";
            case RECURSIVE -> "a context takes a lock it already holds: same-CPU deadlock";
            case STUCK -> "every CPU waits, none spins on a lock";
        };
    }

    /** The deadlock in lockdep's layout, every line shorter than 80 columns. */
    static List<String> render(Deadlock d) {
        List<String> out = new ArrayList<>();
        out.add(" " + title(d.kind()));
        out.add(" (" + reading(d.kind()) + ")");
        out.add("");
        if (!d.events().isEmpty()) {
            out.add(" Possible unsafe locking scenario:");
            out.add("");
            StringBuilder head = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < d.cpus().size(); i++) {
                int col = i == 0 ? 7 : column(i);
                String name = "CPU" + i + " (" + d.cpus().get(i) + ")";
                head.append(" ".repeat(Math.max(1, col - head.length()))).append(name);
                rule.append(" ".repeat(Math.max(1, col - rule.length()))).append("----");
            }
            out.add(head.toString());
            out.add(rule.toString());
            Map<String, Integer> fnCol = new LinkedHashMap<>();
            for (Event e : d.events()) {
                if (e.fn() != null) {
                    fnCol.merge(e.cpu(), (e.irq() ? 2 : 0) + e.op().length() + 1, Math::max);
                }
            }
            for (Event e : d.events()) {
                int indent = e.irq() ? 2 : 0;
                int col = column(d.cpus().indexOf(e.cpu())) + indent;
                String op = e.fn() == null ? e.op() : Text.pad(e.op(), fnCol.get(e.cpu()) - indent) + e.fn();
                if (col + op.length() <= Text.WIDTH || e.fn() == null) {
                    out.add(Text.at(col, op));
                } else {
                    out.add(Text.at(col, e.op()));
                    out.add(Text.at(Math.min(col + 2, Text.WIDTH - e.fn().length()), e.fn()));
                }
            }
            out.add("");
            out.add(" *** DEADLOCK ***");
            out.add("");
        }
        for (String n : d.notes()) {
            out.addAll(Text.para(n, " ", "   "));
        }
        return out;
    }

    private static int column(int i) {
        return 2 + 29 * i;
    }
}
