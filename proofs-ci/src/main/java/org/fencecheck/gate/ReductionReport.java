package org.fencecheck.gate;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.VerdictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code --reduction} found: per reduced model the manifest's distinct states (without the reduction) and
 * TLC's (with it), whether every verdict matched the manifest's, and the selected models it left alone with the
 * reason. Written as {@code reduction.json}; the table goes to stdout.
 *
 * @param reduction  the reduction's name
 * @param rows       one per reduced model, in manifest order
 * @param notReduced "name: reason" for each selected model the reduction does not apply to
 */
record ReductionReport(String reduction, List<Row> rows, List<String> notReduced) {

    /** The report's file name. */
    static final String FILE = "reduction.json";

    /**
     * One reduced model.
     *
     * @param name            the model
     * @param without         the manifest's distinct states (null: broken model, refuted only, or not recorded)
     * @param with            distinct states of the complete reduced run (null: not complete)
     * @param verdictsMatch   every property's verdict is the manifest's
     * @param seconds         TLC's time for the reduced model, every run
     */
    record Row(String name, Long without, Long with, boolean verdictsMatch, Double seconds) {
    }

    ReductionReport {
        rows = List.copyOf(rows);
        notReduced = List.copyOf(notReduced);
    }

    /** The rows of {@code results}, the gate's results of the reduced models. */
    static ReductionReport of(String reduction, List<ModelResult> results, List<String> notReduced,
                              java.util.function.Function<String, Long> manifestStates) {
        List<Row> rows = results.stream().map(r -> new Row(r.name(), manifestStates.apply(r.name()),
                r.distinctStates(), r.properties().stream().allMatch(p -> p.match()), r.seconds())).toList();
        return new ReductionReport(reduction, rows, notReduced);
    }

    /** Writes {@code reduction.json} into {@code folder}. */
    Path write(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        Files.writeString(file, VerdictJson.gson().toJson(this) + "\n");
        return file;
    }

    /** The table: model, states without and with, the factor, the verdicts; then the models left alone. */
    String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "reduction %s: distinct states without (manifest) and with%n",
                reduction));
        sb.append(String.format(Locale.ROOT, "%-44s %12s %12s %8s  %s%n", "model", "without", "with", "factor",
                "verdicts"));
        long sumWithout = 0;
        long sumWith = 0;
        for (Row r : rows) {
            String factor = r.without() != null && r.with() != null && r.with() > 0
                    ? String.format(Locale.ROOT, "%.2f", (double) r.without() / r.with()) : "-";
            if (r.without() != null && r.with() != null) {
                sumWithout += r.without();
                sumWith += r.with();
            }
            sb.append(String.format(Locale.ROOT, "%-44s %12s %12s %8s  %s%n", r.name(), number(r.without()),
                    number(r.with()), factor, r.verdictsMatch() ? "as the manifest" : "DIFFER"));
        }
        if (sumWith > 0) {
            sb.append(String.format(Locale.ROOT, "%-44s %12s %12s %8.2f%n", "all models with both counts",
                    number(sumWithout), number(sumWith), (double) sumWithout / sumWith));
        }
        // one line per reason: "name: reason" entries grouped, names in manifest order
        java.util.Map<String, List<String>> byReason = new java.util.LinkedHashMap<>();
        for (String n : notReduced) {
            int colon = n.indexOf(": ");
            byReason.computeIfAbsent(n.substring(colon + 2), k -> new java.util.ArrayList<>())
                    .add(n.substring(0, colon));
        }
        byReason.forEach((reason, names) -> sb.append("not reduced (").append(reason).append("): ")
                .append(String.join(", ", names)).append('\n'));
        return sb.toString();
    }

    private static String number(Long n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", n);
    }
}
