package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLC's -tool trace messages read into states, with what each state changed and how the trace ends. */
class TraceReaderTest {

    private static ToolMessage msg(int code, String text) {
        return new ToolMessage(code, 4, List.of(text.split("\n")), List.of());
    }

    @Test
    void readsStatesAndTheirChanges() {
        TraceReader r = new TraceReader();
        r.state(msg(2217, "1: <Initial predicate>\n/\\ step = [cpu |-> \"hw\", fn |-> \"init\"]\n"
                + "/\\ owner = [fence |-> \"none\", driver |-> \"none\"]\n/\\ irqOn = (c1 :> TRUE)"));
        r.state(msg(2217, "2: <IrqSpin line 1, col 1 to line 2, col 2 of module MCDmaFence>\n"
                + "/\\ step = [cpu |-> c1, ctx |-> \"irq\", fn |-> \"my_irq_handler\"]\n"
                + "/\\ owner = [fence |-> \"none\",\n    driver |-> \"none\"]\n/\\ irqOn = (c1 :> FALSE)"));
        Trace t = r.trace();
        assertEquals(2, t.states().size());
        assertEquals("IrqSpin", t.states().get(1).action());
        assertEquals("line 1, col 1 to line 2, col 2 of module MCDmaFence", t.states().get(1).location());
        assertEquals(List.of("step", "irqOn"), t.states().get(1).changed());
        Value.RecordVal owner = (Value.RecordVal) t.states().get(1).var("owner");
        assertEquals(new Value.StrVal("none"), owner.field("driver"));
        assertEquals(TraceEnd.FINITE, t.end());
    }

    @Test
    void livenessEndings() {
        TraceReader r = new TraceReader();
        r.state(msg(2217, "1: <Initial predicate>\nx = 0"));
        r.state(msg(2217, "2: <Next line 5, col 9 to line 5, col 27 of module Counter>\nx = 1"));
        r.backToState(msg(2122, "1: Back to state: <Next line 5, col 9 to line 5, col 27 of module Counter>"));
        Trace loop = r.trace();
        assertEquals(TraceEnd.BACK_TO_STATE, loop.end());
        assertEquals(1, loop.loopTo());
        TraceReader s = new TraceReader();
        s.state(msg(2217, "1: <Initial predicate>\nx = 0"));
        s.stuttering();
        assertEquals(TraceEnd.STUTTERING, s.trace().end());
        assertTrue(s.trace().states().get(0).changed().contains("x"));
    }
}
