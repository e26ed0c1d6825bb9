package org.fencecheck.gate;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyKind;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.TlcRun;
import org.fencecheck.proofs.model.TraceDocument;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.TraceEnd;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.Verdict;
import org.fencecheck.tlc.ViolationKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One gate run over the toy models (TLC forked, about 11 runs), checked from every side. */
class GateToyTest {

    private static final String MANIFEST = """
            { "tlc": {"workers": 1, "heap": "512m", "timeoutSeconds": 120},
              "models": [
                {"name": "good", "module": "Mutex", "config": "Mutex_good.cfg", "group": "default",
                 "design": "toy", "driver": "none", "signaledOp": false, "bound": "2 CPUs", "distinctStates": 13,
                 "expect": {"TypeOK": "holds", "MutualExclusion": "holds", "NoLockStealing": "holds",
                            "Deadlock": "holds"}},
                {"name": "broken", "module": "Mutex", "config": "Mutex_broken.cfg", "group": "default",
                 "mutation": "no_lock_check", "distinctStates": 25,
                 "expect": {"TypeOK": "holds", "MutualExclusion": "violated", "NoLockStealing": "violated",
                            "Deadlock": "holds"}},
                {"name": "refute", "module": "Mutex", "config": "Mutex_refute.cfg", "group": "broken",
                 "mutation": "no_lock_check",
                 "expect": {"MutualExclusion": "violated", "NoLockStealing": "violated"}},
                {"name": "live", "module": "Mutex", "config": "Mutex_live.cfg", "distinctStates": 13,
                 "expect": {"UnlockEventually": "holds", "EveryoneEntersEventually": "violated",
                            "EventuallyTurns2": "violated"}},
                {"name": "counter", "module": "Counter", "config": "Counter.cfg", "distinctStates": 3,
                 "expect": {"Inv": "holds", "Deadlock": "violated"}},
                {"name": "counter_large", "module": "Counter", "config": "Counter_quiet.cfg", "group": "large",
                 "distinctStates": 3, "expect": {"Inv": "holds"}}
              ] }
            """;

    @TempDir
    static Path tmp;
    static Path report;
    static Toys.Run run;
    static VerdictReport verdicts;

    @BeforeAll
    static void runGate() throws IOException {
        Path spec = Toys.specDir(tmp, MANIFEST, "Mutex.tla", "Mutex_good.cfg", "Mutex_broken.cfg",
                "Mutex_refute.cfg", "Mutex_live.cfg", "Counter.tla", "Counter.cfg", "Counter_quiet.cfg");
        report = tmp.resolve("report");
        run = Toys.gate("--spec", spec.toString(), "--report", report.toString());
        verdicts = VerdictJson.read(report.resolve("verdicts.json"));
    }

    private static ModelResult model(String name) {
        return verdicts.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static PropertyVerdict property(String model, String property) {
        return model(model).properties().stream().filter(p -> p.name().equals(property)).findFirst().orElseThrow();
    }

    @Test
    void gatePassesAndSkipsTheLargeGroup() {
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.errors().isEmpty(), run.err().toString());
        assertEquals(List.of("good", "broken", "refute", "live", "counter"),
                verdicts.models().stream().map(ModelResult::name).toList());
        assertTrue(verdicts.summary().passed());
        assertEquals(15, verdicts.summary().properties());
        assertEquals(15, verdicts.summary().propertiesMatched());
        assertTrue(run.out().contains("GATE PASSED"), run.out());
        assertEquals(10, run.err().size(), "a start and a finish line per model: " + run.err());
    }

    @Test
    void holdingModelTakesOneRun() {
        ModelResult good = model("good");
        assertEquals(RunStatus.COMPLETE, good.status());
        assertTrue(good.properties().stream().allMatch(p -> p.actual() == Verdict.HOLDS && p.violation() == null));
        assertEquals(13L, good.distinctStates());
        assertEquals(7, good.depth());
        assertEquals(1, good.runs().size());
        assertEquals("Mutex_good.cfg", good.runs().get(0).config());
        assertEquals("toy", good.labels().design());
        assertEquals(Boolean.FALSE, good.labels().signaledOp());
        assertEquals(PropertyKind.INVARIANT, property("good", "TypeOK").kind());
        assertEquals(PropertyKind.PROPERTY, property("good", "NoLockStealing").kind());
        assertEquals(PropertyKind.DEADLOCK, property("good", "Deadlock").kind());
    }

    @Test
    void invariantViolationWithTrace() throws IOException {
        PropertyVerdict mutex = property("broken", "MutualExclusion");
        assertEquals(Verdict.VIOLATED, mutex.actual());
        assertTrue(mutex.match());
        assertEquals(ViolationKind.INVARIANT, mutex.violation().kind());
        assertEquals("Invariant MutualExclusion is violated.", mutex.violation().message());
        Trace trace = mutex.violation().trace();
        assertEquals(3, trace.states().size());
        Value.FunctionVal pc = (Value.FunctionVal) trace.states().get(2).var("pc");
        assertEquals(new Value.StrVal("crit"), pc.apply(new Value.ModelVal("c1")));
        assertEquals(new Value.StrVal("crit"), pc.apply(new Value.ModelVal("c2")));

        assertEquals("traces/broken__MutualExclusion.txt", mutex.violation().traceText());
        String text = Files.readString(report.resolve(mutex.violation().traceText()));
        assertTrue(text.contains("TLC:      Invariant MutualExclusion is violated."), text);
        // the report's per-CPU layout (one column per CPU), each step followed by what it changed
        assertTrue(text.contains("\n  2 toy_enter: spin_lock_irqsave(m)\n      owner.m = [cpu |-> c1, ctx |-> \"proc\"]\n"),
                text);
        assertTrue(text.contains("\n  3" + " ".repeat(37) + "toy_enter: spin_lock_irqsave(m)\n" + " ".repeat(42)
                + "owner.m.cpu = c2\n"), text);
        TraceDocument doc = VerdictJson.gson().fromJson(
                Files.readString(report.resolve(mutex.violation().traceJson())), TraceDocument.class);
        assertEquals(trace, doc.trace());
        assertEquals("MutualExclusion", doc.property());
    }

