package org.fencecheck.proofs.model;

import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.ViolationKind;

/**
 * A refutation of one property.
 *
 * @param kind      what TLC reported
 * @param message   TLC's error line, e.g. {@code Invariant NoSelfDeadlock is violated.}
 * @param traceText the rendered per-CPU step list, relative to the report folder ({@code traces/M__P.txt})
 * @param traceJson the same trace as JSON, relative to the report folder ({@code traces/M__P.json})
 * @param trace     the counterexample
 */
public record Violation(ViolationKind kind, String message, String traceText, String traceJson, Trace trace) {
}
