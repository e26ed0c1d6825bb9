package org.fencecheck.props;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.fencecheck.fence.Errno;
import org.fencecheck.props.model.Abs;
import org.fencecheck.props.model.Frame;
import org.fencecheck.props.model.Spec;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.model.SpecState;
import org.fencecheck.props.sched.Move;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Session;
import org.fencecheck.props.sut.Sut;
import org.fencecheck.sim.Sched;
import org.quicktheories.core.stateful.Command;

/**
 * Priority 2: the stateful model-based tests' commands and model. The SUT is a {@link Session} over the
 * implementation, each command run to completion on its CPU (no interleaving inside a command; interleavings are
 * the scheduler tests' job). The model is the Java twin of spec/DmaFence.tla ({@link Spec}): a command's
 * {@code nextState} applies the spec's own actions for that kernel call until the CPU is idle or blocked. The
 * two are compared through the abstract state plus the call's return value.
 *
 * <p>Two commands are outside the spec's {@code Ops} and are modelled by composing the spec's actions:
 * {@code signal} (a driver signalling from process context: the frame of {@code dma_fence_signal()} started at
 * {@code sig_lock}) and {@code put} (the last reference: {@code dma_fence_release()} of a fence with pending
 * callbacks sets {@code -EDEADLK} and signals under the lock; afterwards the fence is gone and further calls on
 * it are skipped on both sides).
 */
public final class SeqModel {

    private SeqModel() {
    }

    /** The model: the twin's state, the last command's return value, the released fences. */
    public record M(SpecState spec, String result, TreeSet<Integer> released) {
        @Override
        public boolean equals(Object o) {
            return o instanceof M m && Abs.of(spec).equals(Abs.of(m.spec)) && Objects.equals(result, m.result)
                    && released.equals(m.released);
        }

        @Override
        public int hashCode() {
            return Abs.of(spec).hashCode();
        }

        @Override
        public String toString() {
            return "result " + result + ", released " + released + "\n" + Abs.of(spec).toTla("      ");
        }
    }

    /** The SUT: a session and what the last command returned. */
    public static final class S implements AutoCloseable {
        final Session session;
        String result = "-";
        final TreeSet<Integer> released = new TreeSet<>();

        S(Sut sut) {
            this.session = new Session(sut, false);
            session.settle();
        }

        M model() {
            return new M(session.abs(), result, new TreeSet<>(released));
        }

        /** Runs CPU c while it can step; returns the result of a call that finished meanwhile, or "-". */
        String runCpu(int c) {
            int before = session.results(c).size();
            while (session.enabled().contains(Move.step(c))) {
                session.perform(Move.step(c));
            }
            List<String> r = session.results(c);
            return r.size() > before ? r.get(r.size() - 1) : "-";
        }

        @Override
        public void close() {
            session.close();
        }
    }

    public static M initial(SpecConfig cfg) {
        return new M(SpecState.init(cfg), "-", new TreeSet<>());
    }

    /** The twin runs CPU c's current context until it is idle, blocked, or asleep without a wake-up. */
    static SpecState runToBlock(Spec spec, SpecState s, int c) {
        for (;;) {
            Frame fm = s.running(c);
            if (s.ctx[c] == SpecState.PROC && fm.pc().equals("idle")) {
                return s;
            }
            if (fm.pc().equals("w_sched") && !s.woken[c]) {
                return s; // asleep: only a wake-up or an explicit timeout moves it
            }
            Spec.Succ x = spec.cpuStep(s, c);
            if (x == null) {
                return s;
            }
            s = x.state();
        }
    }

    static boolean idle(SpecState s, int c) {
        return s.ctx[c] == SpecState.PROC && s.fr[c][SpecState.PROC].pc().equals("idle");
    }

    /** A kernel call by CPU c. */
    public record CallCmd(int cpu, Op op) implements Command<S, M> {

        @Override
        public void run(S sut) {
            if (sut.session.view(cpu) != Session.View.IDLE || sut.released.contains(op.f())) {
                sut.result = "-";
                return;
            }
            int before = sut.session.results(cpu).size();
            sut.session.submit(cpu, op);
            sut.session.settle();
            String r = sut.runCpu(cpu);
            List<String> all = sut.session.results(cpu);
            sut.result = all.size() > before ? all.get(before) : r;
            if (op.op().equals("put") && !"-".equals(sut.result)) {
                sut.released.add(op.f());
            }
        }

