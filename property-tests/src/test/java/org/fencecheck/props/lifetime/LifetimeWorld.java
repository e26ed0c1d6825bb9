package org.fencecheck.props.lifetime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.fencecheck.driver.DriverModule;
import org.fencecheck.driver.LockPlace;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.lockdep.ModuleReport;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.Step;

/**
 * The system under test of the lifetime properties: a {@link DriverModule} with its fences on a fresh
 * {@link Machine}, and four actors, each a real thread running as its own simulated CPU: two CPUs holding a
 * reference to every fence, the driver's interrupt handler (retires) and the module's exit path (unload).
 *
 * <p>A baton scheduler, like the property tests' {@code sched.Session} but for these four actors only: an actor
 * runs until impl announces its next step and then parks; the test's thread grants one step at a time, so between
 * two commands every actor is parked at a step or idle and the state is a consistent cut, where the invariants of
 * DmaFenceLifetimeProps.tla are evaluated. A CPU parked at a contended {@code fence->lock} is offered again only
 * once the lock is free. The trace records each command and each step as it takes effect.
 */
final class LifetimeWorld implements AutoCloseable {

    /*
     * Overview. Baton protocol: the granted actor's thread runs while the scheduler waits on `back`; the actor
     * releases `back` either from the step listener (having set parkedAt, then it acquires its own `go`) or when
     * its call ends. Everything an actor writes before releasing `back` is visible to the scheduler after its
     * acquire (semaphore release/acquire is a happens-before edge), and vice versa for `go`, so the plain fields
     * below need no further ordering: only one of the threads runs at a time.
     */

    static final List<String> ACTORS = List.of("c1", "c2", "irq", "exit");
    private static final long BATON_TIMEOUT_SECONDS = 10;
    private static final int DRAIN_LIMIT = 20_000;

    /** The invariants evaluated at every cut (DmaFenceLifetimeProps.tla names). */
    static final List<String> INVARIANTS = List.of("TypeOK", "NoCodeAfterUnload", "NoNullOpsCall",
            "QueriesAnswerAfterUnload", "OpsDetachedOnSignal");

    private final class Actor {
        final String name;
        final Cpu cpu;
        final Semaphore go = new Semaphore(0);
        final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        final Thread thread;
        /** Scheduler's view: a call is in progress. */
        boolean busy;
        /** The step the actor is parked at, or null while running or idle. */
        Step parkedAt;
        /** What the last call returned or threw. */
        String outcome;

        Actor(String name, int cpuId) {
            this.name = name;
            this.cpu = machine.cpu(cpuId);
            this.thread = new Thread(this::loop, "lifetime-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            current.set(this);
            for (;;) {
                Runnable job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    cpu.run(job);
                } catch (OopsException e) {
                    outcome = "oops: " + e.getMessage();
                } catch (RuntimeException | Error e) {
                    outcome = "FAILED: " + e;
                    failure = failure == null ? name + ": " + e : failure;
                }
                parkedAt = null;
                busy = false;
                back.release();
            }
        }

        /** Called from the step listener on this actor's thread. */
        void park(Step st) {
            parkedAt = st;
            back.release();
            go.acquireUninterruptibly();
        }
    }

    private final ThreadLocal<Actor> current = new ThreadLocal<>();

    final Machine machine = new Machine("lifetime");
    final DriverModule module;
    final List<DmaFence> fences = new ArrayList<>();
    private final boolean[][] holds;
    private final Map<String, Actor> actors = new LinkedHashMap<>();
    private final Semaphore back = new Semaphore(0);
    private final List<String> trace = new ArrayList<>();
    private final Set<String> everViolated = new TreeSet<>();
    private volatile String failure;
    private boolean unloadStarted;
    /** Numbers the callbacks the CPUs add, so that each is a distinct list node. */
    private int callbacks;

