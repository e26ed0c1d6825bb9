package org.fencecheck.tlc;

/**
 * Free-form labels of a model, copied from the manifest for the report; any of them may be null.
 *
 * @param design     {@code legacy} / {@code reworked}
 * @param driver     {@code none} / {@code irqsave} / {@code plain} / {@code irq}
 * @param signaledOp whether the driver has a {@code ->signaled} op
 * @param bound      human-readable bound, e.g. "2 CPUs, 2 fences, 2 callbacks"
 * @param mutation   for the broken group, the name of the deliberate bug
 * @param description one sentence saying what the model is for
 */
public record ModelLabels(String design, String driver, Boolean signaledOp, String bound, String mutation,
                          String description) {
}
