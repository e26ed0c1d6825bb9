package org.fencecheck.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON JMH writes with {@code -rf json}: an array with one object per benchmark and parameter set,
 * holding {@code benchmark}, {@code params}, {@code primaryMetric} and {@code secondaryMetrics}.
 */
public final class ResultFile {

    private static final String PACKAGE = "org.fencecheck.bench.";

    private ResultFile() {
    }

    /**
     * Reads a result file.
     *
     * @param file the JSON file
     * @return its results in file order, each group benchmark followed by its per-thread sides
     * @throws IOException if the file cannot be read
     */
    public static List<Result> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(JsonParser.parseReader(in).getAsJsonArray());
        }
    }

    static List<Result> parse(JsonArray runs) {
        List<Result> out = new ArrayList<>();
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            String name = shortName(run.get("benchmark").getAsString());
            Map<String, String> params = new LinkedHashMap<>();
            if (run.has("params")) {
                run.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            String impl = params.containsKey("impl") ? params.remove("impl") : "";
            JsonObject primary = run.getAsJsonObject("primaryMetric");
            String unit = primary.get("scoreUnit").getAsString();
            out.add(metric(name, impl, params, primary));
            if (run.has("secondaryMetrics")) {
                // Group benchmarks report each method here; profilers (-prof gc) add metrics in other units,
                // which are not scores of the benchmark and are skipped.
                for (Map.Entry<String, JsonElement> s : run.getAsJsonObject("secondaryMetrics").entrySet()) {
                    JsonObject m = s.getValue().getAsJsonObject();
                    if (unit.equals(m.get("scoreUnit").getAsString())) {
                        out.add(metric(name + ":" + s.getKey(), impl, params, m));
                    }
                }
            }
        }
        return out;
    }

    private static Result metric(String name, String impl, Map<String, String> params, JsonObject m) {
        return new Result(name, impl, params, number(m.get("score")), number(m.get("scoreError")),
                m.get("scoreUnit").getAsString());
    }

    /** JMH writes "NaN" as a string when an error cannot be computed (a single iteration). */
    private static double number(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : Double.parseDouble(e.getAsString());
    }

    /** {@code org.fencecheck.bench.IsSignaledBenchmark.signaled} becomes {@code IsSignaled.signaled}. */
    static String shortName(String benchmark) {
        String s = benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
        return s.replace("Benchmark.", ".");
    }
}
