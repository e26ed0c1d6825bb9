package org.fencecheck.lockdep;

import org.fencecheck.sim.CpuContext;

/**
 * One bad entry into a driver's {@code dma_fence_ops}, as {@link ModuleValidator} reports it: which op or table
 * read, from which core function, on which CPU and fence, into which module.
 *
 * @param kind    what was wrong with the entry
 * @param module  the module owning the ops table, or {@code "(null)"} for a call through NULL ops
 * @param op      the op, e.g. {@code "signaled"}, or {@code "release"} for the read of {@code ops->release}
 * @param site    the core function that made the call, e.g. {@code "dma_fence_is_signaled"}
 * @param cpu     the CPU id
 * @param context the context the CPU ran in
 * @param fence   the fence's seqno
 * @param signaled whether the fence was already signaled: a query it could have answered without the driver
 *                 (the spec's {@code lostAnswers})
 */
public record ModuleReport(Kind kind, String module, String op, String site, int cpu, CpuContext context,
                           long fence, boolean signaled) {

    /** The kinds of bad entry. */
    public enum Kind {
        /**
         * The core dereferenced ops whose module was already unloaded: its code ran, or its table was read, after
         * the module's text and data were freed (the spec's {@code NoCodeAfterUnload}).
         */
        OPS_INTO_UNLOADED_MODULE,
        /**
         * A lock living in the module's data was taken after the module was unloaded (the spec's
         * {@code NoCodeAfterUnload} with {@code LockPlace = "module"}).
         */
        LOCK_IN_UNLOADED_MODULE,
        /** The core called an op through a detached (NULL) {@code fence->ops} (the spec's {@code NoNullOpsCall}). */
        NULL_OPS_CALL
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case NULL_OPS_CALL -> "call through NULL fence->ops: ops->" + op + "()";
            case LOCK_IN_UNLOADED_MODULE -> op + " taken in the data of unloaded module " + module;
            case OPS_INTO_UNLOADED_MODULE -> "ops call into unloaded module " + module + ": ops->" + op;
        };
        return what + " from " + site + " on " + (signaled ? "signaled " : "") + "fence " + fence + " (cpu" + cpu
                + "/" + context + ")";
    }
}
