package org.fencecheck.mutation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fencecheck.proofs.GateException;

/**
 * spec/mutants-equivalent.tsv: the surviving mutants argued equivalent, one per row:
 * {@code module <TAB> operator:action <TAB> the original line, stripped <TAB> the argument}. A row is matched by
 * its text, not its line number, so that edits elsewhere in the module keep it; a row that matches no mutant any
 * more is stale and stops the run (the argument was about code that changed).
 */
final class Equivalents {

    /** The file's name in the spec folder. */
    static final String FILE = "mutants-equivalent.tsv";

    private Equivalents() {
    }

    /** The mutants of {@code module} argued equivalent, with their arguments (empty when there is no file). */
    static Map<SpecMutant, String> read(Path file, String module, List<SpecMutant> mutants) {
        Map<SpecMutant, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> rows;
        try {
            rows = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GateException(2, file.toString(), "cannot read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] c = row.split("\t", -1);
            if (c.length != 4 || c[3].isBlank()) {
                throw new GateException(2, file + ":" + (i + 1), "expected 4 tab-separated columns (module,"
                        + " operator:action, original line, argument), found " + c.length);
            }
            if (!c[0].equals(module)) {
                continue;
            }
            boolean matched = false;
            for (SpecMutant m : mutants) {
                if ((m.operator().spelling() + ":" + m.action()).equals(c[1]) && m.original().strip().equals(c[2])) {
                    out.put(m, c[3]);
                    matched = true;
                }
            }
            if (!matched) {
                throw new GateException(2, file + ":" + (i + 1), "stale: no " + c[1] + " mutant of '" + c[2]
                        + "' in " + module);
            }
        }
        return out;
    }
}
