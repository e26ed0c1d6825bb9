package org.fencecheck.bench.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One score of a JMH result file: a benchmark's primary metric, or one thread's side of a group benchmark (a
 * secondary metric in the same unit, named {@code group:method}).
 *
 * @param name   the benchmark without package and without the {@code Benchmark} suffix of its class, e.g.
 *               {@code IsSignaled.signaled} or {@code SignalRace.race:add}
 * @param impl   the {@code impl} parameter, or {@code ""} for a benchmark without one
 * @param params the other parameters, sorted by name
 * @param score  the score in {@code unit}
 * @param error  the 99.9% half-width JMH reports, in {@code unit} (NaN with too few iterations)
 * @param unit   JMH's unit, e.g. {@code ns/op}
 */
public record Result(String name, String impl, Map<String, String> params, double score, double error, String unit) {

    /** Copies the parameters into a sorted, unmodifiable map. */
    public Result {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The benchmark and its non-impl parameters: results with equal keys differ only by implementation. */
    public String key() {
        return params.isEmpty() ? name : name + " " + paramsText();
    }

    /** The benchmark and all parameters: the identity of a result across two runs. */
    public String fullKey() {
        return key() + " " + impl;
    }

    /** The non-impl parameters as {@code a=1 b=2}. */
    public String paramsText() {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** The score in ns/op, or NaN if the unit is not time per operation (a throughput run, say). */
    public double nanos() {
        return score * nanosPer(unit);
    }

    /** The error in ns/op, or NaN as {@link #nanos()}. */
    public double errorNanos() {
        return error * nanosPer(unit);
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> Double.NaN;
        };
    }
}
