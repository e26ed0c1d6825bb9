package org.fencecheck.tlc;

/**
 * A data file the tools read (a cfg, {@code manifest.json}, a JSON data file of the spec) is malformed or says
 * something impossible. It carries the file and a one-line problem so that a command-line tool can print
 * {@code fencecheck: <file>: <problem>} and exit non-zero instead of showing a stack trace.
 */
public class BadInputException extends RuntimeException {

    private final String file;
    private final String problem;

    /**
     * @param file    the file the problem is about, as the user named it
     * @param problem what is wrong, one line, without the file
     */
    public BadInputException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file named in the line. */
    public String file() {
        return file;
    }

    /** The problem, without the file. */
    public String problem() {
        return problem;
    }

    /** The line a tool prints on stderr. */
    public String line() {
        return "fencecheck: " + file + ": " + problem;
    }
}
