package org.fencecheck.report;

import org.fencecheck.proofs.model.Environment;
import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.Verdict;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * summary.txt: plain text for a reply on dri-devel, every line shorter than 80 columns. Sections: the gate's
 * result; the verdict matrix (one block per bound and property set, a list for single-property models, a
 * legend); the seed's claims and the kernel guarantees with their verdicts per design; what the rework changes;
 * the Java test layers; then every counterexample: what it belongs to, for a deadlock lockdep's scenario derived
 * from the last state, and the whole trace as a per-CPU scenario.
 */

/** Writes summary.txt. */
final class SummaryText {

    private SummaryText() {
    }

    static String render(VerdictReport r, SpecData spec, List<Finding> findings,
                         List<TestLayers.ModuleResult> layers) {
        List<String> out = new ArrayList<>();
        header(out, r);
        verdicts(out, r, spec.vocabulary(), findings);
        claims(out, r, spec.claims());
        rework(out, r);
        containers(out, r, spec.vocabulary());
        testLayers(out, layers, spec.mutants());
        counterexamples(out, findings);
        return Text.enforceWidth(String.join("\n", out) + "\n");
    }

    private static void header(List<String> out, VerdictReport r) {
        out.add("fencecheck: TLC verdicts for dma_fence, legacy vs reworked locking");
        out.add("=".repeat(66));
        Environment e = r.environment();
        List<String> env = new ArrayList<>();
        env.add("generated " + r.generated());
        if (e != null) {
            env.add(e.tlcVersion());
            env.add("JDK " + e.jdk());
            env.add(e.cores() + " cores, " + e.workers() + " TLC workers, heap " + e.heap()
                    + (e.jobs() > 1 ? ", " + e.jobs() + " models at once" : ""));
            if (e.jvmOptions() != null && !e.jvmOptions().isEmpty()) {
                env.add("TLC JVM " + String.join(" ", e.jvmOptions()));
            }
        }
        out.addAll(Text.para(String.join("; ", env), "", "  "));
        var s = r.summary();
        out.add(String.format(Locale.ROOT, "gate: %s -- %d models, %d properties, %d as expected, %.0f s",
                s.passed() ? "PASSED" : "FAILED", s.models(), s.properties(), s.propertiesMatched(), s.seconds()));
        for (String p : s.problems()) {
            out.addAll(Text.para("- " + p, "  ", "    "));
        }
        out.add("");
    }

    private static void verdicts(List<String> out, VerdictReport r, Vocabulary v, List<Finding> findings) {
        out.add("");
        out.add(Text.heading("1. Verdicts (design x driver behaviour x property)", '-').stripTrailing());
        Map<String, String> abbr = Matrix.abbreviations(r, v);
        List<Matrix.Block> blocks = Matrix.blocks(r, v);
        for (Matrix.Block b : blocks) {
            if (b.matrix()) {
                block(out, b, abbr, v);
            }
        }
        List<ShapeGrid<ModelResult>> grids = Matrix.shapeGrids(r, v);
        for (ShapeGrid<ModelResult> g : grids) {
            out.add("");
            out.addAll(shapeGrid(g, abbr));
        }
        if (!grids.isEmpty()) {
            out.add("");
            out.addAll(Text.para("Driver shape: driver lock/handler, +flags (+sig ->signaled, +entry the op "
                    + "leaves an entry, +error the op may set an error, +check completion tested under the fence "
                    + "lock; docs/vocabulary.md); a design's header or cell names what its op does on a passed "
                    + "fence; a cell lists the properties violated, \"ok\" none; -XX! expected violated but holds.",
                    "", ""));
        }
        for (Matrix.Block b : blocks) {
            if (!b.matrix()) {
                block(out, b, abbr, v);
            }
        }
        out.add("");
        out.add("Legend: . holds   X violated   D deadlock (a CPU spins for ever, or TLC's");
        out.add("deadlock)   ? unknown (timeout, TLC error)   ! differs from the manifest");
        out.add("states: distinct states of the complete run (* manifest count differs or is");
        out.add("not recorded); s: seconds of all TLC runs of the model; +sig: the driver has");
        out.add("->signaled. Properties:");
        List<String> legend = new ArrayList<>();
        abbr.forEach((name, a) -> legend.add(a + " " + name));
        for (int i = 0; i < legend.size(); i += 2) {
            String left = "  " + Text.pad(legend.get(i), 38);
            out.add((i + 1 < legend.size() ? left + legend.get(i + 1) : left).stripTrailing());
        }
        long unexpected = findings.stream().filter(f -> !f.verdict().match()).count();
        out.add("");
        out.add(findings.size() + " counterexamples (section 6), " + unexpected + " of them unexpected.");
    }

