package org.fencecheck.props.sched;

import org.fencecheck.props.model.Spec;
import org.fencecheck.props.sut.Sut;

/**
 * One kernel call a CPU makes: the spec's {@code Call(c)} parameters (op, fence, callback), plus two calls
 * outside the spec's {@code Ops} that only the sequential model-based tests use ({@code signal}: a driver
 * signalling from process context; {@code put}: the last reference).
 *
 * @param op the spec's op name ({@code add, remove, enable, issig, status, seterr, wait}) or {@code signal}/{@code put}
 * @param f  the fence's seqno
 * @param cb the user callback, or {@code "none"}
 */
public record Op(String op, int f, String cb) {

    /** Whether the spec's {@code Call} knows this op. */
    public boolean inSpec() {
        return !op.equals("signal") && !op.equals("put");
    }

    /**
     * Runs the call on the calling CPU.
     *
     * @param sut  the system
     * @param intr whether a wait is interruptible (the stand-in for a timeout)
     * @return what it returned, as text
     */
    public String invoke(Sut sut, boolean intr) {
        switch (op) {
            case "add": return Integer.toString(sut.add(f, cb));
            case "remove": return Boolean.toString(sut.remove(f, cb));
            case "enable": sut.enable(f); return "void";
            case "issig": return Boolean.toString(sut.isSignaled(f));
            case "status": return Integer.toString(sut.status(f));
            case "seterr": sut.errorPath(f); return "void";
            case "wait": return Long.toString(sut.waitTimeout(f, intr));
            case "signal": return Integer.toString(sut.signal(f));
            case "put": sut.put(f); return "void";
            default: throw new IllegalArgumentException(op);
        }
    }

    /** The kernel function, e.g. {@code dma_fence_add_callback}. */
    public String fn() {
        return switch (op) {
            case "signal" -> "dma_fence_signal";
            case "put" -> "dma_fence_put";
            default -> Spec.callFn(op);
        };
    }

    @Override
    public String toString() {
        return fn() + "(f" + f + (cb.equals("none") ? "" : ", " + cb) + ")";
    }
}
