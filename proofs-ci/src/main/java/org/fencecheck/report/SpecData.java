package org.fencecheck.report;

import org.fencecheck.tlc.BadInputException;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.Verdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The data files of the spec folder the report reads besides the manifest: {@code vocabulary.json} and
 * {@code claims.json}. A spec folder without either (a toy spec of the tests) has an empty vocabulary and no
 * claims; one of the two without the other is an error.
 *
 * @param vocabulary the spec's vocabulary
 * @param claims     the seed's claims and the kernel guarantees
 * @param mutants    the last spec mutation campaign ({@code mutants-score.tsv}), or null when none is kept
 */
public record SpecData(Vocabulary vocabulary, ClaimBook claims, SpecMutationScore mutants) {

    /** The vocabulary and claims without a mutation campaign. */
    public SpecData(Vocabulary vocabulary, ClaimBook claims) {
        this(vocabulary, claims, null);
    }

    /** No vocabulary and no claims. */
    public static final SpecData EMPTY = new SpecData(new Vocabulary("(no " + VocabularyReader.FILE + ")",
            List.of(), Map.of(), Map.of(), List.of(), Map.of(), List.of(), List.of()),
            new ClaimBook("(no " + ClaimsReader.FILE + ")", "", List.of(), List.of()));

    /** Reads both files from {@code specDir}. */
    public static SpecData read(Path specDir) {
        Path vocabulary = specDir.resolve(VocabularyReader.FILE);
        Path claims = specDir.resolve(ClaimsReader.FILE);
        boolean hasVocabulary = Files.exists(vocabulary);
        boolean hasClaims = Files.exists(claims);
        if (!hasVocabulary && !hasClaims) {
            return EMPTY;
        }
        if (!hasVocabulary) {
            throw new BadInputException(vocabulary.toString(), "file not found (" + claims.getFileName()
                    + " names properties it must list)");
        }
        Vocabulary v = VocabularyReader.read(vocabulary);
        if (!hasClaims) {
            throw new BadInputException(claims.toString(), "file not found");
        }
        return new SpecData(v, ClaimsReader.read(claims, v), SpecMutationScore.read(specDir));
    }

    /**
     * Checks the data against the manifest: every property a model checks is in the vocabulary and every
     * property of the vocabulary is checked by some model; every prediction of a claim selects at least one
     * evidence model by its labels; every claim's counterexample is a violation the manifest expects.
     */
    public void check(Manifest manifest) {
        if (this == EMPTY) {
            return;
        }
        for (ModelEntry m : manifest.models()) {
            for (String p : m.expect().keySet()) {
                if (!vocabulary.knows(p)) {
                    throw new BadInputException(vocabulary.file(), "no entry for property \"" + p + "\", which model "
                            + m.name() + " of " + manifest.file().getFileName() + " checks");
                }
            }
        }
        for (Vocabulary.Property p : vocabulary.properties()) {
            if (manifest.models().stream().noneMatch(m -> m.expect().containsKey(p.name()))) {
                throw new BadInputException(vocabulary.file(), "unknown property \"" + p.name()
                        + "\": no model of " + manifest.file().getFileName() + " checks it");
            }
        }
        String file = claims.file();
        for (ClaimBook.Claim c : claims.claims()) {
            for (ClaimBook.Prediction p : c.predictions()) {
                if (manifest.models().stream().noneMatch(m -> Claims.evidence(m.group(), m.labels())
                        && Claims.selects(p, m.labels()))) {
                    throw new BadInputException(file, c.id() + ": prediction \"" + p.text()
                            + "\" selects no evidence model of " + manifest.file().getFileName() + " by its labels");
                }
            }
            ClaimBook.Counterexample x = c.counterexample();
            if (x != null) {
                ModelEntry m = manifest.model(x.model()).orElseThrow(() -> new BadInputException(file, c.id()
                        + ".counterexample: unknown model \"" + x.model() + "\""));
                if (m.expect().get(x.property()) != Verdict.VIOLATED) {
                    throw new BadInputException(file, c.id() + ".counterexample: model " + m.name()
                            + " is not expected to violate " + x.property());
                }
            }
        }
    }
}