    LifetimeWorld(LockingPolicy policy, OpsLifetime lifetime, DriverModule.Ops ops, Mutation mutation,
                  LockPlace lockPlace, int numFences) {
        machine.lockdep().setEnabled(false);
        module = new DriverModule(machine, "lifetime-drv", policy, lifetime, ops, mutation, lockPlace);
        holds = new boolean[2][numFences + 1];
        machine.cpu(9).run(() -> {
            for (int i = 0; i < numFences; i++) {
                DmaFence f = module.emit();
                fences.add(f);
                for (int c = 0; c < 2; c++) {
                    f.get();
                    holds[c][i + 1] = true;
                }
            }
        });
        for (int i = 0; i < ACTORS.size(); i++) {
            actors.put(ACTORS.get(i), new Actor(ACTORS.get(i), i));
        }
        machine.setStepListener(st -> {
            Actor a = current.get();
            if (a != null) {
                a.park(st);
            }
        });
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    /** Runs one command, records it and its steps, and evaluates the invariants at the cut after it. */
    void apply(LifetimeCommand cmd) {
        trace.add(cmd.toString());
        if (cmd instanceof LifetimeCommand.Call c) {
            startCall(c);
        } else if (cmd instanceof LifetimeCommand.Retire r) {
            startRetire(r.f());
        } else if (cmd instanceof LifetimeCommand.Unload) {
            startUnload();
        } else if (cmd instanceof LifetimeCommand.Hw) {
            module.hwComplete();
        } else if (cmd instanceof LifetimeCommand.Run r) {
            for (int i = 0; i < r.steps() && grant(actors.get(r.actor())); i++) {
                evaluate();
            }
        }
        evaluate();
    }

    private void startCall(LifetimeCommand.Call c) {
        Actor a = actors.get(ACTORS.get(c.cpu()));
        if (a.busy || c.f() > fences.size() || !holds[c.cpu()][c.f()]) {
            trace.add("    (" + a.name + (a.busy ? " is in a call" : " holds no reference to f" + c.f()) + ")");
            return;
        }
        DmaFence f = fences.get(c.f() - 1);
        if (c.op() == LifetimeCommand.CpuOp.PUT) {
            holds[c.cpu()][c.f()] = false;
        }
        start(a, () -> a.outcome = switch (c.op()) {
            case ISSIG -> Boolean.toString(f.isSignaled());
            case ENABLE -> {
                f.enableSwSignaling();
                yield "ok";
            }
            case NAME -> f.driverName();
            case TIMELINE -> f.timelineName();
            case STATUS -> Integer.toString(f.getStatus());
            case ADD -> Integer.toString(f.addCallback(FenceCallback.named(a.name + ".cb" + (++callbacks),
                    x -> { })));
            case PUT -> {
                f.put();
                yield "ok";
            }
        });
    }

    private void startRetire(int fence) {
        Actor a = actors.get("irq");
        DriverModule.State s = module.state();
        if (a.busy || fence > fences.size() || s == DriverModule.State.GRACE || s == DriverModule.State.UNLOADED) {
            trace.add("    (" + (a.busy ? "irq is in a call" : "no such fence or module gone") + ")");
            return;
        }
        DmaFence f = fences.get(fence - 1);
        start(a, () -> a.outcome = Boolean.toString(module.retire(f)));
    }

    private void startUnload() {
        Actor a = actors.get("exit");
        if (unloadStarted) {
            trace.add("    (unload already started)");
            return;
        }
        unloadStarted = true;
        start(a, () -> {
            module.unload();
            a.outcome = "unloaded";
        });
    }

    private void start(Actor a, Runnable job) {
        a.busy = true;
        a.outcome = null;
        a.jobs.add(job);
        await(a);
    }

    private boolean enabled(Actor a) {
        if (!a.busy || a.parkedAt == null) {
            return false;
        }
        return a.parkedAt.action() != Action.LOCK_CONTENDED || fences.isEmpty()
                || !fences.get(0).lock().isLocked();
    }

    /** Lets {@code a} take the step it is parked at and run to its next one; false if it cannot move. */
    private boolean grant(Actor a) {
        if (!enabled(a)) {
            return false;
        }
        Step st = a.parkedAt;
        trace.add("    " + a.name + " " + st.fn() + ": " + st.act() + (st.fence() == Step.NO_FENCE ? ""
                : " [f" + st.fence() + "]"));
        a.parkedAt = null;
        a.go.release();
        await(a);
        if (!a.busy) {
            trace.add("    " + a.name + " returns " + a.outcome);
        }
        return true;
    }

    private void await(Actor a) {
        try {
            if (!back.tryAcquire(BATON_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(a.name + " blocked outside a step\n" + trace());
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * At the end of a run: every actor finishes its call, the CPUs first (the exit path may be waiting for
     * them); a run that cannot finish within the limit is stuck (the spec's UnloadCompletes).
     */
    void drain() {
        trace.add("(drain)");
        for (int n = 0; n < DRAIN_LIMIT; n++) {
            boolean moved = false;
            for (Actor a : actors.values()) {
                if (grant(a)) {
                    moved = true;
                    evaluate();
                    break;
                }
            }
            if (!moved) {
                break;
            }
        }
        for (Actor a : actors.values()) {
            if (a.busy) {
                everViolated.add("UnloadCompletes");
                trace.add("    " + a.name + " stuck at " + a.parkedAt);
            }
        }
    }

    // ---- the invariants ------------------------------------------------------------------------------------------

    /** The invariants of DmaFenceLifetimeProps.tla at the current cut; violations are remembered. */
    private void evaluate() {
        // TypeOK's RCU part (each CPU's nesting is a natural number): impl warns on an unbalanced unlock.
        for (org.fencecheck.sim.Warning w : machine.warnings()) {
            if (w.message().startsWith(org.fencecheck.sim.Rcu.BAD_UNLOCK_BALANCE)) {
                violate("TypeOK", w.toString());
            }
        }
        List<ModuleReport> reports = machine.moduleValidator().reports();
        for (ModuleReport r : reports) {
            if (r.kind() == ModuleReport.Kind.NULL_OPS_CALL) {
                violate("NoNullOpsCall", r.toString());
            } else {
                violate("NoCodeAfterUnload", r.toString());
                if (r.signaled() && QUERY_OPS.contains(r.op())) {
                    violate("QueriesAnswerAfterUnload", r.toString());
                }
            }
        }
        for (DmaFence f : fences) {
            if (f.testSignaledFlag() && f.ops() != null) {
                violate("OpsDetachedOnSignal", "fence " + f.seqno() + " is signaled and still points into "
                        + module.name());
            }
        }
    }

    /** The ops behind the queries a signaled fence can answer alone (the spec's lostAnswers). */
    private static final Set<String> QUERY_OPS = Set.of("signaled", "get_driver_name", "get_timeline_name");

    private void violate(String property, String why) {
        if (everViolated.add(property)) {
            trace.add("    ** " + property + " violated: " + why);
        }
    }

    /** The properties violated at some cut of the run so far. */
    Set<String> violated() {
        return everViolated;
    }

    /** A failure that is not a property verdict (an unexpected exception on an actor). */
    String failure() {
        return failure;
    }

    String trace() {
        return String.join("\n", trace);
    }

    @Override
    public void close() {
        machine.setStepListener(org.fencecheck.sim.StepListener.NONE);
        for (Actor a : actors.values()) {
            a.thread.interrupt();
            a.go.release(1000);
        }
    }
}
