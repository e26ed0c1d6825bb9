package org.fencecheck.proofs.model;

import org.fencecheck.tlc.Verdict;

/**
 * Expected and actual verdict of one property of one model.
 *
 * @param name      the property's name as in the cfg, or {@code Deadlock}
 * @param kind      how it is checked
 * @param expected  the manifest's verdict
 * @param actual    TLC's verdict ({@link Verdict#UNKNOWN} if the model's runs did not finish)
 * @param match     expected equals actual
 * @param violation the refutation when actual is violated, else null
 */
public record PropertyVerdict(String name, PropertyKind kind, Verdict expected, Verdict actual, boolean match,
                              Violation violation) {
}
