package org.fencecheck.report;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.Verdict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * The verdict table as blocks: models with the same bound and the same checked properties form one matrix
 * (rows: design/driver[+sig], columns: the properties' short names); models that check a single property (the
 * deliberately broken variants) are listed one by one. Cells: "." holds, "X" violated, "D" deadlock (a deadlock
 * property violated), "?" unknown, blank not checked; "!" marks a verdict that differs from the manifest.
 */

/** The verdict table, shared by summary.txt and index.html. */
final class Matrix {

    /** A group of models drawn together. */
    record Block(String bound, List<String> properties, List<ModelResult> models, boolean matrix) {
    }

    private Matrix() {
    }

    /** The blocks of a report: matrices in order of first appearance, then the list of single-property models. */
    static List<Block> blocks(VerdictReport report) {
        return blocks(report, null);
    }

    /**
     * The blocks of a report without the driver-shape models that {@link #shapeGrids} draws (all models when
     * {@code v} is null).
     */
    static List<Block> blocks(VerdictReport report, Vocabulary v) {
        Map<String, List<ModelResult>> groups = new LinkedHashMap<>();
        List<ModelResult> singles = new ArrayList<>();
        for (ModelResult m : report.models()) {
            List<String> props = m.properties().stream().map(PropertyVerdict::name).toList();
            if (props.size() < 2) {
                singles.add(m);
                continue;
            }
            if (v != null && v.isShapeModel(m.labels())) {
                continue;
            }
            groups.computeIfAbsent(bound(m) + "\u0000" + String.join(",", props), k -> new ArrayList<>()).add(m);
        }
        List<Block> out = new ArrayList<>();
        for (List<ModelResult> ms : groups.values()) {
            List<String> props = ms.get(0).properties().stream().map(PropertyVerdict::name).toList();
            out.add(new Block(bound(ms.get(0)), props, ms, true));
        }
        if (!singles.isEmpty()) {
            Set<String> props = new LinkedHashSet<>();
            singles.forEach(m -> m.properties().forEach(p -> props.add(p.name())));
            out.add(new Block(null, List.copyOf(props), singles, false));
        }
        return out;
    }

    /**
     * What the block's models have in common besides design and driver, from their names ("order" for
     * order_legacy, order_reworked_sig, ...), or "" (the plain design x driver matrix, or nothing in common).
     */
    static String kind(Block b) {
        String common = null;
        for (ModelResult m : b.models()) {
            List<String> rest = new ArrayList<>();
            for (String t : m.name().split("_")) {
                ModelLabels l = m.labels();
                boolean label = l != null && (t.equals(l.design()) || t.equals(l.driver()));
                if (!label && !t.equals("sig")) {
                    rest.add(t);
                }
            }
            String k = String.join("_", rest);
            if (common != null && !common.equals(k)) {
                return "";
            }
            common = k;
        }
        return common == null ? "" : common;
    }

    /** The driver-shape models checking several properties, one table per caller (see {@link ShapeGrid}). */
    static List<ShapeGrid<ModelResult>> shapeGrids(VerdictReport report, Vocabulary v) {
        List<ModelResult> shapes = report.models().stream()
                .filter(m -> m.properties().size() >= 2 && v.isShapeModel(m.labels())).toList();
        return ShapeGrid.of(shapes, ModelResult::labels,
                m -> m.properties().stream().map(PropertyVerdict::name).toList(), v);
    }

    /**
     * A driver-shape cell: the abbreviations of the properties TLC found violated ("XD DU"), "ok" when none; "!"
     * marks a verdict that differs from the manifest ("-SB!": expected violated, holds), "?" one without verdict.
     */
    static String shapeCell(ModelResult m, Map<String, String> abbr) {
        if (m.status() != RunStatus.COMPLETE && m.properties().stream().allMatch(p -> p.actual() == Verdict.UNKNOWN)) {
            return states(m);
        }
        List<String> parts = new ArrayList<>();
        for (PropertyVerdict p : m.properties()) {
            String a = abbr.getOrDefault(p.name(), p.name());
            switch (p.actual()) {
                case VIOLATED -> parts.add(a + (p.match() ? "" : "!"));
                case UNKNOWN -> parts.add(a + "?");
                case HOLDS -> {
                    if (!p.match()) {
                        parts.add("-" + a + "!");
                    }
                }
            }
        }
        return parts.isEmpty() ? "ok" : String.join(" ", parts);
    }

    /** "order -- bound: 2 CPUs, ... (4 models)" */
    static String caption(Block b) {
        String n = b.models().size() + (b.models().size() == 1 ? " model" : " models");
        String k = kind(b);
        String bound = b.bound() == null || b.bound().isEmpty() ? n : "bound: " + b.bound() + " (" + n + ")";
        return k.isEmpty() ? bound : k + " -- " + bound;
    }

