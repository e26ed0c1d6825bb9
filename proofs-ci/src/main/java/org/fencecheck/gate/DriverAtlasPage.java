package org.fencecheck.gate;

import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.report.ClaimCounterexample;
import org.fencecheck.report.ShapeGrid;
import org.fencecheck.report.Vocabulary;
import org.fencecheck.tlc.JsonFields;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/*
 * docs/drivers.md (the driver atlas, issue 19) has three generated sections, like README.md's:
 *   candidates        - the table of candidate bugs in the posted patches, from spec/candidates.json;
 *   atlas             - the driver-profile models of the manifest (label profile) as one table per checked
 *                       property set: row = profile and shape, column = design, cell = the properties the
 *                       manifest expects to be violated, each linked to its trace page
 *                       docs/counterexamples/drivers/<model>__<property>.txt (generated too), with the state
 *                       count;
 *   candidate-traces  - each candidate's traces, rendered like a claim's counterexample from the gate's trace
 *                       (report/traces/<model>__<property>.json after a gate run, kept as
 *                       docs/counterexamples/drivers/<model>__<property>.trace.json, else that committed copy).
 * spec/candidates.json says which violations are candidate bugs; each must be a violation the manifest expects,
 * so a candidate cannot outlive the TLC verdict it rests on. The prose around the sections is written by hand.
 */

/** The generated sections of docs/drivers.md and the candidate bugs they list. */
final class DriverAtlasPage {

    /** The page, relative to the repository root. */
    static final String PAGE = "docs/drivers.md";

    /** The candidates file's name inside the spec folder. */
    static final String FILE = "candidates.json";

    /** The committed traces, relative to the repository root. */
    static final String TRACES = "docs/counterexamples/drivers";

    private static final Pattern ID = Pattern.compile("B[1-9][0-9]*");

    /**
     * A candidate bug: a violation TLC finds in a driver as a posted patch writes it.
     *
     * @param traces the properties whose traces the page shows (a subset of {@code properties})
     */
    record Candidate(String id, String title, String patch, String function, String model,
                     List<String> properties, List<String> traces) {
    }

    private final Path root;
    private final Manifest manifest;
    private final Vocabulary vocabulary;
    private final List<Candidate> candidates;

    private DriverAtlasPage(Path root, Manifest manifest, Vocabulary vocabulary, List<Candidate> candidates) {
        this.root = root;
        this.manifest = manifest;
        this.vocabulary = vocabulary;
        this.candidates = candidates;
    }

    /** The page of the repository at {@code root}, or null when its spec folder has no candidates file. */
    static DriverAtlasPage of(Path root, Manifest manifest, Vocabulary vocabulary) {
        Path file = root.resolve("spec").resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        return new DriverAtlasPage(root, manifest, vocabulary, read(file, manifest, vocabulary));
    }

