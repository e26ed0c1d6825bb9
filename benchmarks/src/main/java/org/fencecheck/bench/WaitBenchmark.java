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
import org.openjdk.jmh.infra.Control;

/**
 * Benchmark 4: {@code dma_fence_wait()} and its peers.
 *
 * <p>{@link #alreadySignaled}: one thread waits on a fence that signaled long ago; the cost of the check that
 * lets a waiter go without sleeping (for dma_fence, enable_sw_signaling included, which takes the fence lock
 * under LEGACY only).
 *
 * <p>{@code roundTrip} ({@link #ping} and {@link #pong}): the latency of a wake-up, measured as a round trip
 * between two threads, since a wake-up's latency cannot be timed from one side alone (the signaler's clock stops
 * before the waiter runs, the waiter's starts before the signal). Each round uses two fresh fences: ping signals
 * fence P and waits on fence Q; pong waits on P and then signals Q. One operation of either thread is therefore
 * one full round, two sleeps and two wake-ups, and the group's score (the mean of the two) is the round-trip
 * time; half of it is one signal-to-running-waiter latency.
 *
 * <p>How each side finds the next round's fence without a barrier: before signaling its fence of round k, a side
 * publishes its fence of round k+1; the other side reads it after its wait on the round-k fence returned, which
 * the signal orders after the publication. A side overwrites that field again only after a wait that needs the
 * other side's next signal, so the read always sees round k+1.
 *
 * <p>Waits are timed ({@value #POLL_MS} ms, looped) only so that the last round of an iteration, whose partner
 * has already stopped, ends: each loop checks JMH's {@link Control#stopMeasurement}. A wake-up arrives in
 * microseconds, so the timeout never fires while measuring; the fences are renewed every iteration, as the
 * interrupted round leaves the two sides out of step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = BenchDefaults.FORKS, jvmArgsAppend = {BenchDefaults.HEAP_MIN, BenchDefaults.HEAP_MAX})
@Warmup(iterations = BenchDefaults.WARMUP_ITERATIONS, time = BenchDefaults.SECONDS)
@Measurement(iterations = BenchDefaults.MEASUREMENT_ITERATIONS, time = BenchDefaults.SECONDS)
public class WaitBenchmark {

    static final long POLL_MS = 10;

    /** A fence that has signaled, for {@link #alreadySignaled}. */
    @State(Scope.Thread)
    public static class Signaled {

        @Param({"LEGACY", "REWORKED", "COMPLETABLE_FUTURE", "NAIVE"})
        public Impl impl;

        Subject<Object, Object> subject;
        Object fence;

        /** Makes and signals the fence. */
        @Setup(Level.Trial)
        public void setUp() {
            subject = impl.newSubject();
            fence = subject.create();
            subject.signal(fence);
        }
    }

    /**
     * The two sides' fences. Fields named ping* are written only by the ping thread, pong* only by the pong
     * thread; the two published fields are the hand-over described in the class comment.
     */
    @State(Scope.Group)
    public static class RoundTrip {

        @Param({"LEGACY", "REWORKED", "COMPLETABLE_FUTURE", "NAIVE"})
        public Impl impl;

        Subject<Object, Object> subject;

        /** Ping's fence of the next round, published for pong. */
        volatile Object nextPing;
        /** Pong's fence of the next round, published for ping. */
        volatile Object nextPong;

        Object pingSignals;
        Object pingWaitsOn;
        Object pongSignals;
        Object pongWaitsOn;

        /** Makes the subject. */
        @Setup(Level.Trial)
        public void setUp() {
            subject = impl.newSubject();
        }

        /** Starts both sides on round 0 with fresh fences. */
        @Setup(Level.Iteration)
        public void newRound() {
            pingSignals = subject.create();
            pongSignals = subject.create();
            pingWaitsOn = pongSignals;
            pongWaitsOn = pingSignals;
        }
    }

    /**
     * Waits on a signaled fence.
     *
     * @param s   the fence
     * @param cpu binds this thread (see {@link BoundCpu})
     */
    @Benchmark
    public void alreadySignaled(Signaled s, BoundCpu cpu) {
        s.subject.await(s.fence);
    }

    /**
     * Ping's round: publish the next ping fence, signal this one, wait for pong's, pick up pong's next.
     *
     * @param r       the round state
     * @param control JMH's stop flag
     * @param cpu     binds this thread (see {@link BoundCpu})
     */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void ping(RoundTrip r, Control control, BoundCpu cpu) {
        Object signals = r.pingSignals;
        r.pingSignals = r.subject.create();
        r.nextPing = r.pingSignals;
        r.subject.signal(signals);
        if (awaitUnlessStopped(r.subject, r.pingWaitsOn, control)) {
            r.pingWaitsOn = r.nextPong;
        }
    }

    /**
     * Pong's round: wait for ping's fence, pick up ping's next, publish the next pong fence, signal this one.
     *
     * @param r       the round state
     * @param control JMH's stop flag
     * @param cpu     binds this thread (see {@link BoundCpu})
     */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void pong(RoundTrip r, Control control, BoundCpu cpu) {
        if (!awaitUnlessStopped(r.subject, r.pongWaitsOn, control)) {
            return;
        }
        r.pongWaitsOn = r.nextPing;
        Object signals = r.pongSignals;
        r.pongSignals = r.subject.create();
        r.nextPong = r.pongSignals;
        r.subject.signal(signals);
    }

    /** Waits for {@code fence}, giving up only once JMH ends the iteration; returns whether it signaled. */
    private static boolean awaitUnlessStopped(Subject<Object, Object> subject, Object fence, Control control) {
        while (!subject.await(fence, POLL_MS)) {
            if (control.stopMeasurement) {
                return false;
            }
        }
        return true;
    }
}
