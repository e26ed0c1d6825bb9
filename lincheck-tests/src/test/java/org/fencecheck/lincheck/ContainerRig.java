package org.fencecheck.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.fencecheck.containers.ContainerMutation;
import org.fencecheck.containers.DmaFenceArray;
import org.fencecheck.containers.DmaFenceChain;
import org.fencecheck.containers.InlineLock;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.DmaFenceOps;
import org.fencecheck.fence.FenceCallback;
import org.fencecheck.fence.FenceContext;
import org.fencecheck.fence.FenceFlags;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.Warning;

/**
 * The world of one container invocation: a fresh {@link Machine}, two member fences (the selftests' mock fences
 * of st-dma-fence-chain.c: no {@code ->enable_signaling}, no {@code ->signaled}, their own inline lock, a release
 * counter), and the container of {@code kind} over them, built as {@code mock_array()} and
 * {@code mock_chain()} build theirs (the container takes its own reference to each member; the rig keeps one).
 *
 * <p>CPUs: each Lincheck thread runs its calls as its own simulated CPU, as in {@link Rig}. A member's signal is
 * its hardware interrupt's {@code dma_fence_signal()}: the member's callbacks run on the signalling CPU under the
 * member's lock with IRQs off; the container's callback ({@code dma_fence_array_cb_func()},
 * {@code dma_fence_chain_cb()}) queues the container's irq_work on that CPU, and the irq_work
 * ({@code irq_dma_fence_array_work()}, {@code dma_fence_chain_irq_work()}) runs when the member's
 * {@code spin_unlock_irqrestore()} turns IRQs back on, still inside the signalling call (impl's {@code IrqWork}
 * is an interrupt of the queueing CPU). So every queued irq_work has run when every call has returned, and a
 * signal cannot be lost to a work item nobody runs; the model checker still switches threads inside the
 * irq_work, between the member's signal and the container's.
 *
 * <p>The invariants ({@link #checkInvariants}) are read twice: when the scenario's calls have returned, and after a
 * spare CPU has signalled every member, polled the container and dropped every reference (the eventual
 * properties, and the references that only balance once everything is released).
 */
final class ContainerRig {

    /** The container's seqno (a chain's later link); the members are seqno 0, the chain's first link 1. */
    static final long SEQNO = 7;
    /** User callbacks 1 and 2. */
    static final int MAX_CBS = 3;
    private static final int SETUP_CPU = 6;
    private static final int SPARE_CPU = 7;

    final ContainerConfig.Kind kind;
    final LockingPolicy policy;
    final ContainerMutation mutation;
    final Machine machine;
    private final DmaFence[] members = new DmaFence[2];
    private final MemberOps[] memberOps = new MemberOps[2];
    /** The container's fence: the array's base, or the chain's later link. */
    final DmaFence container;
    private final DmaFence firstLink;
    private final BooleanSupplier freed;
    private final FenceCallback[] callbacks = new FenceCallback[MAX_CBS];
    private final AtomicIntegerArray claimed = new AtomicIntegerArray(MAX_CBS);
    private final AtomicIntegerArray addedOk = new AtomicIntegerArray(MAX_CBS);
    private final AtomicIntegerArray runs = new AtomicIntegerArray(MAX_CBS);
    /** The signallers that won the container's SIGNALED bit. */
    private final AtomicInteger wins = new AtomicInteger();
    private final AtomicInteger nextCpu = new AtomicInteger();
    private final ThreadLocal<Cpu> cpu;
    private volatile String violation;
    private List<String> verdict;

    /** The mock fence's ops: names and a counting release. */
    private static final class MemberOps implements DmaFenceOps {
        final AtomicInteger released = new AtomicInteger();

        @Override
        public String getDriverName(DmaFence fence) {
            return "mock";
        }

        @Override
        public String getTimelineName(DmaFence fence) {
            return "mock";
        }

        @Override
        public void release(DmaFence fence) {
            released.incrementAndGet();
        }
    }

