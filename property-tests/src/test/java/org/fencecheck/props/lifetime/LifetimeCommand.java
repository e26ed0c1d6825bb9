package org.fencecheck.props.lifetime;

/**
 * One command of a lifetime run, printed like a line of a TLA+ trace of spec/DmaFenceLifetime.tla: who acts
 * (a CPU {@code c1}/{@code c2}, the driver's interrupt handler {@code irq}, the module's exit path {@code exit},
 * or the hardware) and what it does. Starting a call runs it to its first step; the run commands then grant its
 * further steps, so that calls interleave at impl's step boundaries.
 */
sealed interface LifetimeCommand {

    /** The kernel calls a CPU can start, by the spec's {@code Ops} names plus the other queries. */
    enum CpuOp {
        ISSIG("dma_fence_is_signaled"),
        ENABLE("dma_fence_enable_sw_signaling"),
        NAME("dma_fence_driver_name"),
        TIMELINE("dma_fence_timeline_name"),
        STATUS("dma_fence_get_status"),
        ADD("dma_fence_add_callback"),
        PUT("dma_fence_put");

        final String fn;

        CpuOp(String fn) {
            this.fn = fn;
        }
    }

    /** CPU {@code cpu} (0-based) starts {@code op} on fence {@code f}. */
    record Call(int cpu, CpuOp op, int f) implements LifetimeCommand {
        @Override
        public String toString() {
            return "c" + (cpu + 1) + ": " + op.fn + "(f" + f + ")";
        }
    }

    /** The driver's interrupt handler retires fence {@code f}: dma_fence_signal() and the driver's put. */
    record Retire(int f) implements LifetimeCommand {
        @Override
        public String toString() {
            return "irq: drv_retire(f" + f + ")";
        }
    }

    /** The module's exit path starts: module_exit(), the drain, synchronize_rcu(), free. */
    record Unload() implements LifetimeCommand {
        @Override
        public String toString() {
            return "exit: module_exit()";
        }
    }

    /** The hardware passes the next seqno. */
    record Hw() implements LifetimeCommand {
        @Override
        public String toString() {
            return "hw: seqno passes";
        }
    }

    /** Actor {@code actor} takes up to {@code steps} more steps of the call it is in. */
    record Run(String actor, int steps) implements LifetimeCommand {
        @Override
        public String toString() {
            return actor + " runs " + steps + (steps == 1 ? " step" : " steps");
        }
    }
}
