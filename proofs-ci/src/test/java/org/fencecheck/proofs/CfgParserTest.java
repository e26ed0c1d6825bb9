package org.fencecheck.proofs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CfgParserTest {

    @Test
    void pluralKeywordsAndDeadlockPseudoProperty() {
        CfgFile cfg = CfgParser.read(Toys.resource("toy/Mutex_broken.cfg"));
        assertEquals(List.of("TypeOK", "MutualExclusion"), cfg.invariants());
        assertEquals(List.of("NoLockStealing"), cfg.properties());
        assertEquals(List.of("TypeOK", "MutualExclusion", "NoLockStealing", "Deadlock"), cfg.checkedNames());
    }

    @Test
    void commentsAndCheckDeadlockFalse() {
        CfgFile cfg = CfgParser.read(Toys.resource("toy/Mutex_live.cfg"));
        assertEquals(List.of("UnlockEventually", "EveryoneEntersEventually", "EventuallyTurns2"), cfg.properties());
        assertFalse(cfg.checkDeadlock());
        assertFalse(cfg.checkedNames().contains(CfgFile.DEADLOCK));
    }

    @Test
    void keywordsInsideStringsAndCommentsDoNotStartSections() {
        CfgFile cfg = CfgParser.parse(Path.of("x.cfg"), """
                \\* INVARIANT Hidden
                CONSTANTS Name = "INVARIANT Nope" (* PROPERTY Neither (* nested *) *)
                          N = 3
                SPECIFICATION Spec
                INVARIANT A, B
                INVARIANT C
                """);
        assertEquals(List.of("A", "B", "C"), cfg.invariants());
        assertTrue(cfg.properties().isEmpty());
        assertTrue(cfg.kept().contains("Name = \"INVARIANT Nope\""), cfg.kept());
        assertTrue(cfg.kept().contains("SPECIFICATION Spec"), cfg.kept());
    }

    @Test
    void derivedCfgKeepsTheModelAndChecksOnlyWhatIsLeft() {
        CfgFile cfg = CfgParser.read(Toys.resource("toy/Mutex_broken.cfg"));
        String derived = cfg.derive(List.of("TypeOK"), List.of(), false);
        CfgFile again = CfgParser.parse(Path.of("run2.cfg"), derived);
        assertEquals(List.of("TypeOK"), again.invariants());
        assertTrue(again.properties().isEmpty());
        assertFalse(again.checkDeadlock());
        assertTrue(derived.contains("Broken = TRUE") && derived.contains("SPECIFICATION Spec"), derived);
    }

    @Test
    void malformedCfgIsOneLine() {
        GateException e = assertThrows(GateException.class,
                () -> CfgParser.parse(Path.of("bad.cfg"), "INIT Init\nCHECK_DEADLOCK maybe\n"));
        assertEquals("fencecheck: bad.cfg: CHECK_DEADLOCK must be TRUE or FALSE, not 'maybe'", e.line());
        assertThrows(GateException.class, () -> CfgParser.parse(Path.of("bad.cfg"), "INVARIANT A (* open"));
        assertThrows(GateException.class, () -> CfgParser.parse(Path.of("bad.cfg"), "INVARIANT A-B"));
    }
}