    ContainerRig(ContainerConfig.Kind kind, LockingPolicy policy, ContainerMutation mutation) {
        this.kind = kind;
        this.policy = policy;
        this.mutation = mutation;
        this.machine = new Machine("lincheck-containers");
        // Lockdep's class-level reports are ContainerLockdepTest's; here the results and the invariants are.
        machine.lockdep().setEnabled(false);
        this.cpu = ThreadLocal.withInitial(() -> machine.cpu(nextCpu.getAndIncrement()));
        for (int i = 1; i < MAX_CBS; i++) {
            int id = i;
            callbacks[i] = FenceCallback.named("cb" + i, f -> ran(id));
        }
        DmaFence[] built = machine.cpu(SETUP_CPU).call(() -> {
            for (int i = 0; i < 2; i++) {
                memberOps[i] = new MemberOps();
                members[i] = DmaFence.init(memberOps[i], InlineLock.create(machine, "member" + i + "->lock"),
                        new FenceContext(0, policy), 0);
            }
            if (kind == ContainerConfig.Kind.CHAIN) {
                DmaFenceChain first = DmaFenceChain.init(null, members[0].get(), 1, policy,
                        mutation);
                DmaFenceChain last = DmaFenceChain.init(first.base().get(), members[1].get(), SEQNO,
                        policy, mutation);
                return new DmaFence[] {last.base(), first.base()};
            }
            DmaFenceArray array = DmaFenceArray.create(new DmaFence[] {members[0].get(), members[1].get()},
                    FenceContext.alloc(policy), SEQNO, kind == ContainerConfig.Kind.ARRAY_ANY,
                    mutation);
            return new DmaFence[] {array.base(), null};
        });
        this.container = built[0];
        this.firstLink = built[1];
        DmaFenceArray array = DmaFenceArray.of(container);
        DmaFenceChain last = DmaFenceChain.of(container);
        DmaFenceChain first = DmaFenceChain.of(firstLink);
        this.freed = array != null ? array::isFreed : () -> last.isFreed() && first.isFreed();
        machine.setStepListener(step -> {
            if (step.fence() == SEQNO && step.action() == Action.SIGNAL_TEST_AND_SET
                    && !step.act().endsWith("already set")) {
                wins.incrementAndGet();
                if (!allowed()) {
                    note("ContainerSignaledOnlyWhenAllowed: the container won SIGNALED with " + members());
                }
            }
        });
    }

    /** Whether the members allow the container to signal now. */
    boolean allowed() {
        return kind.allows(members[0].testSignaledFlag(), members[1].testSignaledFlag());
    }

    private String members() {
        return "member0 " + (members[0].testSignaledFlag() ? "signalled" : "unsignalled") + ", member1 "
                + (members[1].testSignaledFlag() ? "signalled" : "unsignalled");
    }

    private void note(String v) {
        if (violation == null) {
            violation = v;
        }
    }

    /** A user callback's func: count it, and check the container is signalled and allowed to be. */
    private void ran(int id) {
        runs.incrementAndGet(id);
        if (!container.testSignaledFlag()) {
            note("CallbackOnlyAfterSignaled: cb" + id + " ran while the container's SIGNALED was clear");
        } else if (!allowed()) {
            note("ContainerSignaledOnlyWhenAllowed: cb" + id + " ran with " + members());
        }
    }

    /** Runs one call on the calling thread's CPU. */
    String call(Supplier<String> body) {
        return cpu.get().call(body::get);
    }

    /** The member's hardware interrupt: {@code dma_fence_signal()} of member {@code i}. */
    String signal(int i) {
        return call(() -> Rig.errno(members[i].signal()));
    }

    /** {@code dma_fence_add_callback()} of user callback {@code id} on the container, each id added at most once. */
    String add(int id) {
        return call(() -> {
            if (!claimed.compareAndSet(id, 0, 1)) {
                return "reused";
            }
            int ret = container.addCallback(callbacks[id]);
            if (ret == 0) {
                addedOk.set(id, 1);
            }
            return Rig.errno(ret);
        });
    }

    /** {@code dma_fence_is_signaled()} on the container. */
    String isSignaled() {
        return call(() -> Boolean.toString(container.isSignaled()));
    }

    /** {@code dma_fence_wait_timeout(container, false, 0)}: a poll that enables signalling; 1 signalled, 0 not. */
    String waitTimeout0() {
        return call(() -> Long.toString(container.waitTimeout(false, 0)));
    }

    /** {@code dma_fence_get_status()} on the container. */
    String getStatus() {
        return call(() -> Rig.errno(container.getStatus()));
    }

