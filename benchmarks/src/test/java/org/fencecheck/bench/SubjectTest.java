package org.fencecheck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.fencecheck.sim.StepListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The common contract the benchmarks rely on, for every implementation: a callback runs exactly once whether it
 * was added before or after the signal, and the waits return as they should. Not a benchmark.
 */
class SubjectTest {

    @ParameterizedTest
    @EnumSource(Impl.class)
    void callbackRunsOnceBeforeOrAfterSignal(Impl impl) {
        BenchMachine.MACHINE.cpu(0).run(() -> {
            Subject<Object, Object> s = impl.newSubject();
            AtomicInteger runs = new AtomicInteger();
            Object fence = s.create();
            assertFalse(s.isSignaled(fence));
            s.addCallback(fence, s.callback(runs::incrementAndGet));
            s.addCallback(fence, s.callback(runs::incrementAndGet));
            assertEquals(0, runs.get(), "nothing runs before the signal");
            s.signal(fence);
            assertTrue(s.isSignaled(fence));
            assertEquals(2, runs.get());
            s.addCallback(fence, s.callback(runs::incrementAndGet));
            assertEquals(3, runs.get(), "added after the signal: runs at once");
            s.signal(fence);
            assertEquals(3, runs.get(), "a second signal runs nothing");
        });
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void waitsReturn(Impl impl) {
        BenchMachine.MACHINE.cpu(0).run(() -> {
            Subject<Object, Object> s = impl.newSubject();
            Object fence = s.create();
            assertFalse(s.await(fence, 1), "times out on an unsignaled fence");
            s.signal(fence);
            s.await(fence);
            assertTrue(s.await(fence, 1));
        });
    }

    @Test
    void machineHasCheckingOff() {
        assertFalse(BenchMachine.MACHINE.lockdep().isEnabled(), "validator off");
        assertSame(StepListener.NONE, BenchMachine.MACHINE.stepListener(), "no step tracing");
    }
}
