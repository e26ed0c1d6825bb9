package org.fencecheck.sim;

/** Thrown for a {@code WARN()} on a machine with panic_on_warn set. */
public final class KernelWarningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Warning warning;

    /**
     * Creates the exception for one warning.
     *
     * @param warning the warning that panicked
     */
    public KernelWarningException(Warning warning) {
        super(warning.toString());
        this.warning = warning;
    }

    /** Returns the warning that panicked. */
    public Warning warning() {
        return warning;
    }
}
