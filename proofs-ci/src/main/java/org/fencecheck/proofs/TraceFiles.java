package org.fencecheck.proofs;

import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.ModelLabels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each counterexample as {@code traces/<model>__<property>.txt} and {@code .json} in the report folder.
 * The text layout is the report's (the gate hands it in), so that there is one plain-text trace layout.
 */
public final class TraceFiles {

    /** The folder, relative to the report folder. */
    public static final String FOLDER = "traces";

    /** Lays out a trace as text. */
    @FunctionalInterface
    public interface Layout {
        /**
         * @param heading  lines printed first
         * @param property the violated property ({@code Deadlock} for TLC's deadlock)
         * @param trace    the counterexample
         * @return the file's text
         */
        String render(List<String> heading, String property, Trace trace);
    }

    private final Path reportDir;
    private final Layout layout;

    /** Trace files go to {@code reportDir/traces}, their text laid out by {@code layout}. */
    public TraceFiles(Path reportDir, Layout layout) {
        this.reportDir = reportDir;
        this.layout = layout;
    }

    /**
     * Writes both files and returns their paths relative to the report folder, text first.
     *
     * @throws UncheckedIOException when the files cannot be written
     */
    public List<String> write(ModelEntry model, String property, Refuted refuted) {
        String base = FOLDER + "/" + model.name() + "__" + property;
        try {
            Files.createDirectories(reportDir.resolve(FOLDER));
            Files.writeString(reportDir.resolve(base + ".txt"),
                    layout.render(heading(model, property, refuted), property, refuted.trace()),
                    StandardCharsets.UTF_8);
            TraceDocument doc = new TraceDocument(model.name(), property, refuted.kind(), refuted.message(),
                    refuted.trace());
            Files.writeString(reportDir.resolve(base + ".json"), VerdictJson.gson().toJson(doc) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(base + ".txt", base + ".json");
    }

    private static List<String> heading(ModelEntry model, String property, Refuted refuted) {
        List<String> lines = new ArrayList<>();
        lines.add("model:    " + model.name() + " (" + model.module() + ", " + model.config() + ")");
        String labels = labels(model.labels());
        if (!labels.isEmpty()) {
            lines.add("labels:   " + labels);
        }
        lines.add("property: " + property);
        lines.add("TLC:      " + refuted.message());
        lines.add("trace:    " + refuted.trace().states().size() + " states, one line per step in the column of"
                + " the CPU that made it");
        return lines;
    }

    private static String labels(ModelLabels l) {
        List<String> parts = new ArrayList<>();
        add(parts, "design", l.design());
        add(parts, "driver", l.driver());
        add(parts, "signaledOp", l.signaledOp() == null ? null : l.signaledOp().toString());
        add(parts, "mutation", l.mutation());
        add(parts, "bound", l.bound());
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null) {
            parts.add(key + " " + value);
        }
    }
}
