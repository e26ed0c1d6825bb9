package org.fencecheck.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * Benchmark 3: signal racing with add_callback, two threads on one fence at a time.
 *
 * <p>The signaler replaces the current fence with a fresh one and signals the old one; the adder adds a callback
 * to whichever fence is current. So the adder sometimes wins (its callback is queued and later run by the
 * signaler), sometimes loses (the fence signaled under it; its callback runs at once), and both keep meeting on
 * the fence lock (or monitor, or CAS) where the race is decided. No barrier keeps them in step: a barrier would
 * cost more than the operations and measure itself. The group's score is the mean of both threads' ns/op; the
 * table also lists each side.
 *
 * <p>The adder makes a new callback per add because a {@code dma_fence_cb} can be on one list only and its
 * previous one may not have signaled yet; the peers reuse one {@link Runnable}, which their APIs allow.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = BenchDefaults.FORKS, jvmArgsAppend = {BenchDefaults.HEAP_MIN, BenchDefaults.HEAP_MAX})
@Warmup(iterations = BenchDefaults.WARMUP_ITERATIONS, time = BenchDefaults.SECONDS)
@Measurement(iterations = BenchDefaults.MEASUREMENT_ITERATIONS, time = BenchDefaults.SECONDS)
public class SignalRaceBenchmark {

    private static final Runnable NOTHING = () -> { };

    /** The fence both threads of a group work on. */
    @State(Scope.Group)
    public static class Shared {

        @Param({"LEGACY", "REWORKED", "COMPLETABLE_FUTURE", "NAIVE"})
        public Impl impl;

        Subject<Object, Object> subject;

        /** Volatile: the signaler publishes each new fence here, the adder picks it up. */
        volatile Object current;

        /** Makes the subject and the first fence. */
        @Setup(Level.Trial)
        public void setUp() {
            subject = impl.newSubject();
            current = subject.create();
        }
    }

    /**
     * The adding side.
     *
     * @param s   the shared fence
     * @param cpu binds this thread (see {@link BoundCpu})
     */
    @Benchmark
    @Group("race")
    @GroupThreads(1)
    public void add(Shared s, BoundCpu cpu) {
        Subject<Object, Object> subject = s.subject;
        subject.addCallback(s.current, subject.callback(NOTHING));
    }

    /**
     * The signaling side: publishes the next fence before signaling, so an adder that lost the race finds a
     * fresh fence on its next try rather than the same signaled one.
     *
     * @param s   the shared fence
     * @param cpu binds this thread (see {@link BoundCpu})
     */
    @Benchmark
    @Group("race")
    @GroupThreads(1)
    public void signal(Shared s, BoundCpu cpu) {
        Object fence = s.current;
        s.current = s.subject.create();
        s.subject.signal(fence);
    }
}