        @Override
        public M nextState(M m) {
            SpecState s = m.spec();
            Spec spec = new Spec(s.cfg);
            if (!idle(s, cpu) || m.released().contains(op.f())) {
                return new M(s, "-", m.released());
            }
            TreeSet<Integer> rel = new TreeSet<>(m.released());
            SpecState t;
            switch (op.op()) {
                case "signal" -> {
                    t = s.copy();
                    t.fr[cpu][SpecState.PROC] = Frame.IDLE.withOp("signal").withF(op.f()).withPc("sig_lock")
                            .withSret("idle");
                    t = runToBlock(spec, t, cpu);
                }
                case "put" -> {
                    t = s.copy();
                    rel.add(op.f());
                    if (!s.signaled(op.f()) && !s.cbList.get(op.f()).isEmpty()) {
                        t.error[op.f()] = -Errno.EDEADLK;
                        t.fr[cpu][SpecState.PROC] = Frame.IDLE.withOp("put").withF(op.f()).withPc("sig_lock")
                                .withSret("idle");
                        t = runToBlock(spec, t, cpu);
                    }
                }
                default -> {
                    t = spec.call(s, cpu, op.op(), op.f(), op.cb());
                    if (t == null) {
                        return new M(s, "skipped", rel);
                    }
                    t = runToBlock(spec, t, cpu);
                }
            }
            return new M(t, idle(t, cpu) ? expectedResult(s, t) : "-", rel);
        }

        /** What the call returns, from the spec states before and after it. */
        String expectedResult(SpecState before, SpecState after) {
            int f = op.f();
            switch (op.op()) {
                case "add": return after.cbState.get(op.cb()).equals("added") ? "0" : Integer.toString(-Errno.ENOENT);
                case "remove": return Boolean.toString(after.cbState.get(op.cb()).equals("removed")
                        && !before.cbState.get(op.cb()).equals("removed"));
                case "enable", "seterr", "put": return "void";
                case "issig": return Boolean.toString(after.signaled(f));
                case "status": return after.signaled(f) ? Integer.toString(after.error[f] != 0 ? after.error[f] : 1)
                        : "0";
                case "wait": return Long.toString(Sched.MAX_SCHEDULE_TIMEOUT);
                case "signal": return before.signaled(f) ? Integer.toString(-Errno.EINVAL) : "0";
                default: return "?";
            }
        }

        @Override
        public String toString() {
            return SpecConfig.cpuName(cpu) + ": " + op;
        }
    }

    /** The hardware passes the next seqno. */
    public record HwCmd() implements Command<S, M> {
        @Override
        public void run(S sut) {
            sut.result = "-";
            if (sut.session.enabled().contains(Move.HW)) {
                sut.session.perform(Move.HW);
            }
        }

        @Override
        public M nextState(M m) {
            SpecState t = new Spec(m.spec().cfg).hwComplete(m.spec());
            return new M(t == null ? m.spec() : t, "-", m.released());
        }

        @Override
        public String toString() {
            return "hw: HwComplete";
        }
    }

    /** The raised interrupt is delivered to CPU c, and the handler runs to its end (or blocks). */
    public record IrqCmd(int cpu) implements Command<S, M> {
        @Override
        public void run(S sut) {
            sut.result = "-";
            if (sut.session.enabled().contains(Move.irq(cpu))) {
                sut.session.perform(Move.irq(cpu));
                sut.runCpu(cpu);
            }
        }

        @Override
        public M nextState(M m) {
            SpecState s = m.spec();
            Spec spec = new Spec(s.cfg);
            SpecState t = spec.irqEnter(s, cpu);
            if (t == null) {
                return new M(s, "-", m.released());
            }
            t = runToBlock(spec, t, cpu);
            return new M(t, "-", m.released());
        }

        @Override
        public String toString() {
            return "irq->" + SpecConfig.cpuName(cpu) + ": IrqEnter; drv_irq_handler";
        }
    }

