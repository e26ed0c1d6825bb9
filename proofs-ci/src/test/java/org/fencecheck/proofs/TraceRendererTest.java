package org.fencecheck.proofs;

import org.fencecheck.tlc.ToolMessage;
import org.fencecheck.tlc.Trace;
import org.fencecheck.tlc.TraceEnd;
import org.fencecheck.tlc.TraceReader;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ValueParser;
import org.fencecheck.tlc.ViolationKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceRendererTest {

    private static ToolMessage msg(int code, String text) {
        return new ToolMessage(code, 4, List.of(text.split("\n")), List.of());
    }

    private static String state(int n, String action, String step, String owner, String irqOn, String ctx,
                                String spinning) {
        return n + ": <" + action + " line 1, col 1 to line 2, col 2 of module MCDmaFence>\n"
                + "/\\ step = " + step + "\n/\\ owner = " + owner + "\n/\\ irqOn = " + irqOn + "\n/\\ ctx = " + ctx
                + "\n/\\ spinning = " + spinning + "\n";
    }

    /** The same-CPU IRQ deadlock in the shape the dma_fence spec prints it. */
    private static Trace selfDeadlock() {
        TraceReader r = new TraceReader();
        r.state(msg(2217, "1: <Initial predicate>\n/\\ step = [cpu |-> \"hw\", fn |-> \"init\", act |-> \"boot\"]\n"
                + "/\\ owner = [fence |-> \"none\", driver |-> \"none\"]\n/\\ irqOn = (c1 :> TRUE @@ c2 :> TRUE)\n"
                + "/\\ ctx = (c1 :> \"proc\" @@ c2 :> \"proc\")\n/\\ spinning = (c1 :> \"none\" @@ c2 :> \"none\")"));
        r.state(msg(2217, state(2, "EnableSignalingLock",
                "[cpu |-> c1, ctx |-> \"proc\", fn |-> \"my_enable_signaling\", act |-> \"spin_lock(drv->lock)\", "
                        + "fence |-> 1]",
                "[fence |-> \"none\", driver |-> [cpu |-> c1, ctx |-> \"proc\"]]", "(c1 :> TRUE @@ c2 :> TRUE)",
                "(c1 :> \"proc\" @@ c2 :> \"proc\")", "(c1 :> \"none\" @@ c2 :> \"none\")")));
        r.state(msg(2217, state(3, "HwComplete", "[cpu |-> \"hw\", fn |-> \"hw\", act |-> \"seqno := 1\"]",
                "[fence |-> \"none\", driver |-> [cpu |-> c1, ctx |-> \"proc\"]]", "(c1 :> TRUE @@ c2 :> TRUE)",
                "(c1 :> \"proc\" @@ c2 :> \"proc\")", "(c1 :> \"none\" @@ c2 :> \"none\")")));
        r.state(msg(2217, state(4, "IrqSpin",
                "[cpu |-> c1, ctx |-> \"irq\", fn |-> \"my_irq_handler\", act |-> \"spin_lock(drv->lock)\"]",
                "[fence |-> \"none\",\n    driver |-> [cpu |-> c1, ctx |-> \"proc\"]]", "(c1 :> FALSE @@ c2 :> TRUE)",
                "(c1 :> \"irq\" @@ c2 :> \"proc\")", "(c1 :> \"driver\" @@ c2 :> \"none\")")));
        return r.trace();
    }

    @Test
    void readsStatesAndTheirChanges() {
        Trace t = selfDeadlock();
        assertEquals(4, t.states().size());
        assertEquals("IrqSpin", t.states().get(3).action());
        assertEquals("line 1, col 1 to line 2, col 2 of module MCDmaFence", t.states().get(3).location());
        assertEquals(List.of("step", "irqOn", "ctx", "spinning"), t.states().get(3).changed());
        Value.RecordVal owner = (Value.RecordVal) t.states().get(3).var("owner");
        assertEquals(new Value.StrVal("none"), owner.field("fence"));
        assertEquals(TraceEnd.FINITE, t.end());
    }

    @Test
    void perCpuColumnsWithLocksIrqStateAndIrqContext() {
        String text = TraceRenderer.render(List.of("heading"), ViolationKind.INVARIANT, selfDeadlock());
        List<String> lines = List.of(text.split("\n"));
        assertEquals("#    c1                              c2                              hw", lines.get(2));
        assertTrue(text.contains("\n1    (initial state)\n"), text);
        assertTrue(text.contains("\n2    my_enable_signaling: spin_lock(drv->lock) (fence 1)  [holds driver; irqs on]\n"
                + "         owner.driver = [cpu |-> c1, ctx |-> \"proc\"]\n3 "), text);
        String hw = lines.stream().filter(l -> l.startsWith("3 ")).findFirst().orElseThrow();
        assertEquals(5 + 64, hw.indexOf("hw: seqno := 1"), hw);
        assertTrue(text.contains("\n4    irq> my_irq_handler: spin_lock(drv->lock)  [holds driver; irqs off; "
                + "spinning on driver]\n"
                + "              irqOn[c1] = FALSE\n              ctx[c1] = \"irq\"\n"
                + "              spinning[c1] = \"driver\"\n"), text);
        assertTrue(lines.get(lines.size() - 1).equals("state 4 violates the property"), text);
    }

    @Test
    void diffsDescendIntoRecordsFunctionsAndSequences() {
        Value before = ValueParser.parse("[a |-> (c1 :> [pc |-> \"idle\", f |-> 0] @@ c2 :> 0), s |-> <<1, 2>>, "
                + "r |-> [x |-> 1, y |-> 2], z |-> {1}]");
        Value after = ValueParser.parse("[a |-> (c1 :> [pc |-> \"run\", f |-> 0] @@ c2 :> 0), s |-> <<1, 3>>, "
                + "r |-> [x |-> 5, y |-> 6], z |-> {1, 2}]");
        assertEquals(List.of("v.a[c1].pc = \"run\"", "v.s[2] = 3", "v.r = [x |-> 5, y |-> 6]", "v.z = {1, 2}"),
                ValueDiff.lines("v", before, after));
        assertEquals(List.of("v = <<1>>"), ValueDiff.lines("v", null, ValueParser.parse("<<1>>")));
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
        String text = TraceRenderer.render(List.of(), ViolationKind.TEMPORAL, loop);
        assertTrue(text.contains("#    step\n"), text);
        assertTrue(text.contains("\n2    Next\n         x = 1\n"), text);
        assertTrue(text.endsWith("then: back to state 1; states 1..2 repeat forever\n"), text);

        TraceReader s = new TraceReader();
        s.state(msg(2217, "1: <Initial predicate>\nx = 0"));
        s.stuttering();
        assertTrue(TraceRenderer.render(List.of(), ViolationKind.TEMPORAL, s.trace())
                .endsWith("stutters in state 1 forever\n"));
    }
}
