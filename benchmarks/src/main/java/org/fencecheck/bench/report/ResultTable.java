package org.fencecheck.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a JMH JSON result as a table: benchmark, parameters, implementation, ns/op with JMH's error, and the
 * ratio to CompletableFuture and to the naive fence of the same benchmark and parameters in the same run (the
 * only fair comparison: same JVM, same machine load); then the goals of docs/performance.md. Given two files,
 * also prints the change of every result from the first run to the second.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.fencecheck.bench.report.ResultTable [old.json] new.json</pre>
 */
public final class ResultTable {

    private static final String CF = "COMPLETABLE_FUTURE";
    private static final String NAIVE = "NAIVE";

    private ResultTable() {
    }

    /**
     * Prints the table of the last file and, given two, the change from the first.
     *
     * @param args one or two JMH JSON result files
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ResultTable [old.json] new.json");
            System.exit(2);
        }
        Path newer = Path.of(args[args.length - 1]);
        List<Result> results = ResultFile.read(newer);
        printTable(System.out, newer.toString(), results);
        if (args.length == 2) {
            System.out.println();
            printChange(System.out, args[0], ResultFile.read(Path.of(args[0])), newer.toString(), results);
        }
    }

    static void printTable(PrintStream out, String title, List<Result> results) {
        out.println("JMH results: " + title);
        out.println("(ns/op, lower is better; error is JMH's 99.9% half-width; /CF and /naive divide this row by"
                + " CompletableFuture's and NaiveFence's row of the same benchmark and params)");
        out.println();
        String fmt = "%-32s %-13s %-18s %12s %10s %7s %7s%n";
        out.printf(Locale.ROOT, fmt, "benchmark", "params", "impl", "ns/op", "error", "/CF", "/naive");
        Map<String, Map<String, Result>> byKey = byKey(results);
        for (Result r : results) {
            Map<String, Result> peers = byKey.get(r.key());
            out.printf(Locale.ROOT, fmt, r.name(), r.paramsText(), r.impl(), score(r), ns(r.errorNanos()),
                    ratio(r, peers.get(CF)), ratio(r, peers.get(NAIVE)));
        }
        List<String> goals = Goals.check(results);
        if (!goals.isEmpty()) {
            out.println();
            out.println("Goals (docs/performance.md):");
            goals.forEach(g -> out.println("  " + g));
        }
    }

    static void printChange(PrintStream out, String oldTitle, List<Result> older, String newTitle,
            List<Result> newer) {
        out.println("Change: " + oldTitle + " -> " + newTitle);
        out.println("(+ is slower; \"~\" marks a change smaller than the two runs' error bars together)");
        out.println();
        String fmt = "%-32s %-13s %-18s %12s %12s %9s %s%n";
        out.printf(Locale.ROOT, fmt, "benchmark", "params", "impl", "old ns/op", "new ns/op", "change", "");
        Map<String, Result> old = new LinkedHashMap<>();
        older.forEach(r -> old.put(r.fullKey(), r));
        for (Result r : newer) {
            Result o = old.remove(r.fullKey());
            if (o == null) {
                out.printf(Locale.ROOT, fmt, r.name(), r.paramsText(), r.impl(), "-", score(r), "new", "");
                continue;
            }
            double change = (r.nanos() - o.nanos()) / o.nanos() * 100;
            boolean noise = Math.abs(r.nanos() - o.nanos()) <= r.errorNanos() + o.errorNanos();
            out.printf(Locale.ROOT, fmt, r.name(), r.paramsText(), r.impl(), score(o), score(r),
                    String.format(Locale.ROOT, "%+.1f%%", change), noise ? "~" : "");
        }
        old.values().forEach(o -> out.printf(Locale.ROOT, fmt, o.name(), o.paramsText(), o.impl(), score(o), "-",
                "gone", ""));
    }

    /** Results by {@link Result#key()}, then by implementation. */
    private static Map<String, Map<String, Result>> byKey(List<Result> results) {
        Map<String, Map<String, Result>> m = new LinkedHashMap<>();
        for (Result r : results) {
            m.computeIfAbsent(r.key(), k -> new LinkedHashMap<>()).put(r.impl(), r);
        }
        return m;
    }

    /** The score in ns/op, or as JMH gave it when its unit is not time per operation. */
    private static String score(Result r) {
        double ns = r.nanos();
        return Double.isNaN(ns) ? String.format(Locale.ROOT, "%.4g %s", r.score(), r.unit()) : ns(ns);
    }

    private static String ratio(Result r, Result peer) {
        if (peer == null || r.impl().isEmpty()) {
            return "-";
        }
        double q = r.nanos() / peer.nanos();
        return Double.isNaN(q) ? "-" : String.format(Locale.ROOT, "%.2f", q);
    }

    private static String ns(double ns) {
        if (Double.isNaN(ns)) {
            return "-";
        }
        if (ns < 10) {
            return String.format(Locale.ROOT, "%.3f", ns);
        }
        return String.format(Locale.ROOT, ns < 1000 ? "%.2f" : "%.0f", ns);
    }
}
