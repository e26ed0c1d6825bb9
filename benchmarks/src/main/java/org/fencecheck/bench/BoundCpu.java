package org.fencecheck.bench;

import org.fencecheck.sim.Cpu;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Runs each benchmark thread as its own CPU of {@link BenchMachine#MACHINE} (cpu0, cpu1, ... by JMH thread
 * index). Benchmark methods take it as a parameter only so that JMH sets it up on every thread.
 *
 * <p>Why bind at all: an unbound thread becomes a CPU of {@link org.fencecheck.sim.Machine#shared()}, whose
 * lockdep is on; binding keeps every hook on the machine whose checking is off. Why per iteration: JMH runs a
 * thread-scoped state's iteration fixtures on the thread that owns it, which holds whichever worker thread JMH
 * uses for the iteration.
 */
@State(Scope.Thread)
public class BoundCpu {

    /**
     * Binds the calling worker thread, first dropping any binding left on it (an automatic CPU picked up while a
     * fixture signaled a fence, or the previous iteration's).
     *
     * @param thread JMH's view of this thread
     */
    @Setup(Level.Iteration)
    public void bind(ThreadParams thread) {
        Cpu.unbind();
        BenchMachine.MACHINE.cpu(thread.getThreadIndex()).bind();
    }

    /** Unbinds, so the CPU is free for whichever thread runs it next iteration. */
    @TearDown(Level.Iteration)
    public void unbind() {
        Cpu.unbind();
    }
}
