package org.fencecheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fencecheck.tlc.BadInputException;

/**
 * The last spec mutation campaign's outcome per mutant, {@code spec/mutants-score.tsv} (written by
 * {@code exec:java@mutation}, docs/mutation.md): a {@code #} line naming the module, date and judging models, a
 * header, then {@code mutant <TAB> outcome <TAB> ...} rows. The report shows its score; it never runs a campaign.
 *
 * @param outcomes mutants per outcome (KILLED, EQUIVALENT, SURVIVED, INVALID)
 * @param about    the file's {@code #} line (module, date, models)
 */
public record SpecMutationScore(Map<String, Integer> outcomes, String about) {

    /** The file in the spec folder. */
    public static final String FILE = "mutants-score.tsv";

    private static final List<String> OUTCOMES = List.of("KILLED", "EQUIVALENT", "SURVIVED", "INVALID");

    /** Reads {@code specDir}'s file; null when no campaign was kept. */
    static SpecMutationScore read(Path specDir) {
        Path f = specDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        List<String> rows;
        try {
            rows = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(f.toString(), "cannot read (" + e.getMessage() + ")");
        }
        Map<String, Integer> by = new TreeMap<>();
        String about = "";
        for (int i = 0; i < rows.size(); i++) {
            String r = rows.get(i);
            if (r.startsWith("#")) {
                about = r.substring(1).strip();
                continue;
            }
            if (r.isBlank() || r.startsWith("mutant\t")) {
                continue;
            }
            String[] c = r.split("\t", -1);
            if (c.length < 2 || !OUTCOMES.contains(c[1])) {
                throw new BadInputException(f + ":" + (i + 1), "expected 'mutant<TAB>outcome...' with an outcome"
                        + " of " + OUTCOMES + ", found '" + r + "'");
            }
            by.merge(c[1], 1, Integer::sum);
        }
        return new SpecMutationScore(by, about);
    }

    private int n(String outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    /** "spec mutation score 96.2% (DmaFence.tla, ...): 90 mutants, 75 killed, 12 equivalent, 3 surviving, 0 invalid". */
    String describe() {
        int k = n("KILLED");
        int s = n("SURVIVED");
        int all = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        return String.format(Locale.ROOT, "spec mutation score %s of the non-equivalent mutants killed by a property"
                + " (%s): %d mutants, %d killed, %d equivalent (argued in spec/mutants-equivalent.tsv), %d surviving,"
                + " %d invalid", k + s == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * k / (k + s)),
                about, all, k, n("EQUIVALENT"), s, n("INVALID"));
    }
}
