package org.fencecheck.report;

import org.fencecheck.tlc.TraceEnd;

import java.util.ArrayList;
import java.util.List;

/*
 * The whole counterexample as a per-CPU scenario, lockdep's "possible unsafe locking scenario" stretched over
 * every step:
 *
 *    # CPU0 (c1)                           CPU1 (c2)
 *    - ----                                ----
 *    2 dma_fence_enable_sw_signaling: call
 *        (f1)
 *    9 ~~ hw: seqno passes (f1) ~~
 *   10 <Interrupt>
 *   11   drv_irq_handler: spin_lock(drv->lock)
 *
 * One column per CPU (state number at the left), a step in the column of the CPU that made it, an interrupt
 * as "<Interrupt>" with the steps of the handler indented under it, a step of the hardware (or any other
 * non-CPU source) across the columns between "~~". Each step names the kernel function and the lock or bit it
 * touches ("fn: act (fence)"); a change of the CPU's IRQ state is noted. Long steps wrap inside their column.
 * The same layout is the trace file (traces/<model>__<property>.txt), which adds under each step what it
 * changed, down to record fields and function entries (every variable for the initial state); those lines are
 * TLA+ values and are not wrapped.
 */

/** Renders a trace as a per-CPU step list: the only plain-text trace layout of fencecheck. */
final class StepScenario {

    private static final int NUMBER = 4;

    private StepScenario() {
    }

    /** The scenario for summary.txt: every line under 80 columns. */
    static List<String> render(TraceView v, String property) {
        return render(v, property, false);
    }

    /**
     * The scenario; with {@code changes}, each step is followed by the lines of what it changed (for the trace
     * files, whose TLA+ values may be wider than 80 columns).
     */
    static List<String> render(TraceView v, String property, boolean changes) {
        List<String> out = new ArrayList<>();
        List<String> cols = v.cpus().isEmpty() ? List.of("step") : v.cpus();
        int width = (Text.WIDTH - NUMBER - 3) / cols.size();
        StringBuilder head = new StringBuilder(Text.pad("  #", NUMBER));
        StringBuilder rule = new StringBuilder(Text.pad("  -", NUMBER));
        for (int i = 0; i < cols.size(); i++) {
            String name = v.cpus().isEmpty() ? "steps" : "CPU" + i + " (" + cols.get(i) + ")";
            head.append(i + 1 < cols.size() ? Text.pad(name, width) : name);
            rule.append(i + 1 < cols.size() ? Text.pad("----", width) : "----");
        }
        out.add(head.toString().stripTrailing());
        out.add(rule.toString());
        for (TraceView.Row r : v.rows()) {
            String num = Text.left(Integer.toString(r.number()), 3) + " ";
            if (r.lane() == null) {
                out.add(num + (r.number() == 1 ? "(initial state)" : r.label()));
                changes(out, r, NUMBER, changes);
                continue;
            }
            int col = cols.indexOf(r.lane());
            if (col < 0 && !v.cpus().isEmpty()) {
                out.addAll(Text.para(("~~ hw: " + r.otherLabel() + " ~~").replace('\u00a0', ' '), num,
                        " ".repeat(NUMBER + 3)));
                changes(out, r, NUMBER + 3, changes);
                continue;
            }
            col = Math.max(col, 0);
            int start = NUMBER + col * width + (r.inIrq() && !r.interrupt() ? 2 : 0);
            int end = col + 1 < cols.size() ? NUMBER + (col + 1) * width - 1 : Text.WIDTH;
            String text = r.interrupt() ? "<Interrupt>" : r.label();
            if (r.irqChange() != null && !r.interrupt() && r.ctxOf().get(r.lane()) != null
                    && r.ctxOf().get(r.lane()).equals(r.ctx())) {
                text += r.irqChange() ? " [irqs\u00a0on]" : " [irqs\u00a0off]";
            }
            List<String> lines = Text.wrap(text, end - start, "  ", Text.WIDTH - start);
            for (int i = 0; i < lines.size(); i++) {
                String prefix = i == 0 ? num : " ".repeat(NUMBER);
                out.add(prefix + " ".repeat(start - NUMBER) + lines.get(i).replace('\u00a0', ' '));
            }
            changes(out, r, start + 2, changes);
        }
        out.add("");
        out.addAll(Text.para(ending(v, property), " ", "   "));
        return out;
    }

    private static void changes(List<String> out, TraceView.Row r, int indent, boolean changes) {
        if (changes) {
            r.changed().forEach(line -> out.add(" ".repeat(indent) + line));
        }
    }

    static String ending(TraceView v, String property) {
        TraceView.Row last = v.last();
        int n = last == null ? 0 : last.number();
        if (v.end() == TraceEnd.STUTTERING) {
            return "then: nothing happens any more; the behaviour stutters in state " + n + " forever, violating "
                    + property + ".";
        }
        if (v.end() == TraceEnd.BACK_TO_STATE) {
            return "then: back to state " + v.loopTo() + "; states " + v.loopTo() + ".." + n
                    + " repeat forever, violating " + property + ".";
        }
        if ("Deadlock".equals(property)) {
            return "then: no step is possible in state " + n + " (deadlock).";
        }
        return "state " + n + " violates " + property + ".";
    }
}
