package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.ModelLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats the verdict table printed on stdout: one row per property, the model's distinct states, depth and
 * seconds (complete run, then all runs) on its first row, mismatches marked at the end of the row.
 */
public final class VerdictTable {

    private static final String[] HEADER = {"model", "property", "expected", "actual", "states", "depth",
        "seconds", ""};

    private VerdictTable() {
    }

    /** The table, the problems and the one-line result, ready to print. */
    public static String format(VerdictReport report) {
        return format(report, l -> "");
    }

    /**
     * The table with, when {@code shape} says anything for some model, a column naming each model's driver shape
     * and caller on its first row (e.g. "series2026 fence/held/locked+entry, caller irq_work"), so a reader of the
     * ~110 rows of property verdicts sees what each model is without decoding its name.
     */
    public static String format(VerdictReport report, java.util.function.Function<ModelLabels, String> shape) {
        boolean shapes = report.models().stream().anyMatch(m -> !shape.apply(m.labels()).isEmpty());
        String[] header = shapes ? withShape(HEADER, "shape") : HEADER;
        List<String[]> rows = new ArrayList<>();
        for (ModelResult m : report.models()) {
            boolean first = true;
            for (PropertyVerdict p : m.properties()) {
                String[] row = new String[] {
                    first ? m.name() : "",
                    p.name(),
                    p.expected().word(),
                    p.actual().word(),
                    first ? states(m) : "",
                    first && m.depth() != null ? m.depth().toString() : "",
                    first ? seconds(m) : "",
                    p.match() ? "" : "<-- MISMATCH"};
                rows.add(shapes ? withShape(row, first ? shape.apply(m.labels()) : "") : row);
                first = false;
            }
        }
        StringBuilder out = new StringBuilder();
        int[] width = widths(header, rows);
        line(out, header, width);
        String[] rule = new String[header.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        line(out, rule, width);
        rows.forEach(r -> line(out, r, width));
        out.append('\n');
        var s = report.summary();
        out.append(String.format(Locale.ROOT, "%d models, %d properties, %d as expected, %.1f s%n", s.models(),
                s.properties(), s.propertiesMatched(), s.seconds()));
        s.problems().forEach(p -> out.append("  ").append(p).append('\n'));
        out.append(s.passed() ? "GATE PASSED" : "GATE FAILED").append('\n');
        return out.toString();
    }

    private static String states(ModelResult m) {
        String observed = m.distinctStates() == null ? "-" : String.format(Locale.ROOT, "%,d", m.distinctStates());
        if (m.distinctStates() != null && !m.distinctStatesMatch()) {
            String expected = m.expectedDistinctStates() == null ? "unrecorded"
                    : String.format(Locale.ROOT, "%,d", m.expectedDistinctStates());
            return observed + " (manifest " + expected + ")";
        }
        return observed;
    }

    private static String seconds(ModelResult m) {
        String complete = m.seconds() == null ? "-" : String.format(Locale.ROOT, "%.1f", m.seconds());
        return m.runs().size() > 1
                ? complete + String.format(Locale.ROOT, " (%.1f in %d runs)", m.totalSeconds(), m.runs().size())
                : complete;
    }

    /** The row with {@code shape} as its second cell. */
    private static String[] withShape(String[] row, String shape) {
        String[] out = new String[row.length + 1];
        out[0] = row[0];
        out[1] = shape;
        System.arraycopy(row, 1, out, 2, row.length - 1);
        return out;
    }

    private static int[] widths(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        return w;
    }

    private static void line(StringBuilder out, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            l.append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append("  ");
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
