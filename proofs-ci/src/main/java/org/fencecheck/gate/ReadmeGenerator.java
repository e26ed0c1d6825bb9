package org.fencecheck.gate;

import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.report.ClaimBook;
import org.fencecheck.report.ClaimCounterexample;
import org.fencecheck.report.SpecData;
import org.fencecheck.report.Vocabulary;
import org.fencecheck.tlc.BadInputException;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ManifestReader;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.report.ShapeGrid;
import org.fencecheck.tlc.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/*
 * README.md has sections between marker comments that are generated, never edited by hand:
 *     <!-- BEGIN GENERATED: verdict-matrix ... -->  ...  <!-- END GENERATED: verdict-matrix -->
 *     <!-- BEGIN GENERATED: claims ... -->  ...  <!-- END GENERATED: claims -->
 * The verdict matrix comes from spec/manifest.json (the verdicts TLC gave and the gate enforces), the claims from
 * spec/claims.json. Each claim's counterexample, docs/counterexamples/<claim>.txt, is rendered from a TLC trace:
 * the report's (report/traces/<model>__<property>.json) when a gate run left one, which is then also kept as
 * docs/counterexamples/<claim>.trace.json, else that committed trace. docs/drivers.md's sections come from
 * spec/candidates.json and the manifest (DriverAtlasPage). ReadmeFreshnessTest fails when a file differs from
 * what this class generates.
 */

/** Generates README.md's verdict matrix and claims and the claims' counterexample files. */
public final class ReadmeGenerator {

    /** The command that regenerates everything this class writes. */
    public static final String COMMAND = "mvn -q -B -pl proofs-ci -am compile exec:java -Dfencecheck.args=--readme";

    /** The folder of the counterexamples, relative to the repository root. */
    public static final String COUNTEREXAMPLES = "docs/counterexamples";

    private final Path root;
    private final Manifest manifest;
    private final SpecData spec;

    private ReadmeGenerator(Path root, Manifest manifest, SpecData spec) {
        this.root = root;
        this.manifest = manifest;
        this.spec = spec;
    }

    /** A generator for the repository at {@code root} (holding spec/ and README.md). */
    public static ReadmeGenerator of(Path root) {
        Path specDir = root.resolve("spec");
        Manifest manifest = ManifestReader.read(specDir.resolve("manifest.json"));
        SpecData spec = SpecData.read(specDir);
        spec.check(manifest);
        return new ReadmeGenerator(root, manifest, spec);
    }

    /** Every generated file: README.md with its sections replaced, and each counterexample, by path. */
    public Map<Path, String> files() {
        Map<Path, String> out = new LinkedHashMap<>();
        Path readme = root.resolve("README.md");
        String text = read(readme);
        text = replaceSection(readme, text, "verdict-matrix", matrix());
        text = replaceSection(readme, text, "claims", claims());
        out.put(readme, text);
        DriverAtlasPage atlas = DriverAtlasPage.of(root, manifest, spec.vocabulary());
        if (atlas != null) {
            out.put(root.resolve(DriverAtlasPage.PAGE), atlas.page());
            out.putAll(atlas.tracePages());
        }
        for (ClaimBook.Claim c : spec.claims().claims()) {
            if (c.counterexample() != null) {
                out.put(root.resolve(COUNTEREXAMPLES).resolve(c.id() + ".txt"), counterexample(c));
            }
        }
        return out;
    }

