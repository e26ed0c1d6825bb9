package org.fencecheck.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fencecheck.report.Fixtures;
import org.fencecheck.proofs.GateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec mutation harness on the toy mutex (src/test/resources/toy/Mutex.tla): the operators find what they
 * should, a dropped lock check is killed by the property it breaks, a skipped write no property reads survives
 * with its state count named (no kill), and a bad command line gets one line and exit 2.
 */
class SpecMutationTest {

    private static final String MANIFEST = """
            { "tlc": {"workers": 1, "heap": "512m", "timeoutSeconds": 120},
              "models": [
                {"name": "good", "module": "Mutex", "config": "Mutex_good.cfg", "group": "default",
                 "distinctStates": 13,
                 "expect": {"TypeOK": "holds", "MutualExclusion": "holds", "NoLockStealing": "holds",
                            "Deadlock": "holds"}}
              ] }
            """;

    @TempDir
    Path tmp;

    private static List<String> mutex() throws IOException {
        return Files.readAllLines(Fixtures.resource("toy/Mutex.tla"), StandardCharsets.UTF_8);
    }

    private Map<String, SpecMutant> mutants() throws IOException {
        List<String> lines = mutex();
        return new SpecMutator(SpecMutation.actionsOf(lines), Set.of()).mutants(lines).stream()
                .collect(Collectors.toMap(m -> m.operator().spelling() + ":" + m.action() + ":"
                        + m.original().strip(), Function.identity(), (a, b) -> a));
    }

    @Test
    void theOperatorsFindGuardsAndWritesOfEveryAction() throws IOException {
        List<String> lines = mutex();
        assertEquals(Set.of("Lock", "Unlock"), SpecMutation.actionsOf(lines));
        Map<String, SpecMutant> ms = mutants();
        assertTrue(ms.containsKey("drop_guard:Lock:/\\ (Broken \\/ owner.m = None)"), ms.keySet().toString());
        // a first conjunct on the definition's own line
        assertTrue(ms.containsKey("drop_guard:Unlock:Unlock(p) == /\\ pc[p] = \"crit\""), ms.keySet().toString());
        assertEquals("Unlock(p) == /\\ TRUE", ms.get("drop_guard:Unlock:Unlock(p) == /\\ pc[p] = \"crit\"")
                .replacement());
        assertTrue(ms.containsKey("skip_write:Lock:/\\ turns' = (turns + 1) % 3"), ms.keySet().toString());
        // a frame write is no guard, UNCHANGED is no write
        assertTrue(ms.keySet().stream().noneMatch(k -> k.startsWith("drop_guard:") && k.contains("'")), ms.keySet()
                .toString());
        assertTrue(ms.keySet().stream().noneMatch(k -> k.contains("UNCHANGED")), ms.keySet().toString());
    }

    @Test
    void aDroppedLockCheckIsKilledByTheBrokenPropertyAndASkippedCounterSurvives() throws IOException {
        Path spec = Files.createDirectories(tmp.resolve("spec"));
        for (String f : List.of("Mutex.tla", "Mutex_good.cfg")) {
            Files.copy(Fixtures.resource("toy/" + f), spec.resolve(f));
        }
        Files.writeString(spec.resolve("manifest.json"), MANIFEST, StandardCharsets.UTF_8);
        List<String> lines = mutex();
        Map<String, SpecMutant> ms = mutants();

        SpecMutant lockCheck = ms.get("drop_guard:Lock:/\\ (Broken \\/ owner.m = None)");
        Files.writeString(spec.resolve("Mutex.tla"), lockCheck.apply(lines), StandardCharsets.UTF_8);
        MutantVerdict killed = SpecMutation.judge(lockCheck, spec, List.of("good"), tmp.resolve("r1"));
        assertEquals(MutantVerdict.Outcome.KILLED, killed.outcome(), killed.toString());
        assertTrue(killed.killers().contains("good:MutualExclusion"), killed.killers().toString());

        SpecMutant counter = ms.get("skip_write:Lock:/\\ turns' = (turns + 1) % 3");
        Files.writeString(spec.resolve("Mutex.tla"), counter.apply(lines), StandardCharsets.UTF_8);
        MutantVerdict survived = SpecMutation.judge(counter, spec, List.of("good"), tmp.resolve("r2"));
        assertEquals(MutantVerdict.Outcome.SURVIVED, survived.outcome(), survived.toString());
        assertTrue(survived.detail().startsWith("states good 13 -> "), survived.detail());
        assertEquals("2 mutants: 1 killed, 0 equivalent, 1 survived, 0 invalid; score 50.0% of the non-equivalent",
                SpecMutation.score(List.of(killed, survived)));
    }