    private static void block(List<String> out, Matrix.Block b, Map<String, String> abbr, Vocabulary v) {
        out.add("");
        List<String> lines = b.matrix() ? matrix(b, abbr, v) : null;
        if (lines == null) {
            list(out, b, v);
        } else {
            out.addAll(lines);
        }
    }

    /**
     * A driver-shape table: rows = shape, columns = design, cell = violated abbreviations or "ok"; when it is wider
     * than the page, one line per model instead ("shape, design: cell").
     */
    private static List<String> shapeGrid(ShapeGrid<ModelResult> g, Map<String, String> abbr) {
        List<String> out = new ArrayList<>();
        out.addAll(Text.para(g.caption() + "; driver shape x design, cell: properties violated", "", "  "));
        out.addAll(Text.para("(each model checks " + String.join(" ", g.properties().stream().map(abbr::get)
                .toList()) + ")", "", "  "));
        List<String> designs = g.designs();
        int sw = Math.max("shape".length(), g.shapes().stream().mapToInt(String::length).max().orElse(0));
        List<Integer> widths = new ArrayList<>();
        for (String d : designs) {
            int w = g.header(d).length();
            for (String shape : g.shapes()) {
                w = Math.max(w, cell(g, shape, d, abbr).length());
            }
            widths.add(w);
        }
        int width = sw + widths.stream().mapToInt(w -> w + 2).sum();
        if (width > Text.WIDTH) {
            for (String shape : g.shapes()) {
                for (String d : designs) {
                    ModelResult m = g.at(shape, d);
                    if (m != null) {
                        out.addAll(Text.para(shape + ", " + d + ": " + cell(g, shape, d, abbr) + " (" + m.name()
                                + ", " + Matrix.states(m) + " states)", "  ", "    "));
                    }
                }
            }
            return out;
        }
        StringBuilder head = new StringBuilder(Text.pad("shape", sw));
        for (int i = 0; i < designs.size(); i++) {
            head.append("  ").append(Text.pad(g.header(designs.get(i)), widths.get(i)));
        }
        out.add(head.toString().stripTrailing());
        for (String shape : g.shapes()) {
            StringBuilder row = new StringBuilder(Text.pad(shape, sw));
            for (int i = 0; i < designs.size(); i++) {
                row.append("  ").append(Text.pad(cell(g, shape, designs.get(i), abbr), widths.get(i)));
            }
            out.add(row.toString().stripTrailing());
        }
        return out;
    }

    private static String cell(ShapeGrid<ModelResult> g, String shape, String design, Map<String, String> abbr) {
        ModelResult m = g.at(shape, design);
        return m == null ? "-" : g.cellNote(shape, design) + Matrix.shapeCell(m, abbr);
    }

