package org.fencecheck.proofs;

/**
 * A failure the gate reports as one line, {@code fencecheck: <file>: <problem>}, with its own exit code;
 * never shown as a stack trace.
 */
public final class GateException extends RuntimeException {

    private final int exitCode;
    private final String file;
    private final String problem;

    /**
     * @param exitCode the process exit code (2 for usage and manifest errors)
     * @param file     the file the problem is about
     * @param problem  what is wrong, one line
     */
    public GateException(int exitCode, String file, String problem) {
        super(file + ": " + problem);
        this.exitCode = exitCode;
        this.file = file;
        this.problem = problem;
    }

    /** The exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** The file named in the line. */
    public String file() {
        return file;
    }

    /** The problem, without the file. */
    public String problem() {
        return problem;
    }

    /** The line printed on stderr. */
    public String line() {
        return "fencecheck: " + file + ": " + problem;
    }
}