    /**
     * Reads and checks the candidates: strict JSON, ids B1, B2, ... used once, each model in the manifest with
     * every listed property expected violated, traces among the properties; else one line naming the file.
     */
    static List<Candidate> read(Path file, Manifest manifest, Vocabulary vocabulary) {
        JsonFields top = JsonFields.readFile(file, Set.of("about", "candidates"));
        List<Candidate> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonFields c : top.objects("candidates", Set.of("id", "title", "patch", "function", "model",
                "properties", "traces"))) {
            String id = c.string("id");
            if (!ID.matcher(id).matches() || !ids.add(id)) {
                throw c.fail(c.where() + ".id: \"" + id + "\" must be B1, B2, ..., each once");
            }
            String model = c.string("model");
            ModelEntry m = manifest.model(model).orElseThrow(() -> c.fail(c.where() + " (" + id + ").model: no model \""
                    + model + "\" in the manifest"));
            List<String> properties = c.strings("properties");
            for (String p : properties) {
                if (m.expect().get(p) != Verdict.VIOLATED) {
                    throw c.fail(c.where() + " (" + id + ").properties: the manifest does not expect " + model
                            + " to violate " + p);
                }
            }
            List<String> traces = c.strings("traces");
            for (String t : traces) {
                if (!properties.contains(t)) {
                    throw c.fail(c.where() + " (" + id + ").traces: " + t + " is not one of its properties");
                }
            }
            out.add(new Candidate(id, c.string("title"), c.string("patch"), c.string("function"), model,
                    List.copyOf(properties), List.copyOf(traces)));
        }
        return List.copyOf(out);
    }

    /** The page with its generated sections replaced. */
    String page() {
        Path page = root.resolve(PAGE);
        String text = ReadmeGenerator.read(page);
        text = ReadmeGenerator.replaceSection(page, text, "candidates", candidatesTable());
        text = ReadmeGenerator.replaceSection(page, text, "atlas", atlas());
        text = ReadmeGenerator.replaceSection(page, text, "candidate-traces", traces());
        return text;
    }

    /**
     * Copies the report's traces of every violation the atlas shows (the candidates' among them) over the committed
     * ones; returns the paths written.
     */
    List<Path> refreshTraces() throws IOException {
        List<Path> written = new ArrayList<>();
        for (ModelEntry m : profiles()) {
            for (String p : violated(m)) {
                ReadmeGenerator.refresh(reportTrace(m.name(), p), committedTrace(m.name(), p), written);
            }
        }
        return written;
    }

    /**
     * One page per violation the atlas shows, {@code docs/counterexamples/drivers/<model>__<property>.txt}: the
     * trace in the per-CPU layout, rendered from the report's trace or else the committed one (a missing trace is one
     * line naming the file).
     */
    Map<Path, String> tracePages() {
        Map<Path, String> out = new LinkedHashMap<>();
        for (ModelEntry m : profiles()) {
            for (String p : violated(m)) {
                TraceDocument doc = ReadmeGenerator.readTrace(traceSource(m.name(), p), m.name(), p,
                        "the atlas cell of " + m.name() + " in spec/manifest.json");
                out.put(root.resolve(TRACES).resolve(m.name() + "__" + p + ".txt"),
                        ClaimCounterexample.renderTrace("docs/drivers.md, atlas: " + m.labels().description(),
                                doc, m.labels(), vocabulary));
            }
        }
        return out;
    }

    /** The driver models of the atlas: every model with a profile but the broken ones. */
    private List<ModelEntry> profiles() {
        return manifest.models().stream()
                .filter(m -> !m.group().equals("broken") && m.labels().profile() != null).toList();
    }

    /** The properties the manifest expects model m to violate, in its own order. */
    private static List<String> violated(ModelEntry m) {
        return m.expect().entrySet().stream().filter(e -> e.getValue() == Verdict.VIOLATED)
                .map(Map.Entry::getKey).toList();
    }

    private String candidatesTable() {
        StringBuilder md = new StringBuilder("| # | patch | function | properties violated | model |\n"
                + "|---|---|---|---|---|\n");
        for (Candidate c : candidates) {
            md.append("| ").append(c.id()).append(" | ").append(c.patch()).append(" | `").append(c.function())
                    .append("` | ").append(String.join(", ", c.properties())).append(" | `").append(c.model())
                    .append("` |\n");
        }
        return md.toString();
    }

    private String atlas() {
        StringBuilder md = new StringBuilder("Generated from `spec/manifest.json` (the gate fails when TLC "
                + "disagrees): a row is a driver profile (`_fixed`: corrected as its obligation says) with its "
                + "shape, a column a design with what its op does on a passed fence, a cell the properties "
                + "expected to be violated (`ok`: none), each linked to its TLC trace, and the distinct states; "
                + "`-`: no model (the design has no such op).\n");
        for (ShapeGrid<ModelEntry> g : ShapeGrid.of(profiles(), ModelEntry::labels,
                m -> List.copyOf(m.expect().keySet()), vocabulary)) {
            Map<String, String> abbr = vocabulary.abbreviate(g.properties());
            md.append("\nCaller `").append(g.caller()).append("`, bound ").append(g.bound())
                    .append(", each model checking ")
                    .append(String.join(" ", abbr.values())).append(":\n\n");
            ReadmeGenerator.gridTable(md, g, "driver profile: shape", m -> cell(m, abbr));
        }
        return md.toString();
    }

    /**
     * The expected violations ("ok" for none), each linked to its trace page, and, once recorded, the distinct
     * states.
     */
    private static String cell(ModelEntry m, Map<String, String> abbr) {
        List<String> links = new ArrayList<>();
        for (Map.Entry<String, String> a : abbr.entrySet()) {
            if (m.expect().get(a.getKey()) == Verdict.VIOLATED) {
                links.add("[" + a.getValue() + "](counterexamples/drivers/" + m.name() + "__" + a.getKey() + ".txt)");
            }
        }
        return (links.isEmpty() ? "ok" : String.join(" ", links))
                + (m.distinctStates() == null ? "" : " (" + ReadmeGenerator.states(m) + ")");
    }

    private String traces() {
        StringBuilder md = new StringBuilder();
        for (Candidate c : candidates) {
            for (String p : c.traces()) {
                TraceDocument doc = ReadmeGenerator.readTrace(traceSource(c.model(), p), c.model(), p,
                        "candidate " + c.id() + " in spec/" + FILE);
                ModelLabels labels = manifest.model(c.model()).map(ModelEntry::labels).orElse(null);
                md.append("\n#### ").append(c.id()).append(": ").append(c.model()).append(", ").append(p)
                        .append("\n\n```\n").append(ClaimCounterexample.renderTrace(
                                c.id() + ": " + c.title() + " (" + c.function() + ", " + c.patch() + ")", doc,
                                labels, vocabulary)).append("```\n");
            }
        }
        return md.toString();
    }

    /** The trace of model / property: the report's when it exists, else the committed one. */
    private Path traceSource(String model, String property) {
        return ReadmeGenerator.source(reportTrace(model, property), committedTrace(model, property));
    }

    private Path reportTrace(String model, String property) {
        return root.resolve("report").resolve("traces").resolve(model + "__" + property + ".json");
    }

    private Path committedTrace(String model, String property) {
        return root.resolve(TRACES).resolve(model + "__" + property + ".trace.json");
    }
}
