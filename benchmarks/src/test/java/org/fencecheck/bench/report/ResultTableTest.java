package org.fencecheck.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table tool on a hand-written result file shaped like JMH's (numbers made up for the test). */
class ResultTableTest {

    private static List<Result> sample() throws Exception {
        return ResultFile.read(resource("/sample-result.json"));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ResultTableTest.class.getResource(name).toURI());
    }

    @Test
    void readsPrimaryAndGroupSidesButNotProfilerMetrics() throws Exception {
        List<Result> rs = sample();
        assertEquals(9, rs.size());
        Result first = rs.get(0);
        assertEquals("AddCallbackSignal.addThenSignal", first.name());
        assertEquals("LEGACY", first.impl());
        assertEquals("callbacks=1", first.paramsText());
        assertEquals(100.0, rs.get(1).nanos(), 1e-9, "us/op converted");
        assertTrue(Double.isNaN(rs.get(1).error()), "\"NaN\" error read");
        assertEquals("VolatileRead.volatileRead", rs.get(4).key());
        assertEquals("SignalRace.race:add", rs.get(7).name());
        assertEquals("SignalRace.race:signal", rs.get(8).name());
    }

    @Test
    void tableHasRatiosToThePeersOfTheSameParams() throws Exception {
        String out = print(ps -> ResultTable.printTable(ps, "sample", sampleUnchecked()));
        String legacy = line(out, "addThenSignal", "LEGACY");
        assertTrue(legacy.contains(" 1.50 "), "90 / 60 = 1.50 to CF: " + legacy);
        assertTrue(legacy.endsWith(" 2.00"), "90 / 45 = 2.00 to naive: " + legacy);
        String volatileRead = line(out, "volatileRead", "");
        assertTrue(volatileRead.endsWith("-       -"), "no ratios without impl: " + volatileRead);
    }

    @Test
    void goalsAreChecked() throws Exception {
        List<String> goals = Goals.check(sample());
        assertEquals(List.of(
                "met: isSignaled(signaled) LEGACY = 1.80x a volatile read (goal <= 2.00x)",
                "NOT met: addCallback+signal, 1 callback(s), LEGACY = 1.50x CompletableFuture (goal <= 1)",
                "NOT met: addCallback+signal, 1 callback(s), REWORKED = 1.67x CompletableFuture (goal <= 1)",
                "NOT met: REWORKED/LEGACY AddCallbackSignal.addThenSignal callbacks=1 = 1.11 (goal <= 1)"), goals);
    }

    @Test
    void changeBetweenTwoRuns() throws Exception {
        List<Result> older = sampleUnchecked();
        List<Result> newer = older.stream().map(r -> new Result(r.name(), r.impl(), r.params(), r.score() * 2,
                r.error(), r.unit())).toList();
        String out = print(ps -> ResultTable.printChange(ps, "a", older, "b", newer));
        String legacy = line(out, "addThenSignal", "LEGACY");
        assertTrue(legacy.contains("+100.0%"), legacy);
        assertTrue(line(out, "race:add", "NAIVE").contains("+100.0%"));
    }

    private static List<Result> sampleUnchecked() {
        try {
            return sample();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String print(java.util.function.Consumer<PrintStream> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            body.accept(ps);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The first line naming the benchmark and, if not empty, the impl. */
    private static String line(String out, String bench, String impl) {
        return out.lines().filter(l -> l.contains(bench) && l.contains(impl)).findFirst().orElseThrow().stripTrailing();
    }
}
