package org.fencecheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fencecheck.tlc.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's spec mutation line: the score of spec/mutants-score.tsv, and one clear error for a bad row. */
class SpecMutationScoreTest {

    @TempDir
    Path spec;

    @Test
    void theScoreCountsKilledOverKilledAndSurviving() throws IOException {
        assertNull(SpecMutationScore.read(spec), "no campaign kept: no line");
        Files.writeString(spec.resolve(SpecMutationScore.FILE), """
                # DmaFence.tla, campaign of 2026-12-06, models a,b
                mutant\toutcome\tkilled by / detail\tseconds\treplacement
                drop_guard:A:1\tKILLED\ta:P\t1.0\t/\\ TRUE
                drop_guard:A:2\tKILLED\ta:P\t1.0\t/\\ TRUE
                skip_write:A:3\tKILLED\tb:Q\t1.0\t/\\ UNCHANGED x
                skip_write:B:4\tSURVIVED\tsame state counts\t2.0\t/\\ UNCHANGED y
                skip_write:C:5\tEQUIVALENT\tonly a broken variant reaches C\t0.0\t/\\ UNCHANGED z
                drop_guard:D:6\tINVALID\tTLC error\t0.5\t/\\ TRUE
                """, StandardCharsets.UTF_8);
        String line = SpecMutationScore.read(spec).describe();
        assertTrue(line.startsWith("spec mutation score 75.0% of the non-equivalent"), line);
        assertTrue(line.contains("6 mutants, 3 killed, 1 equivalent"), line);
        assertTrue(line.contains("1 surviving, 1 invalid"), line);
        assertTrue(line.contains("DmaFence.tla, campaign of 2026-12-06, models a,b"), line);
    }

    @Test
    void anUnknownOutcomeNamesTheFileAndLine() throws IOException {
        Files.writeString(spec.resolve(SpecMutationScore.FILE), "mutant\toutcome\nx:y:1\tMAYBE\n",
                StandardCharsets.UTF_8);
        BadInputException e = assertThrows(BadInputException.class, () -> SpecMutationScore.read(spec));
        assertTrue(e.getMessage().contains(SpecMutationScore.FILE + ":2"), e.getMessage());
        assertEquals(true, e.getMessage().contains("MAYBE"), e.getMessage());
    }
}
