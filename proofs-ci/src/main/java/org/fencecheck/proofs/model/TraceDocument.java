package org.fencecheck.proofs.model;

import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.ViolationKind;

/**
 * The content of {@code traces/<model>__<property>.json}.
 *
 * @param model    the model's name
 * @param property the violated property
 * @param kind     what TLC reported
 * @param message  TLC's error line
 * @param trace    the counterexample
 */
public record TraceDocument(String model, String property, ViolationKind kind, String message, Trace trace) {
}