    @Test
    void actionPropertyViolation() {
        PropertyVerdict stealing = property("broken", "NoLockStealing");
        assertEquals(Verdict.VIOLATED, stealing.actual());
        assertEquals(ViolationKind.ACTION_PROPERTY, stealing.violation().kind());
        assertEquals("Action property NoLockStealing is violated.", stealing.violation().message());
    }

    @Test
    void iterativeRefutationGivesEachPropertyItsOwnVerdict() throws IOException {
        ModelResult broken = model("broken");
        List<TlcRun> runs = broken.runs();
        assertEquals(3, runs.size());
        assertEquals(List.of("TypeOK", "MutualExclusion", "NoLockStealing", "Deadlock"), runs.get(0).checked());
        assertEquals("MutualExclusion", runs.get(0).refuted());
        assertEquals(List.of("TypeOK", "NoLockStealing", "Deadlock"), runs.get(1).checked());
        assertEquals("NoLockStealing", runs.get(1).refuted());
        assertEquals(List.of("TypeOK", "Deadlock"), runs.get(2).checked());
        assertNull(runs.get(2).refuted());
        assertEquals(Verdict.HOLDS, property("broken", "TypeOK").actual());
        assertEquals(Verdict.HOLDS, property("broken", "Deadlock").actual());
        assertEquals(25L, broken.distinctStates());
        assertEquals(runs.get(2).seconds(), broken.seconds());
        assertEquals(runs.stream().mapToDouble(TlcRun::seconds).sum(), broken.totalSeconds(), 1e-9);
        String derived = Files.readString(report.resolve("work/broken/run3.cfg"));
        assertFalse(derived.contains("MutualExclusion") || derived.contains("NoLockStealing"), derived);
        assertTrue(derived.contains("Broken = TRUE"), derived);
    }

    @Test
    void brokenModelStopsAtItsLastRefutation() {
        ModelResult refute = model("refute");
        List<TlcRun> runs = refute.runs();
        assertEquals(2, runs.size(), "one run per violated property, no complete run: " + runs);
        assertEquals("MutualExclusion", runs.get(0).refuted());
        assertEquals(List.of("NoLockStealing"), runs.get(1).checked());
        assertEquals("NoLockStealing", runs.get(1).refuted());
        assertEquals(RunStatus.COMPLETE, refute.status());
        assertTrue(refute.passed());
        assertNull(refute.distinctStates());
        assertNull(refute.expectedDistinctStates());
        assertNull(refute.seconds());
        assertEquals(runs.stream().mapToDouble(TlcRun::seconds).sum(), refute.totalSeconds(), 1e-9);
    }

    @Test
    void deadlock() throws IOException {
        PropertyVerdict deadlock = property("counter", "Deadlock");
        assertEquals(Verdict.VIOLATED, deadlock.actual());
        assertEquals(ViolationKind.DEADLOCK, deadlock.violation().kind());
        assertEquals(TraceEnd.FINITE, deadlock.violation().trace().end());
        assertEquals(new Value.IntVal(2), deadlock.violation().trace().states().get(2).var("x"));
        assertEquals(Verdict.HOLDS, property("counter", "Inv").actual());
        assertTrue(Files.readString(report.resolve(deadlock.violation().traceText()))
                .contains("then: no step is possible in state 3 (deadlock)"));
        assertTrue(Files.readString(report.resolve("work/counter/run2.cfg")).contains("CHECK_DEADLOCK FALSE"));
    }

    @Test
    void livenessViolationsAreAttributedByIsolation() throws IOException {
        ModelResult live = model("live");
        PropertyVerdict everyone = property("live", "EveryoneEntersEventually");
        assertEquals(ViolationKind.TEMPORAL, everyone.violation().kind());
        assertEquals(TraceEnd.BACK_TO_STATE, everyone.violation().trace().end());
        assertEquals(2, everyone.violation().trace().loopTo());
        assertTrue(Files.readString(report.resolve(everyone.violation().traceText()))
                .contains("then: back to state 2; states 2.."));
        PropertyVerdict turns = property("live", "EventuallyTurns2");
        assertEquals(TraceEnd.STUTTERING, turns.violation().trace().end());
        assertEquals(Verdict.HOLDS, property("live", "UnlockEventually").actual());
        assertEquals(5, live.runs().size(), "1 ambiguous + 3 isolated + 1 complete: " + live.runs());
        assertEquals(List.of("UnlockEventually"), live.runs().get(1).checked());
        assertNull(live.runs().get(1).refuted());
        assertEquals("EveryoneEntersEventually", live.runs().get(2).refuted());
        assertEquals(13L, live.distinctStates());
    }

    @Test
    void tableAndEnvironment() {
        assertTrue(run.out().lines().anyMatch(l -> l.matches("model\\s+property\\s+expected\\s+actual\\s+states\\s+"
                + "depth\\s+seconds")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("broken\\s+TypeOK\\s+holds\\s+holds\\s+25\\s+\\d+\\s+"
                + "[\\d.]+ \\([\\d.]+ in 3 runs\\)")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+MutualExclusion\\s+violated\\s+violated")),
                run.out());
        assertEquals("TLC2 Version 2.18 of 20 March 2023", verdicts.environment().tlcVersion());
        assertTrue(verdicts.environment().cores() > 0);
        assertEquals("512m", verdicts.environment().heap());
    }
}
