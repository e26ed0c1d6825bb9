package org.fencecheck.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.fencecheck.drivers.AtlasDriver;
import org.fencecheck.drivers.Drivers;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.LockupException;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SelfDeadlockException;

/**
 * The world of one atlas invocation: a fresh {@link Machine} with the Java port of one real driver and its
 * fences. Each Lincheck thread runs as its own simulated CPU; the hardware and the driver's work item are
 * operations too, so the model checker interleaves the driver's signal paths with its op at every access to the
 * driver's state. After the scenario a spare CPU quiesces the driver (pending interrupts, the work item) and the
 * driver's properties are read ({@link AtlasDriver#violations()}).
 */
final class AtlasRig {

    private static final int SPARE_CPU = 7;

    final AtlasConfig config;
    final Machine machine;
    final AtlasDriver driver;
    private final AtomicInteger nextCpu = new AtomicInteger();
    private final ThreadLocal<Cpu> cpu;
    private volatile String lockup;

    AtlasRig(AtlasConfig config) {
        this.config = config;
        this.machine = new Machine("lincheck-atlas");
        // Lockdep's class-level reports are AtlasVerdictTest's; here a CPU that spins on itself is the evidence.
        machine.lockdep().setEnabled(false);
        this.cpu = ThreadLocal.withInitial(() -> machine.cpu(nextCpu.getAndIncrement()));
        this.driver = Drivers.create(config.profile(), machine, config.design(), config.mutation(), config.fences());
    }

    /** Runs one operation on the calling thread's CPU; a lockup is recorded and ends the operation. */
    String call(Supplier<String> body) {
        Cpu c = cpu.get();
        try {
            return c.call(body::get);
        } catch (SelfDeadlockException e) {
            lockup = "NoSelfDeadlock: cpu" + c.id() + " " + e.getMessage();
            return "lockup";
        } catch (LockupException e) {
            lockup = "NoCrossCpuDeadlock: cpu" + c.id() + " " + e.getMessage();
            return "lockup";
        }
    }

    /** dma_fence_enable_sw_signaling() of fence f. */
    String enable(int f) {
        return call(() -> {
            driver.fence(f).enableSwSignaling();
            return "ok";
        });
    }

    /** dma_fence_add_callback() of fence f with a callback that does nothing. */
    String add(int f) {
        return call(() -> Integer.toString(driver.fence(f).addCallback(FenceCallback.named("cb1", x -> { }))));
    }

    /** dma_fence_is_signaled() of fence f. */
    String isSignaled(int f) {
        return call(() -> Boolean.toString(driver.fence(f).isSignaled()));
    }

    /** The hardware passes the next fence; the interrupt, if armed, is taken by this CPU. */
    String hw() {
        return call(() -> Boolean.toString(driver.hwComplete()));
    }

    /** This CPU runs the driver's work item and events. */
    String work() {
        return call(() -> {
            boolean ran = driver.runWork();
            for (String e : driver.events()) {
                ran |= driver.runEvent(e);
            }
            return Boolean.toString(ran);
        });
    }

    /**
     * The driver's properties after the scenario, each named after its spec property; a CPU that died in a
     * lockup leaves no quiet state, so only the driver's mistakes are read then.
     *
     * @throws IllegalStateException listing every violated property, "Name: evidence; ..."
     */
    void checkInvariants() {
        List<String> v = new ArrayList<>();
        Map<String, String> found;
        if (lockup != null) {
            v.add(lockup);
            found = driver.mistakes();
        } else {
            found = machine.cpu(SPARE_CPU).call(() -> {
                driver.quiesce();
                return driver.violations();
            });
        }
        found.forEach((p, e) -> v.add(p + ": " + e));
        if (!v.isEmpty()) {
            throw new IllegalStateException(String.join("; ", v));
        }
    }
}
