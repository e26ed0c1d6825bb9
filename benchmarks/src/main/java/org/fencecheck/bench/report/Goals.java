package org.fencecheck.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the performance goals of docs/performance.md against one result file, so a run says at once whether
 * they hold; each line names the numbers it compared.
 */
final class Goals {

    /** isSignaled on a signaled fence may cost at most this many volatile reads. */
    static final double IS_SIGNALED_MAX_RATIO = 2.0;

    private static final List<String> POLICIES = List.of("LEGACY", "REWORKED");

    private Goals() {
    }

    /**
     * Returns one line per goal and policy (or per benchmark, for the LEGACY/REWORKED goal), skipping goals whose
     * benchmarks are not in the file (a run of a subset).
     *
     * @param results one run's results
     * @return the lines, each starting with {@code met}, {@code NOT met} or {@code ~ within error}
     */
    static List<String> check(List<Result> results) {
        List<String> out = new ArrayList<>();
        Optional<Result> volatileRead = find(results, "VolatileRead.volatileRead", "", Map.of());
        for (String policy : POLICIES) {
            Optional<Result> signaled = find(results, "IsSignaled.signaled", policy, Map.of());
            if (volatileRead.isPresent() && signaled.isPresent()) {
                double ratio = signaled.get().nanos() / volatileRead.get().nanos();
                out.add(verdict(ratio <= IS_SIGNALED_MAX_RATIO) + ": isSignaled(signaled) " + policy + " = "
                        + fmt(ratio) + "x a volatile read (goal <= " + fmt(IS_SIGNALED_MAX_RATIO) + "x)");
            }
        }
        for (String n : List.of("1", "8")) {
            Map<String, String> params = Map.of("callbacks", n);
            Optional<Result> cf = find(results, "AddCallbackSignal.addThenSignal", "COMPLETABLE_FUTURE", params);
            for (String policy : POLICIES) {
                Optional<Result> fence = find(results, "AddCallbackSignal.addThenSignal", policy, params);
                if (cf.isPresent() && fence.isPresent()) {
                    out.add(atMost(fence.get(), cf.get()) + ": addCallback+signal, " + n + " callback(s), " + policy
                            + " = " + fmt(fence.get().nanos() / cf.get().nanos()) + "x CompletableFuture (goal <= 1)");
                }
            }
        }
        for (Result legacy : results) {
            if (!legacy.impl().equals("LEGACY")) {
                continue;
            }
            find(results, legacy.name(), "REWORKED", legacy.params()).ifPresent(reworked -> out.add(
                    atMost(reworked, legacy) + ": REWORKED/LEGACY " + legacy.key() + " = "
                            + fmt(reworked.nanos() / legacy.nanos()) + " (goal <= 1)"));
        }
        return out;
    }

    /** Whether {@code a} is no slower than {@code b}, allowing for the two error bars. */
    private static String atMost(Result a, Result b) {
        if (a.nanos() <= b.nanos()) {
            return verdict(true);
        }
        double slack = a.errorNanos() + b.errorNanos();
        return a.nanos() - b.nanos() <= slack ? "~ within error" : verdict(false);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    static Optional<Result> find(List<Result> results, String name, String impl, Map<String, String> params) {
        for (Result r : results) {
            if (r.name().equals(name) && r.impl().equals(impl) && r.params().equals(params)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
