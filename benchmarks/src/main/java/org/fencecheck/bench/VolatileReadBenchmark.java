package org.fencecheck.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor for {@link IsSignaledBenchmark}: a volatile read of a flags word and a bit test, which is what
 * {@code dma_fence_is_signaled()} does on a signaled fence before anything else. It has no {@code impl}
 * parameter; the table shows it without ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = BenchDefaults.FORKS, jvmArgsAppend = {BenchDefaults.HEAP_MIN, BenchDefaults.HEAP_MAX})
@Warmup(iterations = BenchDefaults.WARMUP_ITERATIONS, time = BenchDefaults.SECONDS)
@Measurement(iterations = BenchDefaults.MEASUREMENT_ITERATIONS, time = BenchDefaults.SECONDS)
public class VolatileReadBenchmark {

    /** Non-final and written nowhere but here, so the JIT cannot fold the read. */
    private volatile int flags = 1;

    /** Returns the bit, so JMH consumes it and the read is not dead code. */
    @Benchmark
    public boolean volatileRead() {
        return (flags & 1) != 0;
    }
}