    private static List<String> matrix(Matrix.Block b, Map<String, String> abbr, Vocabulary v) {
        List<String> labels = Matrix.rowLabels(b);
        int lw = Math.max("design/driver".length(), labels.stream().mapToInt(String::length).max().orElse(0));
        List<String> states = b.models().stream().map(Matrix::states).toList();
        List<String> secs = b.models().stream().map(Matrix::seconds).toList();
        int sw = Math.max(6, states.stream().mapToInt(String::length).max().orElse(0));
        int tw = Math.max(4, secs.stream().mapToInt(String::length).max().orElse(0));
        int width = lw + 1 + 3 * b.properties().size() + 1 + sw + 2 + tw;
        if (width > Text.WIDTH) {
            return null;
        }
        List<String> out = new ArrayList<>();
        out.add(Matrix.caption(b));
        StringBuilder head = new StringBuilder(Text.pad(labels.equals(b.models().stream().map(ModelResult::name)
                .toList()) ? "model" : "design/driver", lw)).append(' ');
        for (String p : b.properties()) {
            head.append(Text.pad(abbr.get(p), 3));
        }
        head.append(' ').append(Text.left("states", sw)).append("  ").append(Text.left("s", tw));
        out.add(head.toString());
        for (int i = 0; i < b.models().size(); i++) {
            ModelResult m = b.models().get(i);
            StringBuilder row = new StringBuilder(Text.pad(labels.get(i), lw)).append(' ');
            for (String p : b.properties()) {
                row.append(Text.pad(Matrix.symbol(Matrix.verdict(m, p), v), 3));
            }
            row.append(' ').append(Text.left(states.get(i), sw)).append("  ").append(Text.left(secs.get(i), tw));
            out.add(row.toString());
        }
        return out;
    }

    private static void list(List<String> out, Matrix.Block b, Vocabulary v) {
        out.add(b.matrix() ? "bound: " + b.bound() : "Models checking one property each (deliberately broken"
                + " variants and others):");
        for (ModelResult m : b.models()) {
            out.add("");
            out.addAll(Text.para(m.name() + " -- " + Matrix.longLabel(m), "", "    "));
            out.addAll(Text.para((Matrix.bound(m).isEmpty() ? "" : Matrix.bound(m) + "; ") + Matrix.states(m)
                    + " states; " + Matrix.seconds(m) + " s", "    ", "      "));
            for (PropertyVerdict p : m.properties()) {
                String line = "    " + Text.pad(p.name(), 36) + " " + Matrix.word(p, v)
                        + (p.match() ? "" : "  ! expected " + p.expected().word());
                out.addAll(Text.para(line.strip(), "    ", "      "));
            }
        }
    }

    private static void claims(List<String> out, VerdictReport r, ClaimBook book) {
        out.add("");
        out.add("");
        out.add(Text.heading("2. The seed's claims and the kernel's guarantees", '-').stripTrailing());
        out.add("Verdicts per design over the models that are not broken on purpose.");
        List<String> designs = Claims.designs(r);
        for (ClaimBook.Claim c : book.claims()) {
            out.add("");
            out.addAll(Text.para(c.id() + ": " + c.title(), "", "  "));
            out.addAll(Text.para("seed: \"" + c.quote() + "\"", "  ", "    "));
            if (c.notModelled() != null) {
                out.addAll(Text.para("=> " + c.notModelled() + ".", "  ", "     "));
                continue;
            }
            for (ClaimBook.Prediction p : c.predictions()) {
                Claims.Outcome o = Claims.evaluate(r, p);
                out.addAll(Text.para("=> " + p.text() + ": " + o.word().toUpperCase(Locale.ROOT)
                        + outcomeDetail(o), "  ", "     "));
            }
            for (String prop : c.properties()) {
                out.add("  " + prop);
                for (String d : designs) {
                    out.addAll(Text.para(Text.pad(d, 9) + Claims.describe(Claims.tally(r, prop, d)), "    ",
                            " ".repeat(15)));
                }
            }
        }
        out.add("");
        out.add("Kernel guarantees (each should hold in both designs):");
        for (ClaimBook.Guarantee g : book.guarantees()) {
            out.addAll(Text.para(g.text() + " (" + g.source() + "): " + g.property(), "  ", "    "));
            for (String d : designs) {
                out.addAll(Text.para(Text.pad(d, 9) + Claims.describe(Claims.tally(r, g.property(), d)), "    ",
                        " ".repeat(15)));
            }
        }
    }

