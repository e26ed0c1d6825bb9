package org.fencecheck.proofs;

import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.ViolationKind;

/**
 * TLC's refutation of one property.
 *
 * @param kind    what TLC reported
 * @param message TLC's error line
 * @param trace   the counterexample
 */
public record Refuted(ViolationKind kind, String message, Trace trace) {
}
