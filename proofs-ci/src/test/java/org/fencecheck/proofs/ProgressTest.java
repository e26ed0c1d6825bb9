package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyKind;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.TlcRun;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.ProgressTick;
import org.fencecheck.tlc.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    private static final ModelEntry ENTRY = new ModelEntry("legacy_plain", "MCDmaFence", "MCDmaFence_legacy_plain.cfg",
            "default", new ModelLabels(null, null, null, null, null, null), 2000L, null,
            Map.of("TypeOK", Verdict.HOLDS, "Deadlock", Verdict.VIOLATED));

    private static final ModelResult RESULT = new ModelResult("legacy_plain", "MCDmaFence",
            "MCDmaFence_legacy_plain.cfg", "default", ENTRY.labels(), RunStatus.COMPLETE, null,
            List.of(new PropertyVerdict("TypeOK", PropertyKind.INVARIANT, Verdict.HOLDS, Verdict.HOLDS, true, null),
                    new PropertyVerdict("Deadlock", PropertyKind.DEADLOCK, Verdict.VIOLATED, Verdict.HOLDS, false,
                            null)),
            2000L, 2000L, true, 12, 1.5, 3.25,
            List.of(new TlcRun("a.cfg", List.of("TypeOK", "Deadlock"), null, 0, 2000L, 3.25)), false);

    @Test
    void lineProgressWritesAStartAndAFinishLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LineProgress p = new LineProgress(new PrintStream(buf, true, StandardCharsets.UTF_8));
        p.modelStarted(2, 5, ENTRY);
        p.tick(ENTRY, new ProgressTick(10, 5, 1));
        p.modelFinished(RESULT);
        assertEquals("""
                fencecheck: [2/5] legacy_plain: checking 2 properties (MCDmaFence_legacy_plain.cfg)
                fencecheck: [2/5] legacy_plain: FAILED, 0 violated, 2 hold, 1 unexpected, 2,000 states, 3.3 s in 1 run
                """, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void terminalProgressRedrawsOneLineAndLeavesTheFinishLine() throws InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(buf, true, StandardCharsets.UTF_8));
        p.modelStarted(1, 3, ENTRY);
        p.runStarted(ENTRY, 2, 1);
        p.tick(ENTRY, new ProgressTick(3000, 1000, 42));
        Thread.sleep(1300);
        p.modelFinished(RESULT);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\r\033[K[1/3] legacy_plain  run 2  0:01  1,000 states  queue 42  ~50% of 2,000"), out);
        assertTrue(out.endsWith("\r\033[Kfencecheck: [1/3] legacy_plain: FAILED, 0 violated, 2 hold, 1 unexpected, "
                + "2,000 states, 3.3 s in 1 run\n"), out);
    }

    @Test
    void withParallelJobsEachLineNamesItsModelAndPosition() throws InterruptedException {
        ModelEntry other = new ModelEntry("reworked_plain", "MCDmaFence", "MCDmaFence_reworked_plain.cfg",
                "default", ENTRY.labels(), null, null, Map.of("TypeOK", Verdict.HOLDS));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(buf, true, StandardCharsets.UTF_8));
        p.modelStarted(1, 3, ENTRY);
        p.modelStarted(2, 3, other);
        p.runStarted(other, 3, 1);
        Thread.sleep(1300);
        p.modelFinished(RESULT);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s).*\\[1/3] legacy_plain  run 0  0:0\\d  \\|  \\[2/3] reworked_plain  run 3  0:0\\d.*"),
                out);
        assertTrue(out.endsWith("\r\033[Kfencecheck: [1/3] legacy_plain: FAILED, 0 violated, 2 hold, 1 unexpected, "
                + "2,000 states, 3.3 s in 1 run\n"), out);
    }
}
