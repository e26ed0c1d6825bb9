package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ToolOutputParserTest {

    @Test
    void splitsMessagesAndKeepsUntaggedLines() {
        List<ToolMessage> got = new ArrayList<>();
        ToolOutputParser p = new ToolOutputParser(got::add);
        for (String l : List.of("@!@!@STARTMSG 2262:0 @!@!@", "TLC2 Version 2.18 of 20 March 2023",
                "@!@!@ENDMSG 2262 @!@!@", "Parsing file X.tla", "@!@!@STARTMSG 2217:4 @!@!@",
                "1: <Initial predicate>", "x = 0", "", "@!@!@ENDMSG 2217 @!@!@")) {
            p.line(l);
        }
        p.finish();
        assertEquals(2, got.size());
        assertEquals(2262, got.get(0).code());
        assertEquals("TLC2 Version 2.18 of 20 March 2023", got.get(0).firstLine());
        assertEquals(4, got.get(1).severity());
        assertEquals(List.of("1: <Initial predicate>", "x = 0"), got.get(1).lines());
        assertEquals(List.of("Parsing file X.tla"), p.untagged());
    }

    @Test
    void nestedMessageOpeningMidLine() {
        List<ToolMessage> got = new ArrayList<>();
        ToolOutputParser p = new ToolOutputParser(got::add);
        for (String l : List.of("@!@!@STARTMSG 1000:1 @!@!@", "The exception was a tlc2.tool.ConfigFileException",
                ": @!@!@STARTMSG 5001:0 @!@!@", "File not found.", "@!@!@ENDMSG 5001 @!@!@",
                "@!@!@ENDMSG 1000 @!@!@")) {
            p.line(l);
        }
        assertEquals(List.of(5001, 1000), got.stream().map(ToolMessage::code).toList());
        ToolMessage outer = got.get(1);
        assertEquals(List.of("The exception was a tlc2.tool.ConfigFileException", ":"), outer.lines());
        assertEquals(List.of("File not found."), outer.nested().get(0).lines());
    }

    @Test
    void finishClosesWhatAKilledProcessLeftOpen() {
        List<ToolMessage> got = new ArrayList<>();
        ToolOutputParser p = new ToolOutputParser(got::add);
        p.line("@!@!@STARTMSG 2200:0 @!@!@");
        p.line("Progress(3) at 2026-11-25 08:54:12: 7 states generated (673 s/min), 5 distinct states found "
                + "(480 ds/min), 2 states left on queue.");
        p.finish();
        assertEquals(1, got.size());
        assertEquals(new ProgressTick(7, 5, 2), ProgressTick.parse(got.get(0).body()));
        assertEquals(new ProgressTick(135421, 90283, 3), ProgressTick.parse(
                "Progress(45142) at 2026-11-25 08:54:39: 135,421 states generated (821,812 s/min), 90,283 "
                        + "distinct states found (547,889 ds/min), 3 states left on queue."));
    }
}