    /** Writes {@link #files()} and refreshes the committed traces from the report; returns the paths written. */
    public List<Path> write() {
        List<Path> written = new ArrayList<>();
        try {
            for (ClaimBook.Claim c : spec.claims().claims()) {
                if (c.counterexample() != null) {
                    refresh(reportTrace(c), committedTrace(c), written);
                }
            }
            DriverAtlasPage atlas = DriverAtlasPage.of(root, manifest, spec.vocabulary());
            if (atlas != null) {
                written.addAll(atlas.refreshTraces());
            }
            for (Map.Entry<Path, String> e : files().entrySet()) {
                Files.createDirectories(e.getKey().getParent());
                Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
                written.add(e.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /** The trace a claim's counterexample is rendered from: the report's when it exists, else the committed one. */
    public Path traceSource(ClaimBook.Claim c) {
        return source(reportTrace(c), committedTrace(c));
    }

    /** The trace to render: the report's when a gate run left one, else the committed copy. */
    static Path source(Path fromReport, Path committed) {
        return Files.isRegularFile(fromReport) ? fromReport : committed;
    }

    private Path reportTrace(ClaimBook.Claim c) {
        return root.resolve("report").resolve("traces").resolve(c.counterexample().model() + "__"
                + c.counterexample().property() + ".json");
    }

    private Path committedTrace(ClaimBook.Claim c) {
        return root.resolve(COUNTEREXAMPLES).resolve(c.id() + ".trace.json");
    }

    /** Copies a trace the report has over its committed copy, adding the copy to {@code written}. */
    static void refresh(Path fromReport, Path committed, List<Path> written) throws IOException {
        if (Files.isRegularFile(fromReport)) {
            Files.createDirectories(committed.getParent());
            Files.copy(fromReport, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            written.add(committed);
        }
    }

    /**
     * The gate's trace file {@code source}, which must be the trace of {@code model} / {@code property}; else one
     * line naming the file and {@code owner}, the entry that asked for it.
     */
    static TraceDocument readTrace(Path source, String model, String property, String owner) {
        TraceDocument doc;
        try {
            doc = VerdictJson.gson().fromJson(read(source), TraceDocument.class);
        } catch (RuntimeException e) {
            throw new BadInputException(source.toString(), "not a trace file of the gate: " + e.getMessage());
        }
        if (doc == null || doc.trace() == null || !model.equals(doc.model()) || !property.equals(doc.property())) {
            throw new BadInputException(source.toString(), "not the trace of " + model + " / " + property + " ("
                    + owner + ")");
        }
        return doc;
    }

    private String counterexample(ClaimBook.Claim c) {
        TraceDocument doc = readTrace(traceSource(c), c.counterexample().model(), c.counterexample().property(),
                c.id() + ".counterexample in claims.json");
        ModelLabels labels = manifest.model(doc.model()).map(ModelEntry::labels).orElse(null);
        return ClaimCounterexample.render(c, doc, labels, spec.vocabulary());
    }

    /** The verdict matrix of the manifest, as Markdown. */
    String matrix() {
        Vocabulary v = spec.vocabulary();
        StringBuilder md = new StringBuilder();
        md.append("Expected verdicts of `spec/manifest.json` (the gate fails when TLC disagrees): `.` holds, `X` "
                + "violated, `D` violated and a deadlock; states: distinct states of the complete run.\n");
        Map<String, List<ModelEntry>> blocks = new LinkedHashMap<>();
        List<ModelEntry> shapes = new ArrayList<>();
        for (ModelEntry m : manifest.models()) {
            if (!m.group().equals("broken") && v.isShapeModel(m.labels())) {
                shapes.add(m);
            } else if (!m.group().equals("broken")) {
                blocks.computeIfAbsent(m.module() + " " + m.group() + " " + m.expect().keySet(),
                        k -> new ArrayList<>()).add(m);
            }
        }
        Set<String> used = new LinkedHashSet<>();
        for (List<ModelEntry> block : blocks.values()) {
            ModelEntry first = block.get(0);
            List<String> props = List.copyOf(first.expect().keySet());
            used.addAll(props);
            Map<String, String> abbr = v.abbreviate(props);
            md.append("\nModule `").append(first.module()).append("`, ").append(block.size())
                    .append(block.size() == 1 ? " model" : " models").append(first.group().equals("large")
                    ? " of group large (`--large`)" : "").append(":\n\n");
            md.append("| model | design | driver | ->signaled | bound |");
            props.forEach(p -> md.append(' ').append(abbr.get(p)).append(" |"));
            md.append(" states |\n|---|---|---|---|---|");
            props.forEach(p -> md.append(":-:|"));
            md.append("--:|\n");
            for (ModelEntry m : block) {
                ModelLabels l = m.labels();
                md.append("| ").append(m.name()).append(" | ").append(dash(l.design())).append(" | ")
                        .append(dash(l.driver())).append(" | ")
                        .append(l.signaledOp() == null ? "-" : l.signaledOp() ? "yes" : "no").append(" | ")
                        .append(dash(l.bound())).append(" |");
                for (String p : props) {
                    md.append(' ').append(symbol(m.expect().get(p), v.isDeadlock(p))).append(" |");
                }
                md.append(' ').append(states(m)).append(" |\n");
            }
        }
        shapeTables(md, shapes, used);
        md.append("\nDeliberately broken variants (group `broken`: each must fail on its own property, and TLC stops at"
                + " its last refutation, so a broken model has no state count):\n\n");
        md.append("| model | module | mutation | violates |\n|---|---|---|---|\n");
        for (ModelEntry m : manifest.models()) {
            if (m.group().equals("broken")) {
                List<String> violated = m.expect().entrySet().stream().filter(e -> e.getValue() == Verdict.VIOLATED)
                        .map(Map.Entry::getKey).toList();
                md.append("| ").append(m.name()).append(" | ").append(m.module()).append(" | ")
                        .append(dash(m.labels().mutation())).append(" | ").append(String.join(", ", violated))
                        .append(" |\n");
            }
        }
        md.append("\nProperties: ");
        List<String> legend = new ArrayList<>();
        v.abbreviate(used).forEach((p, a) -> legend.add("`" + a + "` " + p));
        md.append(String.join(", ", legend)).append(".\n");
        return md.toString();
    }

    /**
     * The driver-shape models as one table per caller (see {@link ShapeGrid}): rows = driver shape, columns =
     * design, cell = the abbreviations of the properties the manifest expects to be violated, or "ok".
     */
    private void shapeTables(StringBuilder md, List<ModelEntry> models, Set<String> used) {
        if (models.isEmpty()) {
            return;
        }
        Vocabulary v = spec.vocabulary();
        md.append("\nDriver shapes, one table per caller (the context making the kernel calls): a row is a driver "
                + "shape `driver lock/handler` plus `+flag`s (see `docs/vocabulary.md`), a column a design with "
                + "what its op does on a passed fence, a cell the properties expected to be violated, or `ok`.\n");
        for (ShapeGrid<ModelEntry> g : ShapeGrid.of(models, ModelEntry::labels,
                m -> List.copyOf(m.expect().keySet()), v)) {
            used.addAll(g.properties());
            Map<String, String> abbr = v.abbreviate(g.properties());
            md.append("\nCaller `").append(g.caller()).append("`, ").append(g.size())
                    .append(g.size() == 1 ? " model" : " models").append(g.bound().isEmpty() ? "" : ", bound "
                    + g.bound()).append(", each checking ").append(String.join(" ", abbr.values())).append(":\n\n");
            gridTable(md, g, "driver shape", m -> expectedViolations(m, abbr));
        }
    }

    /**
     * A driver-shape grid as a Markdown table: the corner header, one column per design, one row per shape, a
     * cell its note and {@code cell} of its model ("-" for none).
     */
    static void gridTable(StringBuilder md, ShapeGrid<ModelEntry> g, String corner,
                          java.util.function.Function<ModelEntry, String> cell) {
        md.append("| ").append(corner).append(" |");
        g.designs().forEach(d -> md.append(' ').append(g.header(d)).append(" |"));
        md.append("\n|---|");
        g.designs().forEach(d -> md.append("---|"));
        md.append('\n');
        for (String shape : g.shapes()) {
            md.append("| ").append(shape).append(" |");
            for (String d : g.designs()) {
                ModelEntry m = g.at(shape, d);
                md.append(' ').append(m == null ? "-" : g.cellNote(shape, d) + cell.apply(m)).append(" |");
            }
            md.append('\n');
        }
    }

    /** "DU SB" (the abbreviations of the properties the model is expected to violate, in its order), or "ok". */
    static String expectedViolations(ModelEntry m, Map<String, String> abbr) {
        List<String> violated = m.expect().entrySet().stream().filter(e -> e.getValue() == Verdict.VIOLATED)
                .map(e -> abbr.get(e.getKey())).toList();
        return violated.isEmpty() ? "ok" : String.join(" ", violated);
    }

    /** The seed's claims, quoted, as Markdown. */
    String claims() {
        StringBuilder md = new StringBuilder();
        for (ClaimBook.Claim c : spec.claims().claims()) {
            md.append("\n**").append(c.id()).append("**: ").append(c.title()).append("\n\n> ")
                    .append(c.quote().replaceAll("\\s+", " ")).append("\n\nEvidence: ")
                    .append(String.join(", ", c.properties().stream().map(p -> "`" + p + "`").toList()));
            if (c.counterexample() != null) {
                md.append("; counterexample: [`").append(COUNTEREXAMPLES).append('/').append(c.id())
                        .append(".txt`](").append(COUNTEREXAMPLES).append('/').append(c.id()).append(".txt) (")
                        .append(c.counterexample().model()).append(", ").append(c.counterexample().property())
                        .append(")");
            }
            md.append(".\n");
        }
        return md.toString();
    }

    /**
     * {@code text} with the lines between {@code <!-- BEGIN GENERATED: name ...-->} and
     * {@code <!-- END GENERATED: name -->} replaced by {@code body}.
     */
    static String replaceSection(Path file, String text, String name, String body) {
        String begin = "<!-- BEGIN GENERATED: " + name;
        String end = "<!-- END GENERATED: " + name + " -->";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new BadInputException(file.toString(), "no generated section \"" + name + "\" (marker comments "
                    + begin + " ... -->, " + end + ")");
        }
        int afterBegin = text.indexOf("-->", b) + 3;
        return text.substring(0, afterBegin) + "\n" + body.strip() + "\n" + text.substring(e);
    }

    private static String symbol(Verdict v, boolean deadlock) {
        if (v == null) {
            return "";
        }
        return v == Verdict.HOLDS ? "." : deadlock ? "D" : "X";
    }

    static String states(ModelEntry m) {
        return m.distinctStates() == null ? "-" : String.format(Locale.ROOT, "%,d", m.distinctStates());
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
    }
}
