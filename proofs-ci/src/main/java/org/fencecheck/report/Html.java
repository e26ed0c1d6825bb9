package org.fencecheck.report;

import org.fencecheck.proofs.model.Environment;
import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.tlc.Verdict;
import org.fencecheck.proofs.model.VerdictReport;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * index.html: one self-contained page (inline CSS and SVG, no script, no network reference) with the same
 * content as summary.txt: the verdict tables (every violated cell links to its counterexample), each
 * counterexample as lockdep text plus an SVG timeline and the TLA+ state of every step in a collapsible list,
 * then the claims, the rework's changes and the Java test layers.
 */

/** Writes index.html. */
final class Html {

    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\u00a0' -> sb.append(' ');
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:18px 24px;
              color:#1d2330;background:#fff;max-width:1400px}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:26px 0 8px;border-bottom:2px solid #d8dde8}
            h3{font-size:15px;margin:20px 0 4px} .meta{color:#555;font-size:13px}
            nav a{margin-right:14px} .pass{color:#17733a;font-weight:bold} .fail{color:#b3261e;font-weight:bold}
            table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
            .blocks{display:flex;flex-wrap:wrap;gap:4px 22px;align-items:flex-start}
            th,td{border:1px solid #d5d9e2;padding:2px 6px;text-align:left;vertical-align:top}
            th{background:#f1f3f7} td.c{text-align:center;min-width:22px;padding:2px 3px;font-weight:bold}
            th.p{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;padding:4px 1px;
              font-weight:normal;font-size:11px;line-height:1.1}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.h{background:#e3f4e7;color:#1e6b34} td.v{background:#fbd9d5;color:#9d1c12}
            td.d{background:#7d1810;color:#fff} td.u{background:#e8e8e8;color:#555} td.x{background:#fafafa}
            td.mm{outline:3px solid #ff00aa;outline-offset:-3px} td.c a{color:inherit;text-decoration:none;display:block}
            caption{text-align:left;font-weight:bold;padding:4px 0}
            .legend span{display:inline-block;margin-right:14px}
            .sw{display:inline-block;width:14px;height:12px;vertical-align:middle;margin-right:4px;border:1px solid #999}
            pre{font:12px/1.35 "DejaVu Sans Mono",Menlo,Consolas,monospace;background:#f6f7f9;padding:8px 10px;
              border:1px solid #e1e4ea;overflow-x:auto}
            pre.lockdep{background:#fff8f0;border-color:#f0d9bf}
            .finding{border-top:1px solid #d8dde8;margin-top:18px}
            .tag{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;margin-left:6px}
            .tag.ok{background:#e3f4e7;color:#1e6b34} .tag.bad{background:#ffd6ea;color:#8a0050}
            svg.timeline{display:block;border:1px solid #d5d9e2;margin:6px 0;background:#fff}
            svg .lanehead{font:bold 13px sans-serif;fill:#1d2330}
            svg .procctx{fill:#eef2f8} svg .irqctx{fill:#fde3c3} svg .other{fill:#f7f7f7}
            svg .hover{fill:transparent} svg .row:hover .hover{fill:rgba(255,230,0,.18)}
            svg .sep{stroke:#dde1e8;stroke-width:1}
            svg .num{font:12px monospace;fill:#666}
            svg .step{font:12px "DejaVu Sans Mono",monospace;fill:#111} svg .irqin{fill:#a14a00;font-weight:bold}
            svg .init{fill:#666;font-style:italic}
            svg .bar{stroke:none} svg .fencelock{fill:#2f6fdf} svg .drvlock{fill:#2a9d4b} svg .otherlock{fill:#777}
            svg .byirq{opacity:.55}
            svg .spin{fill:none;stroke:#d0021b;stroke-width:2;stroke-dasharray:4 3}
            svg .endnote{font:bold 12px monospace;fill:#b3261e}
            svg .mark{font:11px monospace;fill:#333}
            svg .m-sig{fill:#d62728} svg .m-en{fill:#8e44ad} svg .m-ts{fill:#8c6d3f} svg .m-flag{fill:#555}
            svg .m-cb{fill:#ff8c1a}
            details{margin:4px 0} summary{cursor:pointer;color:#234;font-size:13px}
            ol.states{font-size:12px;padding-left:30px} ol.states pre{margin:2px 0 6px}
            .small{font-size:12px;color:#555}
            """;

    static String render(VerdictReport r, SpecData spec, List<Finding> findings,
                         List<TestLayers.ModuleResult> layers) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>fencecheck: TLC verdicts for dma_fence</title>\n<style>\n").append(CSS)
                .append("</style></head><body>\n");
        header(h, r, findings);
        verdicts(h, r, spec.vocabulary());
        counterexamples(h, findings);
        claims(h, r, spec.claims());
        rework(h, r);
        containers(h, r, spec.vocabulary());
        testLayers(h, layers, spec.mutants());
        h.append("<p class=\"small\">Files next to this page: summary.txt (the same, as plain text for mail), "
                + "junit.xml, verdicts.json, traces/&lt;model&gt;__&lt;property&gt;.txt|json.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, VerdictReport r, List<Finding> findings) {
        h.append("<h1>fencecheck: TLC verdicts for dma_fence, legacy vs reworked locking</h1>\n");
        Environment e = r.environment();
        h.append("<div class=\"meta\">generated ").append(esc(r.generated()));
        if (e != null) {
            h.append(" &middot; ").append(esc(e.tlcVersion())).append(" &middot; JDK ").append(esc(e.jdk()))
                    .append(" &middot; ").append(e.cores()).append(" cores, ").append(e.workers())
                    .append(" TLC workers, heap ").append(esc(e.heap()))
                    .append(e.jobs() > 1 ? ", " + e.jobs() + " models at once" : "");
        }
        h.append("</div>\n");
        var s = r.summary();
        h.append("<p>Gate: <span class=\"").append(s.passed() ? "pass\">PASSED" : "fail\">FAILED")
                .append("</span> &mdash; ").append(s.models()).append(" models, ").append(s.properties())
                .append(" properties, ").append(s.propertiesMatched()).append(" as expected, ")
                .append(String.format(Locale.ROOT, "%.0f s", s.seconds())).append("; ").append(findings.size())
                .append(" counterexamples.</p>\n");
        if (!s.problems().isEmpty()) {
            h.append("<details><summary>").append(s.problems().size()).append(" problems</summary><ul>");
            s.problems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
            h.append("</ul></details>\n");
        }
        h.append("<nav><a href=\"#verdicts\">Verdicts</a><a href=\"#counterexamples\">Counterexamples</a>"
                + "<a href=\"#claims\">Claims</a><a href=\"#rework\">What the rework changes</a>"
                + "<a href=\"#containers\">Containers</a>"
                + "<a href=\"#layers\">Test layers</a></nav>\n");
    }

    private static void verdicts(StringBuilder h, VerdictReport r, Vocabulary v) {
        h.append("<h2 id=\"verdicts\">Verdicts: design &times; driver behaviour &times; property</h2>\n");
        h.append("<div class=\"legend small\"><span><span class=\"sw\" style=\"background:#e3f4e7\"></span>"
                + "&#10003; holds</span><span><span class=\"sw\" style=\"background:#fbd9d5\"></span>&#10007; "
                + "violated</span><span><span class=\"sw\" style=\"background:#7d1810\"></span>DL deadlock</span>"
                + "<span><span class=\"sw\" style=\"background:#e8e8e8\"></span>? unknown</span>"
                + "<span><span class=\"sw\" style=\"outline:3px solid #ff00aa\"></span>differs from the manifest"
                + "</span><span>states: distinct states (* manifest differs / not recorded); s: seconds of all TLC "
                + "runs; +sig: the driver has -&gt;signaled</span></div>\n");
        h.append("<div class=\"blocks\">\n");
        List<Matrix.Block> blocks = Matrix.blocks(r, v);
        for (Matrix.Block b : blocks) {
            if (b.matrix()) {
                matrix(h, b, v);
            }
        }
        Map<String, String> abbr = Matrix.abbreviations(r, v);
        for (ShapeGrid<ModelResult> g : Matrix.shapeGrids(r, v)) {
            shapeGrid(h, g, abbr);
        }
        h.append("</div>\n");
        for (Matrix.Block b : blocks) {
            if (!b.matrix()) {
                list(h, b, v);
            }
        }
    }

    private static void matrix(StringBuilder h, Matrix.Block b, Vocabulary v) {
        List<String> labels = Matrix.rowLabels(b);
        h.append("<table class=\"matrix\"><caption>").append(esc(Matrix.caption(b).replace(" -- ", " \u2014 ")))
                .append("</caption>\n<tr><th>model</th>");
        for (String p : b.properties()) {
            h.append("<th class=\"p\" title=\"").append(esc(p)).append("\">").append(twoLines(p)).append("</th>");
        }
        h.append("<th>states</th><th>s</th></tr>\n");
        for (int i = 0; i < b.models().size(); i++) {
            ModelResult m = b.models().get(i);
            h.append("<tr><td title=\"").append(esc(m.name() + ": " + Matrix.longLabel(m))).append("\">")
                    .append(esc(labels.get(i))).append("</td>");
            for (String p : b.properties()) {
                cell(h, m, Matrix.verdict(m, p), v);
            }
            h.append("<td class=\"n\">").append(esc(Matrix.states(m))).append("</td><td class=\"n\">")
                    .append(esc(Matrix.seconds(m))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /**
     * A driver-shape table: rows = shape, columns = design, cell = the abbreviations of the violated properties
     * or "ok", its title the model, its states and what the abbreviations stand for.
     */
    private static void shapeGrid(StringBuilder h, ShapeGrid<ModelResult> g, Map<String, String> abbr) {
        h.append("<table class=\"matrix shapes\"><caption>").append(esc(g.caption().replace(" -- ", " \u2014 ")))
                .append("<br><span class=\"small\">driver shape &times; design; each model checks ")
                .append(esc(String.join(" ", g.properties().stream().map(abbr::get).toList())))
                .append("</span></caption>\n<tr><th>driver shape</th>");
        for (String d : g.designs()) {
            h.append("<th>").append(esc(g.header(d))).append("</th>");
        }
        h.append("</tr>\n");
        for (String shape : g.shapes()) {
            h.append("<tr><td>").append(esc(shape)).append("</td>");
            for (String d : g.designs()) {
                ModelResult m = g.at(shape, d);
                if (m == null) {
                    h.append("<td class=\"c x\"></td>");
                    continue;
                }
                boolean mismatch = m.properties().stream().anyMatch(p -> !p.match());
                boolean unknown = m.properties().stream().anyMatch(p -> p.actual() == Verdict.UNKNOWN);
                boolean violated = m.properties().stream().anyMatch(p -> p.actual() == Verdict.VIOLATED);
                String cls = unknown ? "u" : violated ? "v" : "h";
                String title = m.name() + " (" + Matrix.longLabel(m) + "): " + Matrix.states(m) + " states"
                        + m.properties().stream().filter(p -> p.actual() != Verdict.HOLDS || !p.match())
                        .map(p -> "; " + p.name() + " " + p.actual().word() + (p.match() ? ""
                                : " (manifest: " + p.expected().word() + ")")).reduce("", String::concat);
                h.append("<td class=\"c ").append(cls).append(mismatch ? " mm" : "").append("\" title=\"")
                        .append(esc(title)).append("\">").append(esc(g.cellNote(shape, d) + Matrix.shapeCell(m,
                                abbr))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** A long CamelCase name broken in two at the capital nearest its middle (keeps the rotated header short). */
    static String twoLines(String name) {
        if (name.length() <= 18) {
            return esc(name);
        }
        int best = -1;
        for (int i = 1; i < name.length(); i++) {
            if (Character.isUpperCase(name.charAt(i))
                    && (best < 0 || Math.abs(i - name.length() / 2) < Math.abs(best - name.length() / 2))) {
                best = i;
            }
        }
        return best < 0 ? esc(name) : esc(name.substring(0, best)) + "<br>" + esc(name.substring(best));
    }

    private static void cell(StringBuilder h, ModelResult m, PropertyVerdict p, Vocabulary v) {
        if (p == null) {
            h.append("<td class=\"c x\"></td>");
            return;
        }
        String cls;
        String sym;
        switch (p.actual()) {
            case HOLDS -> {
                cls = "h";
                sym = "&#10003;";
            }
            case VIOLATED -> {
                cls = Matrix.deadlock(p, v) ? "d" : "v";
                sym = Matrix.deadlock(p, v) ? "DL" : "&#10007;";
            }
            default -> {
                cls = "u";
                sym = "?";
            }
        }
        String title = m.name() + " / " + p.name() + ": " + Matrix.word(p, v) + (p.match() ? ""
                : " (manifest: " + p.expected().word() + ")");
        h.append("<td class=\"c ").append(cls).append(p.match() ? "" : " mm").append("\" title=\"")
                .append(esc(title)).append("\">");
        if (p.violation() != null) {
            h.append("<a href=\"#").append(esc(m.name() + "__" + p.name())).append("\">").append(sym).append("</a>");
        } else {
            h.append(sym);
        }
        h.append("</td>");
    }

    private static void list(StringBuilder h, Matrix.Block b, Vocabulary v) {
        h.append("<table><caption>Models checking one property each (deliberately broken variants and others)"
                + "</caption>\n<tr><th>model</th><th>what</th><th>bound</th><th>property</th><th>verdict</th>"
                + "<th>states</th><th>s</th></tr>\n");
        for (ModelResult m : b.models()) {
            for (PropertyVerdict p : m.properties()) {
                h.append("<tr><td>").append(esc(m.name())).append("</td><td>").append(esc(Matrix.longLabel(m)))
                        .append("</td><td>").append(esc(Matrix.bound(m))).append("</td><td>").append(esc(p.name()))
                        .append("</td>");
                cell(h, m, p, v);
                h.append("<td class=\"n\">").append(esc(Matrix.states(m))).append("</td><td class=\"n\">")
                        .append(esc(Matrix.seconds(m))).append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
    }

    private static void counterexamples(StringBuilder h, List<Finding> findings) {
        h.append("<h2 id=\"counterexamples\">Counterexamples</h2>\n");
        h.append("<div class=\"legend small\">Time runs downwards, one row per TLA+ state; one lane per CPU. "
                + "<span><span class=\"sw\" style=\"background:#eef2f8\"></span>process context</span>"
                + "<span><span class=\"sw\" style=\"background:#fde3c3\"></span>hard-IRQ context</span>"
                + "<span><span class=\"sw\" style=\"background:#2f6fdf\"></span>fence-&gt;lock held</span>"
                + "<span><span class=\"sw\" style=\"background:#2a9d4b\"></span>drv-&gt;lock held (pale: by the "
                + "IRQ context)</span><span><span class=\"sw\" style=\"border:2px dashed #d0021b\"></span>spins"
                + "</span><span>&#9670; flag set/cleared (red SIGNALED, purple ENABLE_SIGNAL, brown TIMESTAMP)"
                + "</span><span><span style=\"color:#ff8c1a\">&#9679;</span> callback run / waiter woken</span>"
                + "<span>hover a row for its TLA+ state</span></div>\n");
        if (findings.isEmpty()) {
            h.append("<p>No property is violated.</p>\n");
        }
        for (Finding f : findings) {
            ModelResult m = f.model();
            PropertyVerdict p = f.verdict();
            h.append("<section class=\"finding\" id=\"").append(esc(f.id())).append("\">\n<h3>[").append(f.index())
                    .append("] ").append(esc(m.name())).append(": ").append(esc(p.name())).append(" violated")
                    .append(f.deadlock() ? " &mdash; deadlock" : "").append("<span class=\"tag ").append(p.match() ? "ok" : "bad")
                    .append("\">").append(esc(f.expectation())).append("</span></h3>\n");
            h.append("<div class=\"meta\">").append(esc(Matrix.longLabel(m)))
                    .append(Matrix.bound(m).isEmpty() ? "" : " &middot; " + esc(Matrix.bound(m)));
            if (p.violation() != null) {
                h.append(" &middot; TLC: ").append(esc(p.violation().message()));
                if (p.violation().traceText() != null) {
                    h.append(" &middot; <a href=\"").append(esc(p.violation().traceText())).append("\">")
                            .append(esc(p.violation().traceText())).append("</a>");
                }
            }
            h.append("</div>\n");
            if (f.view() == null) {
                h.append("<p>(no trace recorded)</p></section>\n");
                continue;
            }
            for (Lockdep.Deadlock d : f.deadlocks()) {
                h.append("<pre class=\"lockdep\">").append(esc(String.join("\n", Lockdep.render(d))))
                        .append("</pre>\n");
            }
            h.append(Timeline.svg(f.view(), f.id(), p.name()));
            h.append("<details><summary>the TLA+ state at each step (").append(f.view().rows().size())
                    .append(" states)</summary><ol class=\"states\">\n");
            for (TraceView.Row row : f.view().rows()) {
                h.append("<li value=\"").append(row.number()).append("\" id=\"").append(esc(f.id() + "-s"
                        + row.number())).append("\"><b>").append(esc(row.lane() == null ? "initial state"
                        : row.lane() + " (" + Lockdep.ctxWord(row.ctx()) + "): " + row.label())).append("</b>");
                if (row.lane() != null && !row.changed().isEmpty()) {
                    h.append("<pre>").append(esc(String.join("\n", row.changed()))).append("</pre>");
                }
                h.append("<details><summary>whole state</summary><pre>").append(esc(String.join("\n", row.state())))
                        .append("</pre></details></li>\n");
            }
            h.append("</ol></details>\n<details><summary>as text (summary.txt)</summary><pre>")
                    .append(esc(String.join("\n", StepScenario.render(f.view(), p.name())))).append("</pre></details>\n");
            h.append("</section>\n");
        }
    }

    private static void claims(StringBuilder h, VerdictReport r, ClaimBook book) {
        h.append("<h2 id=\"claims\">The seed's claims and the kernel's guarantees</h2>\n");
        h.append("<p class=\"small\">Verdicts per design over the models that are not broken on purpose. "
                + "A prediction is what the seed's text implies for a slice of the matrix; TLC confirms or "
                + "contradicts it model by model.</p>\n");
        List<String> designs = Claims.designs(r);
        h.append("<table><tr><th>claim</th><th>what the seed implies &rarr; TLC</th><th>property</th>");
        designs.forEach(d -> h.append("<th>").append(esc(d)).append("</th>"));
        h.append("</tr>\n");
        for (ClaimBook.Claim c : book.claims()) {
            int rows = Math.max(1, c.properties().size());
            h.append("<tr><td rowspan=\"").append(rows).append("\"><b>").append(esc(c.id())).append(":</b> ")
                    .append(esc(c.title())).append("<br><i class=\"small\">&ldquo;").append(esc(c.quote()))
                    .append("&rdquo;</i></td><td rowspan=\"").append(rows).append("\">");
            if (c.notModelled() != null) {
                h.append("<b>").append(esc(c.notModelled())).append("</b></td><td colspan=\"")
                        .append(designs.size() + 1).append("\"></td></tr>\n");
                continue;
            }
            for (ClaimBook.Prediction p : c.predictions()) {
                Claims.Outcome o = Claims.evaluate(r, p);
                h.append(esc(p.text())).append(": <b>").append(esc(o.word())).append("</b>");
                int n = o.agree().size() + o.disagree().size();
                if (n > 0) {
                    h.append(" <span class=\"small\">(").append(o.agree().size()).append(" of ").append(n)
                            .append(" models").append(o.disagree().isEmpty() ? ""
                                    : "; not in " + esc(String.join(", ", o.disagree()))).append(")</span>");
                    if (p.anyOf().size() > 1 && p.violated()) {
                        o.via().forEach((prop, models) -> h.append("<br><span class=\"small\">").append(esc(prop))
                                .append(" violated in ").append(esc(String.join(", ", models))).append("</span>"));
                    }
                }
                h.append("<br>");
            }
            h.append("</td>");
            boolean first = true;
            for (String prop : c.properties()) {
                if (!first) {
                    h.append("<tr>");
                }
                first = false;
                h.append("<td>").append(esc(prop)).append("</td>");
                for (String d : designs) {
                    h.append("<td>").append(esc(Claims.describe(Claims.tally(r, prop, d)))).append("</td>");
                }
                h.append("</tr>\n");
            }
        }
        h.append("</table>\n<table><tr><th>guarantee</th><th>source</th><th>property</th>");
        designs.forEach(d -> h.append("<th>").append(esc(d)).append("</th>"));
        h.append("</tr>\n");
        for (ClaimBook.Guarantee g : book.guarantees()) {
            h.append("<tr><td>").append(esc(g.text())).append("</td><td>").append(esc(g.source())).append("</td><td>")
                    .append(esc(g.property())).append("</td>");
            for (String d : designs) {
                Claims.Tally t = Claims.tally(r, g.property(), d);
                String cls = t.total() == 0 ? "" : !t.violated().isEmpty() ? " class=\"v\""
                        : t.unknown().isEmpty() ? " class=\"h\"" : " class=\"u\"";
                h.append("<td").append(cls).append(">").append(esc(Claims.describe(t))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void rework(StringBuilder h, VerdictReport r) {
        h.append("<h2 id=\"rework\">What the rework changes (legacy &rarr; reworked, same driver)</h2>\n");
        Map<String, ?> compared = Claims.reworkPairs(r);
        List<Claims.Change> changes = Claims.reworkChanges(r);
        if (compared.isEmpty()) {
            h.append("<p>No pair of models differing only in the design was checked in this run.</p>\n");
            return;
        }
        h.append("<p class=\"small\">").append(compared.size()).append(" pairs compared (named by the model name with"
                + " the design replaced by *): ").append(esc(String.join(", ", compared.keySet()))).append(".</p>\n<table>"
                + "<tr><th></th><th>property</th><th>pairs</th></tr>\n");
        for (boolean breaks : new boolean[] {true, false}) {
            Map<String, List<String>> g = Claims.grouped(changes, breaks);
            String what = breaks ? "breaks (legacy holds, reworked violated)" : "fixes (legacy violated, reworked holds)";
            if (g.isEmpty()) {
                h.append("<tr><td>").append(what).append("</td><td colspan=\"2\">none</td></tr>\n");
            }
            g.forEach((prop, pairs) -> h.append("<tr><td class=\"").append(breaks ? "v" : "h").append("\">")
                    .append(what).append("</td><td>").append(esc(prop)).append("</td><td>")
                    .append(esc(String.join(", ", pairs))).append("</td></tr>\n"));
        }
        h.append("</table>\n");
    }

    /** The module of the container models (spec/DmaFenceContainers.tla, issue 20). */
    static final String CONTAINERS_MODULE = "MCDmaFenceContainers";

    /** The module of the nesting models (spec/DmaFenceNesting.tla: which fence ends up in which container). */
    static final String NESTING_MODULE = "MCDmaFenceNesting";

    /** A container or nesting model's design for the containers sections, "-" for a nesting model (none). */
    static String containerDesign(ModelResult m) {
        return m.labels().design() == null ? "-" : m.labels().design();
    }

    /** Whether a model belongs to the containers section: the container and the nesting modules. */
    static boolean isContainerModel(ModelResult m) {
        return CONTAINERS_MODULE.equals(m.module()) || NESTING_MODULE.equals(m.module());
    }

    /**
     * The container models of this run, one column each under its design, a row per property (the cells link to
     * the counterexamples, as in the verdict matrix), then the broken container models. What each design does to
     * the containers, with the traces' names, is docs/findings.md's "Containers".
     */
    private static void containers(StringBuilder h, VerdictReport r, Vocabulary v) {
        h.append("<h2 id=\"containers\">Containers: dma_fence_array and dma_fence_chain over several fence locks, and their nesting</h2>\n");
        List<ModelResult> all = r.models().stream().filter(Html::isContainerModel).toList();
        if (all.isEmpty()) {
            h.append("<p>No container model was checked in this run.</p>\n");
            return;
        }
        for (boolean broken : new boolean[] {false, true}) {
            List<ModelResult> models = all.stream().filter(m -> "broken".equals(m.group()) == broken).toList();
            if (models.isEmpty()) {
                continue;
            }
            List<String> props = new java.util.ArrayList<>();
            models.forEach(m -> m.properties().forEach(p -> {
                if (!props.contains(p.name())) {
                    props.add(p.name());
                }
            }));
            h.append("<p class=\"small\">").append(broken ? "Broken variants, each refuted on its property:"
                    : "Correct models (design, then model):").append("</p>\n<table><tr><th>property</th>");
            for (ModelResult m : models) {
                h.append("<th title=\"").append(esc(m.name())).append("\">")
                        .append(esc(broken ? m.labels().mutation() : containerDesign(m))).append("<br>")
                        .append(twoLines(m.name())).append("</th>");
            }
            h.append("</tr>\n");
            for (String prop : props) {
                h.append("<tr><td>").append(esc(prop)).append("</td>");
                for (ModelResult m : models) {
                    cell(h, m, m.properties().stream().filter(p -> p.name().equals(prop)).findFirst().orElse(null),
                            v);
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p class=\"small\">What each design does to the containers: docs/findings.md, \"Containers\"."
                + "</p>\n");
    }

    private static void testLayers(StringBuilder h, List<TestLayers.ModuleResult> layers,
                                   SpecMutationScore specMutants) {
        h.append("<h2 id=\"layers\">Test layers (Surefire reports of the last build)</h2>\n<table><tr><th>module"
                + "</th><th>class</th><th>tests</th><th>failures</th><th>errors</th><th>skipped</th><th>s</th>"
                + "</tr>\n");
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
        for (TestLayers.ModuleResult m : layers) {
            h.append("<tr><th colspan=\"7\">").append(esc(m.layer().module())).append(" &mdash; ")
                    .append(esc(m.layer().what()));
            if (!m.present()) {
                h.append("<br><span class=\"small\">no Surefire reports (module not built or tested in this "
                        + "checkout)</span></th></tr>\n");
                continue;
            }
            h.append("<br><span class=\"small\">").append(esc(TestLayers.counts(m.tests(), m.failures(), m.errors(),
                    m.skipped(), m.seconds()))).append(m.newest() == null ? "" : "; reports of "
                    + esc(fmt.format(m.newest().toInstant()))).append("</span></th></tr>\n");
            for (TestLayers.ClassResult c : m.classes()) {
                boolean bad = c.failures() + c.errors() > 0;
                h.append("<tr><td></td><td>").append(esc(c.name())).append("</td><td class=\"n\">").append(c.tests())
                        .append("</td><td class=\"n").append(bad ? " v" : "").append("\">").append(c.failures())
                        .append("</td><td class=\"n").append(bad ? " v" : "").append("\">").append(c.errors())
                        .append("</td><td class=\"n\">").append(c.skipped()).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%.1f", c.seconds())).append("</td></tr>\n");
            }
            for (String u : m.unreadable()) {
                h.append("<tr><td></td><td colspan=\"6\" class=\"v\">unreadable: ").append(esc(u))
                        .append("</td></tr>\n");
            }
            if (m.pit() != null) {
                String source = m.pit().source(fmt);
                h.append("<tr><td></td><td colspan=\"6\"").append(m.pit().problem() != null ? " class=\"v\"" : "")
                        .append(">").append(esc(m.pit().describe())).append(source.isEmpty() ? ""
                        : " <span class=\"small\">(" + esc(source) + ")</span>").append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
        if (specMutants != null) {
            h.append("<p>spec/: ").append(esc(specMutants.describe())).append("</p>\n");
        }
    }
}
