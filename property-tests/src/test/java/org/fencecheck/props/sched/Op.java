package org.fencecheck.props.sched;

/**
 * One kernel call a CPU makes: the spec's {@code Call(c)} parameters.
 *
 * @param op the spec's op name ({@code add, remove, enable, issig, status, seterr, wait})
 * @param f  the fence's seqno
 * @param cb the user callback, or {@code "none"}
 */
public record Op(String op, int f, String cb) {

    @Override
    public String toString() {
        return op + "(f" + f + (cb.equals("none") ? "" : ", " + cb) + ")";
    }
}
