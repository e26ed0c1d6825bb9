package org.fencecheck.mutation;

import java.util.List;

/**
 * What the gate's models said of one mutant.
 *
 * @param mutant  the mutant
 * @param outcome killed, survived or invalid
 * @param killers for a killed mutant, {@code model:Property} for each property the correct spec keeps and the
 *                mutant violates; else empty
 * @param detail  for a survivor, the state counts that changed (not a kill); for an invalid one, TLC's error; for an
 *                equivalent one, the argument
 * @param seconds the gate's time on this mutant
 */
public record MutantVerdict(SpecMutant mutant, Outcome outcome, List<String> killers, String detail,
                            double seconds) {

    /** How a mutant ended. */
    public enum Outcome {
        /** A property the manifest expects to hold is violated by the mutant. */
        KILLED,
        /** Every verdict as in the manifest: only state counts may differ, which is no catch. */
        SURVIVED,
        /** Argued equivalent in spec/mutants-equivalent.tsv (not run): no C behaviour changes. */
        EQUIVALENT,
        /** TLC could not check it (an ill-typed mutant: a TLC error or timeout), or it made a violated property hold. */
        INVALID
    }

    public MutantVerdict {
        killers = List.copyOf(killers);
    }
}
