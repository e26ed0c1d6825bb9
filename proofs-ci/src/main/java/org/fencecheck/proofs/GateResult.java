package org.fencecheck.proofs;

import org.fencecheck.proofs.model.VerdictReport;

/**
 * What a gate run produced.
 *
 * @param report   the verdicts, as written to verdicts.json
 * @param exitCode 0 passed, 1 mismatch, 3 TLC error or timeout
 */
public record GateResult(VerdictReport report, int exitCode) {
}
