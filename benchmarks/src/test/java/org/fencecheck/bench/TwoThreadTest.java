package org.fencecheck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.Control;

/**
 * The two-thread benchmarks' protocols, run a bounded number of rounds outside JMH: the round trip's hand-over
 * never loses a round (a lost one would hang here, caught by the join timeout), and racing adds and signals lose
 * no callback. Not a benchmark.
 */
class TwoThreadTest {

    private static final int ROUNDS = 2_000;
    private static final long JOIN_MILLIS = 30_000;

    @ParameterizedTest
    @EnumSource(Impl.class)
    void roundTripKeepsStep(Impl impl) throws InterruptedException {
        WaitBenchmark bench = new WaitBenchmark();
        WaitBenchmark.RoundTrip r = new WaitBenchmark.RoundTrip();
        r.impl = impl;
        r.setUp();
        r.newRound();
        Control control = new Control();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread ping = cpuThread(10, failure, () -> {
            for (int i = 0; i < ROUNDS; i++) {
                bench.ping(r, control, null);
            }
        });
        Thread pong = cpuThread(11, failure, () -> {
            for (int i = 0; i < ROUNDS; i++) {
                bench.pong(r, control, null);
            }
        });
        joinBoth(ping, pong);
        assertNull(failure.get());
        assertFalse(r.subject.isSignaled(r.pingSignals), "ping's next fence waits for a next round");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void racingAddsLoseNoCallback(Impl impl) throws InterruptedException {
        SignalRaceBenchmark.Shared s = new SignalRaceBenchmark.Shared();
        s.impl = impl;
        s.setUp();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // The benchmark's own methods, with a counting callback in place of its empty one.
        Thread adder = cpuThread(10, failure, () -> {
            for (int i = 0; i < ROUNDS; i++) {
                s.subject.addCallback(s.current, s.subject.callback(runs::incrementAndGet));
            }
        });
        SignalRaceBenchmark bench = new SignalRaceBenchmark();
        Thread signaler = cpuThread(11, failure, () -> {
            for (int i = 0; i < ROUNDS; i++) {
                bench.signal(s, null);
            }
        });
        joinBoth(adder, signaler);
        assertNull(failure.get());
        BenchMachine.MACHINE.cpu(10).run(() -> s.subject.signal(s.current));
        assertEquals(ROUNDS, runs.get());
    }

    private static Thread cpuThread(int cpu, AtomicReference<Throwable> failure, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                BenchMachine.MACHINE.cpu(cpu).run(body);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "cpu" + cpu);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void joinBoth(Thread a, Thread b) throws InterruptedException {
        a.join(JOIN_MILLIS);
        b.join(JOIN_MILLIS);
        assertFalse(a.isAlive() || b.isAlive(), "a side hangs: the protocol lost a round");
    }
}
