package org.fencecheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/*
 * One counterexample as an inline SVG timeline (no external references, so index.html stays self-contained).
 * Time runs downwards, one row per TLA+ state; one lane (column) per CPU, then one per other step source (the
 * hardware). In a CPU lane the background shows the running context after each state (process: blue-grey, hard
 * IRQ: orange); vertical bars at the lane's left edge show the locks the CPU holds (fence->lock blue,
 * drv->lock green, paler when held by the IRQ context); the step's "fn: act" label sits in the lane of the CPU
 * that made it, wrapped to fit; flag bits set or cleared (SIGNALED, ENABLE_SIGNAL, TIMESTAMP) are diamonds and
 * callback runs / waiter wake-ups are circles at the lane's right. A CPU spinning at the end gets a red dashed
 * outline in the slot of the lock it waits for, in the last row, and a red note below. Hovering a row shows the TLA+ state (<title>); clicking it jumps to the
 * state in the list below the picture.
 */

/** Draws a {@link TraceView} as SVG. */
final class Timeline {

    static final int NUM_W = 44;
    static final int HEAD_H = 34;
    static final int LINE_H = 16;
    static final int PAD = 5;
    static final double CHAR_W = 7.3;
    static final int BAR_W = 9;
    static final int BAR_GAP = 4;
    static final int MARKS_W = 150;
    static final int OTHER_LANE_W = 190;
    static final int TOTAL_W = 1320;

    private Timeline() {
    }

    private record Lane(String name, String title, int x, int w, boolean cpu) {
    }

