package org.fencecheck.props.sut;

import java.util.List;
import java.util.function.Function;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;

/**
 * The system under test: one timeline of {@code numFences} fences with its driver, as the spec has it, and the
 * spec's user callbacks. {@link ImplSut} is the real implementation ({@code DmaFence} + {@code DriverTimeline});
 * {@link MutantSut} is a test-code copy with one deliberately broken behaviour.
 *
 * <p>The kernel calls run as the calling thread's simulated CPU and announce their steps to the machine's
 * {@link org.fencecheck.sim.StepListener}. Fences are named by seqno 1..numFences.
 */
public interface Sut {

    SpecConfig cfg();

    Machine machine();

    /** {@code dma_fence_add_callback(f, cb)}: 0 or -ENOENT. */
    int add(int f, String cb);

    /** {@code dma_fence_remove_callback(f, cb)}. */
    boolean remove(int f, String cb);

    /** {@code dma_fence_enable_sw_signaling(f)}. */
    void enable(int f);

    /** {@code dma_fence_is_signaled(f)}. */
    boolean isSignaled(int f);

    /** {@code dma_fence_get_status(f)}. */
    int status(int f);

    /** The driver's error path on f ({@code drv_error_path}: set_error(-EIO) and signal, under the lock). */
    void errorPath(int f);

    /**
     * {@code dma_fence_wait_timeout(f, intr, MAX_SCHEDULE_TIMEOUT)}; with {@code intr}, a signal to the task (a
     * Java interrupt) ends the sleep, which the tests use as the spec's "timed out" (see the README).
     */
    long waitTimeout(int f, boolean intr);

    /** {@code dma_fence_signal(f)} from process context (a driver completing a job itself). */
    int signal(int f);

    /** {@code dma_fence_put(f)} of the last reference. */
    void put(int f);

    /** The hardware passes the next seqno ({@code HwComplete}); called by the scheduler, not by a CPU. */
    void hwComplete();

    /** The completion interrupt line. */
    Irq irq();

    SpinLock fenceLock();

    SpinLock driverLock();

    /** The flag word of fence f in the implementation's bit layout ({@code FenceFlags}). */
    int flags(int f);

    /**
     * fence f's {@code cb_list}, as the spec's callback ids: user callbacks by name, a waiter by its CPU's name
     * ({@code c1, ...}) via {@code cpuOfThread}.
     */
    List<String> cbIds(int f, Function<Thread, Integer> cpuOfThread);

    /** Whether CPU {@code cpu}'s current waiter callback has run (its task was woken); false if none. */
    boolean waiterWoken(int cpu, Function<Thread, Integer> cpuOfThread);

    int error(int f);

    /** The timestamp if TIMESTAMP is set, else 0. */
    long timestamp(int f);

    long hwSeqno();

    boolean irqArmed();

    /** The log of user callback runs. */
    CallbackLog log();
}
