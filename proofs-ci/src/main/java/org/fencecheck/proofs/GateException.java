package org.fencecheck.proofs;

import org.fencecheck.tlc.BadInputException;

/**
 * A failure the gate reports as one line, {@code fencecheck: <file>: <problem>}, with its own exit code;
 * never shown as a stack trace. Bad input found by tlc-io's readers is a {@link BadInputException} (exit 2).
 */
public final class GateException extends BadInputException {

    private final int exitCode;

    /**
     * @param exitCode the process exit code (2 for usage and manifest errors)
     * @param file     the file the problem is about
     * @param problem  what is wrong, one line
     */
    public GateException(int exitCode, String file, String problem) {
        super(file, problem);
        this.exitCode = exitCode;
    }

    /** The exit code. */
    public int exitCode() {
        return exitCode;
    }
}
