package org.fencecheck.proofs.model;

import java.util.List;

/**
 * The gate's overall result.
 *
 * @param models           models checked
 * @param properties       property verdicts in total
 * @param propertiesMatched verdicts equal to the manifest
 * @param passed           the gate passes: every model passed and no problem was found
 * @param problems         one line per mismatch, state-count change, timeout or TLC error
 * @param seconds          wall seconds of the whole gate
 */
public record Summary(int models, int properties, int propertiesMatched, boolean passed, List<String> problems,
                      double seconds) {
    public Summary {
        problems = List.copyOf(problems);
    }
}
