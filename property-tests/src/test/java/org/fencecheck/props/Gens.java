package org.fencecheck.props;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators for runs: per CPU a program of kernel calls (at most MaxCalls in all, as the spec's
 * {@code Call} allows) and a list of scheduling choices. Everything is drawn as small integers and mapped, so
 * QuickTheories' integrated shrinking makes calls simpler (lower op index = simpler op), programs shorter and
 * schedules closer to "first enabled move".
 */
public final class Gens {

    /** The ops from simplest to most involved; shrinking moves towards the front. */
    public static final List<String> OP_ORDER = List.of("issig", "status", "enable", "add", "remove", "seterr",
            "wait", "reinit");

    /** The largest choice value drawn (a choice picks {@code enabled.get(v % enabled.size())}). */
    public static final int MAX_CHOICE = 11;

    private Gens() {
    }

    /** The seed: {@code -Dfencecheck.seed}, else the CI seed. */
    public static long seed() {
        return Long.getLong("fencecheck.seed", 20261125L);
    }

    /** {@code -Dfencecheck.examples} if set (a campaign), else the CI count given. */
    public static int examples(int ciDefault) {
        int e = Integer.getInteger("fencecheck.examples", 0);
        return e > 0 ? e : ciDefault;
    }

    /** One drawn call: CPU, op index, fence, callback index. */
    record RawCall(int cpu, int op, int f, int cb) {
    }

    static Gen<RawCall> rawCall(SpecConfig cfg) {
        return integers().between(0, cfg.cpus() - 1).zip(integers().between(0, OP_ORDER.size() - 1),
                integers().between(1, cfg.numFences()), integers().between(0, Math.max(0, cfg.cbs().size() - 1)),
                RawCall::new);
    }

    /** Scenarios for {@code cfg}: up to MaxCalls calls, up to {@code maxChoices} choices. */
    public static Gen<Runner.Scenario> scenarios(SpecConfig cfg, int maxChoices) {
        Gen<List<RawCall>> calls = lists().of(rawCall(cfg)).ofSizeBetween(1, Math.max(1, cfg.maxCalls()));
        Gen<List<Integer>> choices = lists().of(integers().between(0, MAX_CHOICE)).ofSizeBetween(0, maxChoices);
        Gen<List<Integer>> hwAt = lists().of(integers().between(0, maxChoices / 3)).ofSizeBetween(0,
                cfg.numFences());
        Gen<List<Integer>> irqAt = lists().of(integers().between(0, maxChoices / 3).zip(
                integers().between(0, cfg.cpus() - 1), (k, c) -> 8 * k + c)).ofSizeBetween(0, cfg.numFences());
        return calls.zip(choices, hwAt, irqAt, (cs, ch, hw, q) -> toScenario(cfg, cs, ch, hw, q))
                .describedAs(Runner.Scenario::toString);
    }

    /** Scenarios with the default choice-list bound (enough for the runs of the gate's bounds). */
    public static Gen<Runner.Scenario> scenarios(SpecConfig cfg) {
        return scenarios(cfg, 90);
    }

    /**
     * Maps drawn calls to a program. Ops the configuration does not allow become {@code issig}; an add takes a
     * callback not yet added by an earlier call; a remove takes the callback and fence of an earlier add (so
     * that the spec's guard can hold), if there is one.
     */
    static Runner.Scenario toScenario(SpecConfig cfg, List<RawCall> raw, List<Integer> choices,
                                      List<Integer> hwAt, List<Integer> irqAt) {
        List<List<Op>> progs = new ArrayList<>();
        for (int c = 0; c < cfg.cpus(); c++) {
            progs.add(new ArrayList<>());
        }
        List<Op> adds = new ArrayList<>();
        List<String> unused = new ArrayList<>(cfg.cbs());
        List<String> allowed = new ArrayList<>();
        for (String o : OP_ORDER) {
            if (cfg.ops().contains(o)) {
                allowed.add(o);
            }
        }
        for (RawCall r : raw) {
            String op = allowed.get(r.op() % allowed.size());
            Op o;
            switch (op) {
                case "add" -> {
                    if (unused.isEmpty()) {
                        o = new Op("add", r.f(), cfg.cbs().get(r.cb() % cfg.cbs().size()));
                    } else {
                        String cb = unused.remove(r.cb() % unused.size());
                        o = new Op("add", r.f(), cb);
                    }
                    adds.add(o);
                }
                case "remove" -> {
                    if (adds.isEmpty()) {
                        o = new Op("remove", r.f(), cfg.cbs().get(r.cb() % cfg.cbs().size()));
                    } else {
                        Op a = adds.get(r.cb() % adds.size());
                        o = new Op("remove", a.f(), a.cb());
                    }
                }
                default -> o = new Op(op, r.f(), "none");
            }
            progs.get(r.cpu()).add(o);
        }
        return new Runner.Scenario(cfg, progs, choices, hwAt, irqAt);
    }
}
