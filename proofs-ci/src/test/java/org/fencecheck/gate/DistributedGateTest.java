package org.fencecheck.gate;

import org.fencecheck.proofs.GateException;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --distributed 2} (a TLCServer and two TLCWorker JVMs on the loopback address) gives the verdicts and state
 * counts of the standalone gate: on toys (the good one's runs distributed; the broken one's carry a temporal
 * PROPERTY, so they stay standalone) and on one real model of spec/, timestamp_legacy (1,023 states, one violated
 * invariant among 16, which the server does not name: the refuter isolates it, checking it alone, then checks the
 * other fifteen together on the whole state space).
 */
class DistributedGateTest {


    @TempDir
    Path tmp;

    @Test
    void loopbackWorkersGiveTheStandaloneVerdictsAndStates() throws IOException {
        Path toys = Toys.specDir(tmp, GateJobsTest.MANIFEST, "Mutex.tla", "Mutex_good.cfg", "Mutex_broken.cfg",
                "Counter.tla", "Counter.cfg");
        Path spec = Paths.get(System.getProperty("fencecheck.spec.dir", "../spec")).toAbsolutePath();
        for (String[] where : List.of(new String[] {toys.toString(), "good,broken"},
                new String[] {spec.toString(), "timestamp_legacy"})) {
            Toys.Run alone = Toys.gate("--spec", where[0], "--only", where[1], "--report",
                    tmp.resolve("alone").toString());
            Toys.Run dist = Toys.gate("--spec", where[0], "--only", where[1], "--report",
                    tmp.resolve("dist").toString(), "--distributed", "2");
            assertEquals(0, alone.exitCode(), alone.out() + alone.err());
            assertEquals(0, dist.exitCode(), dist.out() + dist.err());
            VerdictReport a = VerdictJson.read(tmp.resolve("alone/verdicts.json"));
            VerdictReport d = VerdictJson.read(tmp.resolve("dist/verdicts.json"));
            assertEquals(GateJobsTest.essence(a), GateJobsTest.essence(d));
            assertTrue(d.environment().tlcVersion().contains("TLC Server"), d.environment().tlcVersion());
            assertTrue(GateJobsTest.essence(d).stream().anyMatch(s -> s.contains("=VIOLATED")),
                    GateJobsTest.essence(d).toString());
        }
    }

    @Test
    void badDistributionArgumentsAreOneLine() throws IOException {
        GateException both = assertThrows(GateException.class,
                () -> GateOptions.parse("--distributed", "2", "--worker-hosts", "hosts.txt"));
        assertTrue(both.getMessage().contains("exclude each other"), both.getMessage());
        assertThrows(GateException.class, () -> GateOptions.parse("--distributed", "0"));
        Path empty = Files.writeString(tmp.resolve("hosts.txt"), "# no host yet\n\n");
        BadInputException none = assertThrows(BadInputException.class,
                () -> GateOptions.parse("--worker-hosts", empty.toString(), "--server-host", "gate"));
        assertTrue(none.getMessage().contains("hosts.txt") && none.getMessage().contains("lists no worker host"),
                none.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> GateOptions.parse("--worker-hosts", tmp.resolve("nope.txt").toString(), "--server-host", "g"));
        assertTrue(missing.getMessage().contains("nope.txt"), missing.getMessage());
        Path two = Files.writeString(tmp.resolve("two.txt"), "node1  # rack A\nuser@node2\n");
        assertEquals(List.of("node1", "user@node2"),
                GateOptions.parse("--worker-hosts", two.toString(), "--server-host", "gate").distributed().hosts());
    }
}
