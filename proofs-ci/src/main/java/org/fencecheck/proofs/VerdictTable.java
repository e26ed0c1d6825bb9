package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;

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
        List<String[]> rows = new ArrayList<>();
        for (ModelResult m : report.models()) {
            boolean first = true;
            for (PropertyVerdict p : m.properties()) {
                rows.add(new String[] {
                    first ? m.name() : "",
                    p.name(),
                    p.expected().word(),
                    p.actual().word(),
                    first ? states(m) : "",
                    first && m.depth() != null ? m.depth().toString() : "",
                    first ? seconds(m) : "",
                    p.match() ? "" : "<-- MISMATCH"});
                first = false;
            }
        }
        StringBuilder out = new StringBuilder();
        int[] width = widths(rows);
        line(out, HEADER, width);
        String[] rule = new String[HEADER.length];
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

    private static int[] widths(List<String[]> rows) {
        int[] w = new int[HEADER.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = HEADER[i].length();
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