    private static String outcomeDetail(Claims.Outcome o) {
        int n = o.agree().size() + o.disagree().size();
        StringBuilder sb = new StringBuilder();
        if (n > 0) {
            sb.append(" (TLC agrees in ").append(o.agree().size()).append(" of ").append(n).append(" models");
            if (!o.disagree().isEmpty()) {
                sb.append("; not in ").append(String.join(", ", o.disagree()));
            }
            sb.append(')');
            if (o.prediction().anyOf().size() > 1 && o.prediction().violated()) {
                o.via().forEach((prop, models) -> sb.append("; ").append(prop).append(" violated in ")
                        .append(String.join(", ", models)));
            }
        }
        if (!o.undecided().isEmpty()) {
            sb.append(" (no verdict: ").append(String.join(", ", o.undecided())).append(')');
        }
        return sb.toString();
    }

    private static void rework(List<String> out, VerdictReport r) {
        out.add("");
        out.add("");
        out.add(Text.heading("3. What the rework changes (legacy -> reworked, same driver)", '-').stripTrailing());
        Map<String, ?> compared = Claims.reworkPairs(r);
        List<Claims.Change> changes = Claims.reworkChanges(r);
        if (compared.isEmpty()) {
            out.add("No pair of models differing only in the design was checked in this run.");
            return;
        }
        out.addAll(Text.para(compared.size() + " pairs compared (named by the model name with the design replaced"
                + " by *): " + String.join(", ", compared.keySet()) + ".", "", "  "));
        for (boolean breaks : new boolean[] {true, false}) {
            out.add("");
            out.add(breaks ? "Breaks (holds under legacy, violated under reworked):"
                    : "Fixes (violated under legacy, holds under reworked):");
            Map<String, List<String>> g = Claims.grouped(changes, breaks);
            if (g.isEmpty()) {
                out.add("  none");
            }
            g.forEach((prop, pairs) -> out.addAll(Text.para(prop + ": " + String.join(", ", pairs), "  ",
                    "    ")));
        }
    }

    /** The property that states the cover letter's claim for containers. */
    static final String NESTING = "NoLockTakenUnderContainerLock";