    /** The model's bound label, or "" when it has none. */
    static String bound(ModelResult m) {
        return m.labels() == null || m.labels().bound() == null ? "" : m.labels().bound();
    }

    /** "legacy/irqsave+sig", or null when design or driver is unknown. */
    static String shortLabel(ModelResult m) {
        ModelLabels l = m.labels();
        if (l == null || l.design() == null || l.driver() == null) {
            return null;
        }
        return l.design() + "/" + l.driver() + (Boolean.TRUE.equals(l.signaledOp()) ? "+sig" : "");
    }

    /** "legacy design, driver lock irq, with ->signaled" (what a finding belongs to). */
    static String longLabel(ModelResult m) {
        return longLabel(m.name(), m.labels());
    }

    /** "legacy design, driver lock irq, without ->signaled" for a model's labels. */
    static String longLabel(String name, ModelLabels l) {
        if (l == null) {
            return "model " + name;
        }
        List<String> parts = new ArrayList<>();
        if (l.design() != null) {
            parts.add(l.design() + " design");
        }
        if (l.driver() != null) {
            parts.add("driver lock " + l.driver());
        }
        if (l.signaledOp() != null) {
            parts.add(l.signaledOp() ? "with ->signaled" : "without ->signaled");
        }
        if (l.handler() != null) {
            parts.add("handler " + l.handler() + " its lock");
        }
        if (l.opSignal() != null) {
            parts.add("op on a passed fence: " + l.opSignal());
        }
        if (Boolean.TRUE.equals(l.sideEffect())) {
            parts.add("op leaves an entry");
        }
        if (Boolean.TRUE.equals(l.setsError())) {
            parts.add("op may set an error");
        }
        if (Boolean.TRUE.equals(l.checkUnderLock())) {
            parts.add("completion checked under the fence lock");
        }
        if (l.caller() != null) {
            parts.add("caller " + l.caller());
        }
        if (l.profile() != null) {
            parts.add("driver profile " + l.profile());
        }
        if (l.mutation() != null) {
            parts.add("BROKEN on purpose: " + l.mutation());
        }
        return parts.isEmpty() ? "model " + name : String.join(", ", parts);
    }

    /** Row labels of a matrix: the short labels when all are known and distinct, else the model names. */
    static List<String> rowLabels(Block b) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ModelResult m : b.models()) {
            String l = shortLabel(m);
            if (l == null || !seen.add(l)) {
                return b.models().stream().map(ModelResult::name).toList();
            }
            labels.add(l);
        }
        return labels;
    }

    /** The verdict of property {@code name} of model {@code m}, or null when the model does not check it. */
    static PropertyVerdict verdict(ModelResult m, String name) {
        for (PropertyVerdict p : m.properties()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Whether the verdict is a deadlock: a deadlock property violated, or TLC's deadlock. */
    static boolean deadlock(PropertyVerdict p, Vocabulary v) {
        return p.actual() == Verdict.VIOLATED && (v.isDeadlock(p.name())
                || (p.violation() != null && p.violation().kind() != null
                && p.violation().kind().name().equals("DEADLOCK")));
    }

    /** holds / violated / deadlock / unknown */
    static String word(PropertyVerdict p, Vocabulary v) {
        if (p == null) {
            return "not checked";
        }
        return deadlock(p, v) ? "deadlock" : p.actual().word();
    }

    /** The one-character cell, plus "!" for a mismatch. */
    static String symbol(PropertyVerdict p, Vocabulary v) {
        if (p == null) {
            return "";
        }
        String s = switch (p.actual()) {
            case HOLDS -> ".";
            case VIOLATED -> deadlock(p, v) ? "D" : "X";
            case UNKNOWN -> "?";
        };
        return p.match() ? s : s + "!";
    }

    /** Distinct states, or the reason there are none; "*" when the manifest's count differs or is missing. */
    static String states(ModelResult m) {
        if (m.status() == RunStatus.TIMEOUT) {
            return "timeout";
        }
        if (m.status() == RunStatus.TLC_ERROR) {
            return "TLC error";
        }
        return Text.count(m.distinctStates()) + (m.distinctStatesMatch() ? "" : "*");
    }

    /** Seconds of all TLC runs of the model. */
    static String seconds(ModelResult m) {
        return Text.seconds(m.totalSeconds());
    }

    /** The abbreviations of every property of the report. */
    static Map<String, String> abbreviations(VerdictReport report, Vocabulary v) {
        Set<String> names = new LinkedHashSet<>();
        report.models().forEach(m -> m.properties().forEach(p -> names.add(p.name())));
        return v.abbreviate(names);
    }
}
