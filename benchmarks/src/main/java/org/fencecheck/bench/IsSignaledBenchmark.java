package org.fencecheck.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1: {@code dma_fence_is_signaled()} and its peers on a fence that has signaled and on one that has
 * not, one thread. The signaled case is the fast path a fence should make as cheap as the volatile read of
 * {@link VolatileReadBenchmark}; the unsignaled one adds, for a fence without {@code ->signaled}, nothing but the
 * branch. Both fences are made once per trial: the query has no side effect on them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = BenchDefaults.FORKS, jvmArgsAppend = {BenchDefaults.HEAP_MIN, BenchDefaults.HEAP_MAX})
@Warmup(iterations = BenchDefaults.WARMUP_ITERATIONS, time = BenchDefaults.SECONDS)
@Measurement(iterations = BenchDefaults.MEASUREMENT_ITERATIONS, time = BenchDefaults.SECONDS)
public class IsSignaledBenchmark {

    @Param({"LEGACY", "REWORKED", "COMPLETABLE_FUTURE", "NAIVE"})
    public Impl impl;

    private Subject<Object, Object> subject;
    private Object signaledFence;
    private Object unsignaledFence;

    /** Makes the two fences and signals one. */
    @Setup(Level.Trial)
    public void setUp() {
        subject = impl.newSubject();
        signaledFence = subject.create();
        subject.signal(signaledFence);
        unsignaledFence = subject.create();
    }

    /**
     * On a signaled fence.
     *
     * @param cpu binds this thread (see {@link BoundCpu})
     * @return the answer, consumed by JMH
     */
    @Benchmark
    public boolean signaled(BoundCpu cpu) {
        return subject.isSignaled(signaledFence);
    }

    /**
     * On a fence that never signals.
     *
     * @param cpu binds this thread (see {@link BoundCpu})
     * @return the answer, consumed by JMH
     */
    @Benchmark
    public boolean unsignaled(BoundCpu cpu) {
        return subject.isSignaled(unsignaledFence);
    }
}
