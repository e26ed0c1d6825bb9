package org.fencecheck.sim;

/**
 * The simulated kernel would have oopsed here (e.g. a call through a NULL function-table pointer): the calling
 * CPU's kernel call cannot go on. Like any exception escaping kernel code, locks the CPU holds stay held.
 */
public final class OopsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the report.
     *
     * @param what the oops line, e.g. {@code "BUG: kernel NULL pointer dereference"} and where
     */
    public OopsException(String what) {
        super(what);
    }
}