    @Test
    void anArguedMutantIsEquivalentAndAStaleArgumentStopsTheRun() throws IOException {
        List<String> lines = mutex();
        List<SpecMutant> all = new SpecMutator(SpecMutation.actionsOf(lines), Set.of()).mutants(lines);
        Path file = tmp.resolve(Equivalents.FILE);
        Files.writeString(file, "# module\toperator:action\toriginal\targument\n"
                + "Mutex.tla\tskip_write:Lock\t/\\ turns' = (turns + 1) % 3\tturns is a toy counter\n",
                StandardCharsets.UTF_8);
        Map<SpecMutant, String> eq = Equivalents.read(file, "Mutex.tla", all);
        assertEquals(1, eq.size(), eq.toString());
        assertEquals("turns is a toy counter", eq.values().iterator().next());
        assertEquals("skip_write", eq.keySet().iterator().next().operator().spelling());

        Files.writeString(file, "Mutex.tla\tskip_write:Lock\t/\\ turns' = turns + 2\targued once\n",
                StandardCharsets.UTF_8);
        GateException stale = assertThrows(GateException.class, () -> Equivalents.read(file, "Mutex.tla", all));
        assertTrue(stale.getMessage().contains("stale"), stale.getMessage());
        Files.writeString(file, "Mutex.tla\tskip_write:Lock\n", StandardCharsets.UTF_8);
        GateException bad = assertThrows(GateException.class, () -> Equivalents.read(file, "Mutex.tla", all));
        assertTrue(bad.getMessage().contains(Equivalents.FILE + ":1"), bad.getMessage());
    }

    @Test
    void aLockStepIsDroppedOnePcAtATime() {
        List<String> lines = List.of(
                "AcquirePcs == {\"add_lock\",",
                "               \"rm_lock\"}",
                "ReleasePcs == {\"add_unlock\"}",
                "SpinLock(c) ==",
                "    LET l == LockAt(fm.pc)",
                "    IN /\\ fm.pc \\in AcquirePcs",
                "       /\\ owner' = [owner EXCEPT ![l] = c]",
                "",
                "SpinUnlock(c) ==",
                "    IN /\\ fm.pc \\in ReleasePcs",
                "       /\\ owner' = [owner EXCEPT ![l] = NoOwner]",
                "");
        List<SpecMutant> ms = new SpecMutator(Set.of("SpinLock", "SpinUnlock"), Set.of(), Set.of(),
                SpecMutation.LOCK_ACTIONS).mutants(lines);
        Map<String, SpecMutant> byId = ms.stream().collect(Collectors.toMap(SpecMutant::id, Function.identity()));
        assertEquals(Set.of("drop_lock:SpinLock@add_lock:7", "drop_lock:SpinLock@rm_lock:7",
                "drop_unlock:SpinUnlock@add_unlock:11", "skip_write:SpinLock:7", "skip_write:SpinUnlock:11"),
                byId.keySet());
        assertEquals("       /\\ owner' = IF fm.pc = \"rm_lock\" THEN owner ELSE [owner EXCEPT ![l] = c]",
                byId.get("drop_lock:SpinLock@rm_lock:7").replacement());
    }