    /**
     * The container's properties, each named after the spec property of spec/DmaFenceContainersProps.tla (or of
     * spec/DmaFenceProps.tla for the core's) that it states. First the state every call left: the container won
     * SIGNALED at most once (TimestampOnlyAtSignal: the core's property, for the container) and only with its members
     * allowing it (ContainerSignaledOnlyWhenAllowed, checked at the win and in each callback); a callback ran at
     * most once (CallbackAtMostOnce) and only after SIGNALED; a signalled container ran every callback added with 0
     * and has none left linked; and the safety part of ContainerCallbacksRun: once signalling was enabled
     * (add_callback or a wait) and the members allow it, the container is signalled when the calls have returned,
     * since each queued irq_work runs inside the member's signal. Then, on a spare CPU, every member is
     * signalled: a poll sees the container signalled (PollerSeesSignal), every callback added with 0 has run
     * exactly once (ContainerCallbacksRun), the callbacks' references to the container are back (only the
     * creator's is left), and once the creator's references are dropped the container and each member are
     * released exactly once (MemberRefsBalance), with no kernel warning and no use after free (NoUseAfterFree).
     *
     * @throws IllegalStateException listing every violated property, "Name: detail; ..."
     */
    void checkInvariants() {
        if (verdict == null) {
            verdict = computeVerdict();
        }
        if (!verdict.isEmpty()) {
            throw new IllegalStateException(String.join("; ", verdict));
        }
    }

    private List<String> computeVerdict() {
        List<String> v = new ArrayList<>();
        afterCalls(v, "after the calls");
        boolean enabled = FenceFlags.test(container.flags(), FenceFlags.ENABLE_SIGNAL_BIT);
        if (enabled && allowed() && !container.testSignaledFlag()) {
            v.add("ContainerCallbacksRun: signalling was enabled and " + members() + " allow the container, yet it"
                    + " is unsignalled after every call returned, with " + container.state().callbackNames()
                    + " linked");
        }
        for (int i = 0; i < nextCpu.get(); i++) {
            if (machine.cpu(i).deadOf() != null) {
                v.add("cpu" + i + " died: " + machine.cpu(i).deadOf().getMessage());
            }
        }
        if (!v.isEmpty()) {
            return v; // a broken state: what follows would only repeat it
        }
        try {
            machine.cpu(SPARE_CPU).run(() -> {
                for (DmaFence m : members) {
                    if (!m.testSignaledFlag()) {
                        m.signal();
                    }
                }
                if (!container.isSignaled()) {
                    v.add("PollerSeesSignal: every member signalled, dma_fence_is_signaled() on the container"
                            + " still answers false");
                }
            });
            afterCalls(v, "after every member signalled");
            for (int i = 1; i < MAX_CBS; i++) {
                if (addedOk.get(i) == 1 && runs.get(i) != 1) {
                    v.add("ContainerCallbacksRun: cb" + i + " was added (0) and ran " + runs.get(i)
                            + " times after every member signalled");
                }
            }
            int refs = container.refcount();
            if (refs != 1) {
                v.add("MemberRefsBalance (the container's own): every member signalled, the container holds "
                        + refs + " references where only its creator's is left");
            }
            machine.cpu(SPARE_CPU).run(() -> {
                for (DmaFence m : members) {
                    m.put();
                }
                container.put();
                if (firstLink != null) {
                    firstLink.put();
                }
            });
            for (int i = 0; i < 2; i++) {
                int released = memberOps[i].released.get();
                if (released != 1) {
                    v.add("MemberRefsBalance: member" + i + " was released " + released + " times once every"
                            + " reference was dropped");
                }
            }
            if (!freed.getAsBoolean()) {
                v.add("MemberRefsBalance: the container was not released once every reference was dropped");
            }
        } catch (OopsException e) {
            v.add("NoUseAfterFree: " + e.getMessage());
        }
        for (Warning w : machine.warnings()) {
            v.add("kernel warning: " + w);
        }
        return v;
    }

    private void afterCalls(List<String> v, String when) {
        if (violation != null) {
            v.add(violation);
            violation = null;
        }
        if (wins.get() > 1) {
            v.add("TimestampOnlyAtSignal: the container won SIGNALED " + wins.get()
                    + " times");
        }
        boolean signaled = container.testSignaledFlag();
        for (int i = 1; i < MAX_CBS; i++) {
            if (runs.get(i) > 1) {
                v.add("CallbackAtMostOnce: cb" + i + " ran " + runs.get(i) + " times " + when);
            } else if (runs.get(i) == 1 && addedOk.get(i) == 0) {
                v.add("ContainerCallbacksRun: cb" + i + " ran although add_callback did not return 0");
            } else if (signaled && addedOk.get(i) == 1 && runs.get(i) == 0) {
                v.add("ContainerCallbacksRun: the container is signalled " + when + " and cb" + i
                        + ", added with 0, never ran");
            }
        }
        List<String> linked = container.state().callbackNames();
        if (signaled && !linked.isEmpty()) {
            v.add("CbListEmptyAfterSignal: the container is signalled " + when + " with " + linked + " linked");
        }
    }
}
