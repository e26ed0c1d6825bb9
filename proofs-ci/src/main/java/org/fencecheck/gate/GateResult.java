package org.fencecheck.gate;

import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.report.SpecData;

/**
 * What a gate run produced.
 *
 * @param report   the verdicts, as written to verdicts.json
 * @param spec     the spec's vocabulary and claims the run was checked with
 * @param exitCode 0 passed, 1 mismatch, 3 TLC error or timeout
 * @param reduction what {@code --reduction} found, null without it
 */
public record GateResult(VerdictReport report, SpecData spec, int exitCode, ReductionReport reduction) {
}
