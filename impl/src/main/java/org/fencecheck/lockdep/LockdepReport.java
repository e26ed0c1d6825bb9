package org.fencecheck.lockdep;

import java.util.List;

/**
 * One hazard found by the validator. Immutable; reported once per kind and set of classes.
 *
 * @param kind        what hazard
 * @param lockClasses the classes involved (for a cycle, in cycle order)
 * @param usages      the evidence: the uses of the classes that together make the hazard
 * @param detail      the driver op for {@link ReportKind#DRIVER_OP_UNDER_FENCE_LOCK}, else a short summary
 */
public record LockdepReport(ReportKind kind, List<String> lockClasses, List<LockUsage> usages, String detail) {

    /** Copies the lists. */
    public LockdepReport {
        lockClasses = List.copyOf(lockClasses);
        usages = List.copyOf(usages);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name()).append(' ').append(lockClasses).append(": ")
                .append(detail);
        for (LockUsage u : usages) {
            sb.append("\n    ").append(u);
        }
        return sb.toString();
    }
}