    @Test
    void anEditThatMovesLinesKeepsTheVerdictsAndDropsTheRowsOfChangedLines() throws IOException {
        Path spec = Files.createDirectories(tmp.resolve("spec"));
        List<String> lines = mutex();
        Files.write(spec.resolve("Mutex.tla"), lines, StandardCharsets.UTF_8);
        List<SpecMutant> before = SpecMutation.mutator(lines, SpecMutation.actionsOf(lines)).mutants(lines);
        StringBuilder tsv = new StringBuilder("# Mutex.tla, campaign\n" + SpecMutation.HEADER);
        for (SpecMutant m : before) {
            tsv.append(String.join("\t", m.id(), "KILLED", "good:MutualExclusion", "1.0", m.replacement().strip()))
                    .append('\n');
        }
        Path file = tmp.resolve("score.tsv");
        Files.writeString(file, tsv.toString(), StandardCharsets.UTF_8);

        // two comment lines on top move every mutant; the counter's write changes, so its row is stale
        List<String> edited = new java.util.ArrayList<>(List.of("\\* one", "\\* two"));
        lines.forEach(l -> edited.add(l.replace("turns' = (turns + 1) % 3", "turns' = (turns + 2) % 3")));
        Files.write(spec.resolve("Mutex.tla"), edited, StandardCharsets.UTF_8);
        Path was = Files.write(tmp.resolve("Mutex.before.tla"), lines, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, SpecMutation.renumber(spec, "Mutex.tla", was, file, new PrintStream(out, true,
                StandardCharsets.UTF_8)));
        String said = out.toString(StandardCharsets.UTF_8);
        List<SpecMutant> after = SpecMutation.mutator(edited, SpecMutation.actionsOf(edited)).mutants(edited);
        SpecMutant counter = after.stream().filter(m -> m.original().contains("turns + 2")).findFirst().orElseThrow();
        Set<String> ids = SpecMutation.idsOf(file);
        assertEquals(after.size() - 1, ids.size(), said);
        assertTrue(!ids.contains(counter.id()) && said.contains("1 dropped") && said.contains(counter.id()), said);
        SpecMutant lockCheck = after.stream().filter(m -> m.original().contains("(Broken \\/ owner.m = None)")
                && m.operator() == SpecMutant.Operator.DROP_GUARD).findFirst().orElseThrow();
        assertTrue(ids.contains(lockCheck.id()), ids.toString());
        assertTrue(before.stream().noneMatch(m -> m.id().equals(lockCheck.id())), "the lock check's line moved");

        // the new mutant's verdict goes in at its place in line order
        MutantVerdict v = new MutantVerdict(counter, MutantVerdict.Outcome.SURVIVED, List.of(), "states good 13 -> 14",
                2.0);
        String merged = SpecMutation.mergeNew(file, List.of(v), List.of("good"), after);
        List<String> rowIds = merged.lines().filter(r -> !r.startsWith("#") && !r.startsWith("mutant\t"))
                .map(r -> r.split("\t")[0]).toList();
        assertEquals(after.stream().map(SpecMutant::id).toList(), rowIds);
        assertTrue(merged.lines().findFirst().orElseThrow().endsWith("; new mutants judged by good"), merged);

        // a campaign file of another text of the module is refused, not renumbered
        Files.writeString(file, SpecMutation.HEADER + "drop_guard:Lock:999\tKILLED\tgood:MutualExclusion\t1.0\t/\\ TRUE\n",
                StandardCharsets.UTF_8);
        GateException other = assertThrows(GateException.class, () -> SpecMutation.renumber(spec, "Mutex.tla",
                was, file, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(other.getMessage().contains("is not a mutant of"), other.getMessage());
    }

    @Test
    void aBadCommandLineIsOneLineAndExit2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SpecMutation.execute(new String[] {"--limit", "x", "--models", "good"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, SpecMutation.execute(new String[] {"--bogus"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err2, true, StandardCharsets.UTF_8)));
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("unknown option '--bogus'"), err2.toString());
    }
}