    static String svg(TraceView v, String idPrefix, String property) {
        List<Lane> lanes = lanes(v);
        int width = lanes.isEmpty() ? TOTAL_W : lanes.get(lanes.size() - 1).x() + lanes.get(lanes.size() - 1).w();
        List<TraceView.Row> rows = v.rows();
        int[] top = new int[rows.size() + 1];
        List<List<String>> texts = new ArrayList<>();
        top[0] = HEAD_H;
        for (int i = 0; i < rows.size(); i++) {
            TraceView.Row r = rows.get(i);
            Lane lane = laneOf(lanes, r);
            List<String> lines = lane == null ? List.of(r.lane() == null ? "initial state" : r.label())
                    : Text.wrap(text(r, lane), Math.max(12, (int) (textWidth(v, lane, r) / CHAR_W)), "  ",
                    Math.max(12, (int) (textWidth(v, lane, r) / CHAR_W)) + 8);
            texts.add(lines);
            int n = Math.max(lines.size(), r.marks().size());
            top[i + 1] = top[i] + n * LINE_H + 2 * PAD;
        }
        List<String> endNotes = endNotes(v, property);
        int endTop = top[rows.size()];
        int height = endTop + Math.max(1, endNotes.size()) * LINE_H + 2 * PAD + 4;

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-label=\"timeline of %s\">\n", width, height, width, height, Html.esc(idPrefix)));
        // lane headers
        for (Lane l : lanes) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" class=\"lanehead\">%s</text>\n", l.x() + 6,
                    Html.esc(l.title())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"22\" class=\"lanehead\">#</text>\n"));
        // context shading per CPU lane and row
        for (int i = 0; i < rows.size(); i++) {
            TraceView.Row r = rows.get(i);
            for (Lane l : lanes) {
                String cls = !l.cpu() ? "other" : "irq".equals(r.ctxOf().get(l.name())) ? "irqctx" : "procctx";
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"%s\"/>"
                        + "\n", l.x(), top[i], l.w() - 2, top[i + 1] - top[i], cls));
            }
        }
        // row groups: hover title, link, label, marks
        for (int i = 0; i < rows.size(); i++) {
            TraceView.Row r = rows.get(i);
            String id = idPrefix + "-s" + r.number();
            s.append("<a href=\"#").append(Html.esc(id)).append("\"><g class=\"row\">");
            s.append("<title>").append(Html.esc(title(r))).append("</title>");
            s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"hover\"/>",
                    top[i], width, top[i + 1] - top[i]));
            s.append(String.format(Locale.ROOT, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"sep\"/>",
                    top[i + 1], width, top[i + 1]));
            s.append(String.format(Locale.ROOT, "<text x=\"6\" y=\"%d\" class=\"num\">%d</text>",
                    top[i] + PAD + 12, r.number()));
            Lane lane = laneOf(lanes, r);
            int tx = lane == null ? lanes.get(0).x() + barsWidth(v) + 8 : textX(v, lane, r);
            List<String> lines = texts.get(i);
            String cls = r.interrupt() ? "step irqin" : lane == null ? "step init" : "step";
            for (int k = 0; k < lines.size(); k++) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"%s\">%s</text>", tx,
                        top[i] + PAD + 12 + k * LINE_H, cls, Html.esc(lines.get(k).replace('\u00a0', ' '))));
            }
            if (lane != null) {
                int mx = lane.cpu() ? lane.x() + lane.w() - MARKS_W : lane.x() + lane.w() - 130;
                for (int k = 0; k < r.marks().size(); k++) {
                    TraceView.Mark m = r.marks().get(k);
                    int my = top[i] + PAD + 8 + k * LINE_H;
                    s.append(mark(m, mx, my));
                }
            }
            s.append("</g></a>\n");
        }
        // lock bars
        for (Lane l : lanes) {
            if (!l.cpu()) {
                continue;
            }
            for (int li = 0; li < v.locks().size(); li++) {
                String lock = v.locks().get(li);
                int bx = l.x() + 6 + li * (BAR_W + BAR_GAP);
                int i = 0;
                while (i < rows.size()) {
                    String ctx = holder(rows.get(i), lock, l.name());
                    if (ctx == null) {
                        i++;
                        continue;
                    }
                    int j = i;
                    while (j + 1 < rows.size() && ctx.equals(holder(rows.get(j + 1), lock, l.name()))) {
                        j++;
                    }
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                                    + "class=\"bar %s%s\"><title>%s</title></rect>\n", bx, top[i] + 2, BAR_W,
                            top[j + 1] - top[i] - 4, "fence".equals(lock) ? "fencelock" : "driver".equals(lock)
                                    ? "drvlock" : "otherlock", "irq".equals(ctx) ? " byirq" : "",
                            Html.esc(v.vocabulary().lockName(lock) + " held by " + l.name() + " ("
                                    + Lockdep.ctxWord(ctx) + " context), states " + rows.get(i).number() + "-"
                                    + rows.get(j).number())));
                    i = j + 1;
                }
            }
        }
        // spins and the end
        for (TraceView.Spin sp : v.spins()) {
            Lane l = lanes.stream().filter(x -> x.name().equals(sp.cpu())).findFirst().orElse(null);
            int li = v.locks().indexOf(sp.lock());
            if (l == null || li < 0 || rows.isEmpty()) {
                continue;
            }
            int bx = l.x() + 6 + li * (BAR_W + BAR_GAP);
            int last = rows.size() - 1;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"spin\">"
                            + "<title>%s</title></rect>\n", bx - 1, top[last] + 1, BAR_W + 2,
                    top[last + 1] - top[last] - 2, Html.esc(sp.cpu() + " spins on " + v.vocabulary().lockName(sp.lock())
                            + " (held by " + sp.holderCpu() + ")")));
        }
        for (int k = 0; k < endNotes.size(); k++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"endnote\">%s</text>\n",
                    NUM_W + barsWidth(v) + 8, endTop + PAD + 12 + k * LINE_H, Html.esc(endNotes.get(k))));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static List<Lane> lanes(TraceView v) {
        List<Lane> out = new ArrayList<>();
        List<String> names = v.lanes();
        int cpus = v.cpus().size();
        int others = names.size() - cpus;
        int cpuW = cpus == 0 ? TOTAL_W - NUM_W : Math.max(300, (TOTAL_W - NUM_W - others * OTHER_LANE_W) / cpus);
        int x = NUM_W;
        for (int i = 0; i < names.size(); i++) {
            boolean cpu = i < cpus;
            String n = names.get(i);
            String title = cpu ? "CPU" + i + " (" + n + ")" : "hw".equals(n) ? "hardware" : n;
            int w = cpu || cpus == 0 ? cpuW : OTHER_LANE_W;
            out.add(new Lane(n, title, x, w, cpu));
            x += w;
        }
        return out;
    }

    private static Lane laneOf(List<Lane> lanes, TraceView.Row r) {
        if (r.lane() == null) {
            return null;
        }
        for (Lane l : lanes) {
            if (l.name().equals(r.lane())) {
                return l;
            }
        }
        return lanes.size() == 1 ? lanes.get(0) : null;
    }

    private static int barsWidth(TraceView v) {
        return 6 + Math.max(1, v.locks().size()) * (BAR_W + BAR_GAP);
    }

    private static int textX(TraceView v, Lane lane, TraceView.Row r) {
        int x = lane.x() + (lane.cpu() ? barsWidth(v) + 6 : 6);
        return r.inIrq() && !r.interrupt() ? x + 14 : x;
    }

    private static int textWidth(TraceView v, Lane lane, TraceView.Row r) {
        int right = lane.x() + lane.w() - (lane.cpu() ? MARKS_W : 0) - 6;
        return right - textX(v, lane, r);
    }

    private static String text(TraceView.Row r, Lane lane) {
        if (r.interrupt()) {
            return "<Interrupt> " + (r.fn() == null ? "" : r.fn());
        }
        if (!lane.cpu()) {
            return r.otherLabel();
        }
        String t = r.label();
        if (r.irqChange() != null && r.ctxOf().get(r.lane()) != null && r.ctxOf().get(r.lane()).equals(r.ctx())) {
            t += r.irqChange() ? " [irqs\u00a0on]" : " [irqs\u00a0off]";
        }
        return t;
    }

    private static String holder(TraceView.Row r, String lock, String cpu) {
        for (TraceView.Hold h : r.holds()) {
            if (h.lock().equals(lock) && h.cpu().equals(cpu)) {
                return h.ctx() == null ? "proc" : h.ctx();
            }
        }
        return null;
    }

    private static String mark(TraceView.Mark m, int x, int y) {
        String cls;
        String t = m.text();
        if (m.kind().equals("flag")) {
            cls = t.contains("SIGNALED") && !t.contains("ENABLE") ? "m-sig" : t.contains("ENABLE_SIGNAL")
                    ? "m-en" : t.contains("TIMESTAMP") ? "m-ts" : "m-flag";
            return String.format(Locale.ROOT, "<path d=\"M%d %d l5 5 l-5 5 l-5 -5 z\" class=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"mark\">%s</text>", x + 5, y - 5, cls, x + 14, y + 4,
                    Html.esc(t));
        }
        return String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" class=\"m-cb\"/>"
                + "<text x=\"%d\" y=\"%d\" class=\"mark\">%s</text>", x + 5, y, x + 14, y + 4, Html.esc(t));
    }

    private static String title(TraceView.Row r) {
        StringBuilder t = new StringBuilder();
        t.append("state ").append(r.number()).append(": ");
        t.append(r.lane() == null ? "initial state" : r.lane() + " (" + Lockdep.ctxWord(r.ctx()) + ") "
                + r.label());
        if (r.action() != null && !r.action().isEmpty()) {
            t.append("\nTLA+ action: ").append(r.action());
        }
        if (!r.changed().isEmpty() && r.lane() != null) {
            t.append("\n\nchanged:");
            r.changed().forEach(c -> t.append("\n  ").append(c));
        }
        t.append("\n\nstate:");
        r.state().forEach(c -> t.append("\n  ").append(c));
        return t.toString();
    }

    private static List<String> endNotes(TraceView v, String property) {
        List<String> out = new ArrayList<>();
        for (TraceView.Spin sp : v.spins()) {
            out.add(sp.cpu() + " (" + Lockdep.ctxWord(sp.ctx()) + ") spins on " + v.vocabulary().lockName(sp.lock())
                    + ", held by " + sp.holderCpu() + " (" + Lockdep.ctxWord(sp.holderCtx()) + ")"
                    + (sp.fn() == null ? "" : " -- in " + sp.fn()));
        }
        out.add(StepScenario.ending(v, property));
        return out;
    }
}
