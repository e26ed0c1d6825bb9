package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CfgParserTest {

    @Test
    void pluralKeywordsAndDeadlockPseudoProperty() {
        CfgFile cfg = CfgParser.read(Resources.path("cfg/Mutex_broken.cfg"));
        assertEquals(List.of("TypeOK", "MutualExclusion"), cfg.invariants());
        assertEquals(List.of("NoLockStealing"), cfg.properties());
        assertEquals(List.of("TypeOK", "MutualExclusion", "NoLockStealing", "Deadlock"), cfg.checkedNames());
    }

    @Test
    void commentsAndCheckDeadlockFalse() {
        CfgFile cfg = CfgParser.read(Resources.path("cfg/Mutex_live.cfg"));
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
        CfgFile cfg = CfgParser.read(Resources.path("cfg/Mutex_broken.cfg"));
        String derived = cfg.derive(List.of("TypeOK"), List.of(), false);
        CfgFile again = CfgParser.parse(Path.of("run2.cfg"), derived);
        assertEquals(List.of("TypeOK"), again.invariants());
        assertTrue(again.properties().isEmpty());
        assertFalse(again.checkDeadlock());
        assertTrue(derived.contains("Broken = TRUE") && derived.contains("SPECIFICATION Spec"), derived);
    }

    @Test
    void malformedCfgIsOneLine() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> CfgParser.parse(Path.of("bad.cfg"), "INIT Init\nCHECK_DEADLOCK maybe\n"));
        assertEquals("fencecheck: bad.cfg: CHECK_DEADLOCK must be TRUE or FALSE, not 'maybe'", e.line());
        assertThrows(BadInputException.class, () -> CfgParser.parse(Path.of("bad.cfg"), "INVARIANT A (* open"));
        assertThrows(BadInputException.class, () -> CfgParser.parse(Path.of("bad.cfg"), "INVARIANT A-B"));
    }

    @Test
    void constantsAssignmentsAndSubstitutions() {
        CfgFile cfg = CfgParser.parse(Path.of("m.cfg"), """
                CONSTANTS
                    c1 = c1
                    CPUs <- MCCPUs2
                    NumFences = 2
                    Cbs = {"cb1",
                           "cb2"}
                    Design = "reworked"  \\* the proposal
                    Odd = "a = b"
                    SignaledOp = FALSE
                SPECIFICATION Spec
                """);
        assertEquals(List.of("c1", "NumFences", "Cbs", "Design", "Odd", "SignaledOp"),
                List.copyOf(cfg.constants().keySet()));
        assertEquals(Map.of("CPUs", "MCCPUs2"), cfg.substitutions());
        assertEquals("{\"cb1\", \"cb2\"}", cfg.constants().get("Cbs"));
        assertEquals(new Value.StrVal("reworked"), cfg.constant("Design").orElseThrow());
        assertEquals(new Value.BoolVal(false), cfg.constant("SignaledOp").orElseThrow());
        assertEquals(new Value.StrVal("a = b"), cfg.constant("Odd").orElseThrow());
        assertTrue(cfg.constant("Mutation").isEmpty());
    }

    @Test
    void malformedConstantsAreOneLine() {
        BadInputException twice = assertThrows(BadInputException.class,
                () -> CfgParser.parse(Path.of("bad.cfg"), "CONSTANTS N = 1 N = 2"));
        assertEquals("fencecheck: bad.cfg: CONSTANTS: N is assigned twice", twice.line());
        BadInputException empty = assertThrows(BadInputException.class,
                () -> CfgParser.parse(Path.of("bad.cfg"), "CONSTANTS N =\nSPECIFICATION Spec"));
        assertEquals("fencecheck: bad.cfg: CONSTANTS: N has no value", empty.line());
    }
}
