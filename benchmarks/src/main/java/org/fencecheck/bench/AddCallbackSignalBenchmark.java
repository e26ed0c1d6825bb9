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
 * Benchmark 2: the whole life of a fence with {@code callbacks} callbacks, one thread: create it, add the
 * callbacks ({@code dma_fence_add_callback()}, {@code thenRun()}, ...), signal it, which runs them.
 *
 * <p>Why creation is inside the measured operation: a fence signals once, so each operation needs a new one, and
 * making it in a per-invocation fixture would cost JMH more timing overhead than the operation itself. Creation is
 * part of the real life cycle and is cheap next to the rest for every implementation. The callbacks are made once
 * per trial and reused: after a signal none of them is on a list any more.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = BenchDefaults.FORKS, jvmArgsAppend = {BenchDefaults.HEAP_MIN, BenchDefaults.HEAP_MAX})
@Warmup(iterations = BenchDefaults.WARMUP_ITERATIONS, time = BenchDefaults.SECONDS)
@Measurement(iterations = BenchDefaults.MEASUREMENT_ITERATIONS, time = BenchDefaults.SECONDS)
public class AddCallbackSignalBenchmark {

    @Param({"LEGACY", "REWORKED", "COMPLETABLE_FUTURE", "NAIVE"})
    public Impl impl;

    @Param({"1", "8", "64"})
    public int callbacks;

    private Subject<Object, Object> subject;
    private Object[] cbs;

    /** Counts callback runs; returned so the callbacks are not dead code. Only this thread touches it. */
    private int runs;

    /** Makes the subject and the callbacks. */
    @Setup(Level.Trial)
    public void setUp() {
        subject = impl.newSubject();
        cbs = new Object[callbacks];
        for (int i = 0; i < callbacks; i++) {
            cbs[i] = subject.callback(() -> runs++);
        }
    }

    /**
     * One fence: create, add every callback, signal.
     *
     * @param cpu binds this thread (see {@link BoundCpu})
     * @return the running count of callback runs, consumed by JMH
     */
    @Benchmark
    public int addThenSignal(BoundCpu cpu) {
        Object fence = subject.create();
        for (Object cb : cbs) {
            subject.addCallback(fence, cb);
        }
        subject.signal(fence);
        return runs;
    }
}