    /**
     * The container models of this run (spec/DmaFenceContainers.tla, issue 20), one line each: its design, TLC's
     * verdict on the cover letter's "their add_callback nesting is gone" and the other properties it violated;
     * then each broken variant with the properties TLC refuted with it. The reader compares the nesting column
     * across designs: that is the claim, checked.
     */
    private static void containers(List<String> out, VerdictReport r, Vocabulary v) {
        out.add("");
        out.add("");
        out.add(Text.heading("4. Containers (dma_fence_array, dma_fence_chain)", '-').stripTrailing());
        List<ModelResult> all = r.models().stream().filter(Html::isContainerModel).toList();
        if (all.isEmpty()) {
            out.add("No container model was checked in this run.");
            return;
        }
        out.addAll(Text.para("The cover letter: the containers' \"add_callback nesting is gone\". Column \"nests\": "
                + NESTING + " (X: a fence lock is taken while the container's lock is held; - not checked). "
                + "\"violated\": the model's other properties TLC refuted (none: all hold); the nesting models "
                + "(NoForbiddenNesting) have no design. What each design does to the containers, with the traces: "
                + "docs/findings.md, \"Containers\".", "", ""));
        List<ModelResult> correct = all.stream().filter(m -> !"broken".equals(m.group())).toList();
        int nw = Math.max(5, correct.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        out.add("");
        out.add(Text.pad("model", nw) + " " + Text.pad("design", 11) + Text.pad("nests", 6) + "violated");
        for (ModelResult m : correct) {
            String nests = m.properties().stream().filter(p -> p.name().equals(NESTING)).findFirst()
                    .map(p -> Matrix.symbol(p, v)).orElse("-");
            out.addAll(Text.para(Text.pad(m.name(), nw) + " " + Text.pad(Html.containerDesign(m), 11)
                    + Text.pad(nests, 6) + violated(m, v, NESTING), "", " ".repeat(nw + 18)));
        }
        List<ModelResult> broken = all.stream().filter(m -> "broken".equals(m.group())).toList();
        if (!broken.isEmpty()) {
            out.add("");
            out.add("Broken variants (each must be refuted on the properties it names):");
            for (ModelResult m : broken) {
                out.addAll(Text.para(m.name() + " (" + Html.containerDesign(m) + "): "
                        + violated(m, v, null), "  ",
                        "    "));
            }
        }
    }

    /** The properties of m that TLC found violated, but {@code except}, with "!" where the manifest disagrees. */
    private static String violated(ModelResult m, Vocabulary v, String except) {
        List<String> names = m.properties().stream()
                .filter(p -> !p.name().equals(except) && (p.actual() == Verdict.VIOLATED || !p.match()))
                .map(p -> p.name() + (p.match() ? "" : " " + Matrix.symbol(p, v))).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static void testLayers(List<String> out, List<TestLayers.ModuleResult> layers,
                                   SpecMutationScore specMutants) {
        out.add("");
        out.add("");
        out.add(Text.heading("5. Test layers (Surefire reports of the last build)", '-').stripTrailing());
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
        for (TestLayers.ModuleResult m : layers) {
            out.add("");
            out.addAll(Text.para(m.layer().module() + ": " + m.layer().what(), "", "  "));
            if (!m.present()) {
                out.add("  no Surefire reports (module not built or tested in this checkout)");
                continue;
            }
            out.addAll(Text.para(TestLayers.counts(m.tests(), m.failures(), m.errors(), m.skipped(), m.seconds())
                    + (m.newest() == null ? "" : "; reports of " + fmt.format(m.newest().toInstant())), "  ",
                    "    "));
            for (TestLayers.ClassResult c : m.classes()) {
                String bad = c.failures() + c.errors() > 0 ? "  FAILED " + c.failures() + "+" + c.errors() : "";
                String skip = c.skipped() > 0 ? "  " + c.skipped() + " skipped" : "";
                out.add("    " + Text.pad(c.name(), 40) + Text.left(Integer.toString(c.tests()), 5) + " tests"
                        + String.format(Locale.ROOT, "%7.1f s", c.seconds()) + bad + skip);
            }
            for (String u : m.unreadable()) {
                out.addAll(Text.para("unreadable: " + u, "    ", "      "));
            }
            if (m.pit() != null) {
                String source = m.pit().source(fmt);
                out.addAll(Text.para(m.pit().describe() + (source.isEmpty() ? "" : "; " + source), "  ", "    "));
            }
        }
        if (specMutants != null) {
            out.add("");
            out.addAll(Text.para("spec/: " + specMutants.describe(), "", "  "));
        }
    }

    private static void counterexamples(List<String> out, List<Finding> findings) {
        out.add("");
        out.add("");
        out.add(Text.heading("6. Counterexamples", '-').stripTrailing());
        out.add("Each step is shown in the column of the CPU that made it; interrupts are");
        out.add("indented under the CPU they preempt. The full TLA+ states are in");
        out.add("traces/<model>__<property>.txt and index.html.");
        for (Finding f : findings) {
            out.add("");
            out.add("=".repeat(Text.WIDTH));
            out.addAll(finding(f));
        }
    }

    /** One counterexample's text (also used by junit.xml). */
    static List<String> finding(Finding f) {
        List<String> out = new ArrayList<>();
        ModelResult m = f.model();
        PropertyVerdict p = f.verdict();
        out.addAll(Text.para("[" + f.index() + "] " + m.name() + ": " + p.name() + " violated"
                + (f.deadlock() ? " -- deadlock" : "") + " (" + f.expectation() + ")", "", "    "));
        out.addAll(Text.para(Matrix.longLabel(m) + (Matrix.bound(m).isEmpty() ? "" : "; " + Matrix.bound(m)),
                "    ", "      "));
        if (p.violation() != null) {
            out.addAll(Text.para("TLC: " + p.violation().message() + (p.violation().traceText() == null ? ""
                    : "  trace: " + p.violation().traceText()), "    ", "      "));
        }
        if (f.view() == null) {
            out.add("    (no trace recorded)");
            return out;
        }
        for (Lockdep.Deadlock d : f.deadlocks()) {
            out.add("");
            out.addAll(Lockdep.render(d));
        }
        out.add("");
        out.add(" The whole counterexample:");
        out.add("");
        out.addAll(StepScenario.render(f.view(), p.name()));
        return out;
    }
}
