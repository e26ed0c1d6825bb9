package org.fencecheck.proofs.model;

import java.util.List;

/**
 * Everything the gate found; written as {@code verdicts.json} and the input of every report.
 *
 * @param generated   ISO-8601 instant of the run
 * @param manifest    path of the manifest as given
 * @param environment where it ran
 * @param summary     the overall result
 * @param models      one result per model of the run, manifest order
 */
public record VerdictReport(String generated, String manifest, Environment environment, Summary summary,
                            List<ModelResult> models) {
    public VerdictReport {
        models = List.copyOf(models);
    }
}