    /** A sleeping waiter on CPU c times out (a signal, see the README) and runs on. */
    public record TimeoutCmd(int cpu) implements Command<S, M> {
        @Override
        public void run(S sut) {
            sut.result = "-";
            if (sut.session.enabled().contains(Move.timeout(cpu))) {
                int before = sut.session.results(cpu).size();
                sut.session.perform(Move.timeout(cpu));
                sut.runCpu(cpu);
                List<String> r = sut.session.results(cpu);
                sut.result = r.size() > before ? r.get(before) : "-";
            }
        }

        @Override
        public M nextState(M m) {
            SpecState s = m.spec();
            if (!s.cfg.waitTimeouts() || !s.fr[cpu][SpecState.PROC].pc().equals("w_sched") || s.woken[cpu]
                    || s.ctx[cpu] != SpecState.PROC) {
                return new M(s, "-", m.released());
            }
            Spec spec = new Spec(s.cfg);
            SpecState t = runToBlock(spec, spec.waitSchedule(s, cpu), cpu);
            return new M(t, idle(t, cpu) ? Integer.toString(-Errno.ERESTARTSYS) : "-", m.released());
        }

        @Override
        public String toString() {
            return "timeout:" + SpecConfig.cpuName(cpu) + ": WaitSchedule (timed out)";
        }
    }

    /** CPU c runs on (a woken waiter finishing its wait). */
    public record ResumeCmd(int cpu) implements Command<S, M> {
        @Override
        public void run(S sut) {
            sut.result = "-";
            if (sut.session.view(cpu) == Session.View.AT_STEP) {
                int before = sut.session.results(cpu).size();
                sut.runCpu(cpu);
                List<String> r = sut.session.results(cpu);
                sut.result = r.size() > before ? r.get(before) : "-";
            }
        }

        @Override
        public M nextState(M m) {
            SpecState s = m.spec();
            if (idle(s, cpu) || s.ctx[cpu] != SpecState.PROC) {
                return new M(s, "-", m.released());
            }
            Frame fm = s.fr[cpu][SpecState.PROC];
            SpecState t = runToBlock(new Spec(s.cfg), s, cpu);
            String r = "-";
            if (idle(t, cpu) && t != s && fm.op().equals("wait")) {
                r = Long.toString(Sched.MAX_SCHEDULE_TIMEOUT);
            }
            return new M(t, r, m.released());
        }

        @Override
        public String toString() {
            return SpecConfig.cpuName(cpu) + ": runs on";
        }
    }

    /**
     * Runs a command list against a fresh SUT and the model, and says where they first disagree (null if
     * nowhere): the commands up to there, as a trace, and the differing variables.
     */
    public static String explain(SpecConfig cfg, java.util.function.Function<SpecConfig, Sut> sutFactory,
                                 List<Command<S, M>> cmds) {
        M model = initial(cfg);
        try (S sut = new S(sutFactory.apply(cfg))) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cmds.size(); i++) {
                Command<S, M> c = cmds.get(i);
                c.run(sut);
                model = c.nextState(model);
                M got = sut.model();
                b.append(String.format("  %2d  %s%s%n", i + 1, c, "-".equals(got.result()) ? ""
                        : "  -> " + got.result()));
                if (!got.equals(model)) {
                    b.append("  after command ").append(i + 1).append(" the implementation and the spec differ:\n");
                    b.append(Abs.of(got.spec()).diffText(Abs.of(model.spec()), "impl", "spec"));
                    if (!Objects.equals(got.result(), model.result())) {
                        b.append("  result: impl = ").append(got.result()).append(", spec = ").append(model.result())
                                .append('\n');
                    }
                    return b.toString();
                }
            }
            return null;
        }
    }

    /** Drops commands while the list still fails (deterministic). */
    public static List<Command<S, M>> minimize(SpecConfig cfg, java.util.function.Function<SpecConfig, Sut> sut,
                                               List<Command<S, M>> cmds) {
        List<Command<S, M>> cur = new ArrayList<>(cmds);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = cur.size() - 1; i >= 0; i--) {
                List<Command<S, M>> cand = new ArrayList<>(cur);
                cand.remove(i);
                if (explain(cfg, sut, cand) != null) {
                    cur = cand;
                    progress = true;
                }
            }
        }
        return cur;
    }
}
