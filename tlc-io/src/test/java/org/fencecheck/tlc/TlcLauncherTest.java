package org.fencecheck.tlc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forked TLC command line. */
class TlcLauncherTest {

    /**
     * Regression: with parallel jobs two TLC processes extracted their standard modules into the same /tmp and one
     * failed to parse the other's half-written TLC.tla ("parsing or semantic analysis failed" on a model that
     * passes alone). Each run's tmpdir is its own metadir.
     */
    @Test
    void eachRunHasItsOwnTmpdirAndTheManifestsJvmOptions() {
        TlcInvocation inv = new TlcInvocation(Path.of("tla.jar"), Path.of("spec"), "MCDmaFence",
                Path.of("/abs/MCDmaFence_x.cfg"), 1, "3g", 60, List.of("-XX:TieredStopAtLevel=1"));
        List<String> cmd = TlcLauncher.command(inv, Path.of("/tmp/fencecheck-tlc-1"));
        assertTrue(cmd.contains("-Djava.io.tmpdir=/tmp/fencecheck-tlc-1"), cmd.toString());
        assertTrue(cmd.indexOf("-XX:TieredStopAtLevel=1") < cmd.indexOf("tlc2.TLC"), cmd.toString());
        assertEquals(List.of("-metadir", "/tmp/fencecheck-tlc-1"),
                cmd.subList(cmd.indexOf("-metadir"), cmd.indexOf("-metadir") + 2));
    }

    /** TLC's own options (e.g. a state-graph dump) go after the cfg and before the module, which TLC wants last. */
    @Test
    void tlcOptionsGoBeforeTheModule() {
        TlcInvocation inv = new TlcInvocation(Path.of("tla.jar"), Path.of("spec"), "DmaFence",
                Path.of("/abs/Replay.cfg"), 1, "1g", 60, List.of("-Xss16m"),
                List.of("-dump", "dot,actionlabels", "graph.dot"));
        List<String> cmd = TlcLauncher.command(inv, Path.of("/tmp/fencecheck-tlc-2"));
        assertEquals(List.of("-dump", "dot,actionlabels", "graph.dot", "DmaFence"),
                cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(cmd.indexOf("-Xss16m") < cmd.indexOf("tlc2.TLC"), cmd.toString());
    }

    /** The gate's JVM options are the manifest's: the launcher adds no collector that could conflict with them. */
    @Test
    void theCollectorIsTheManifestsChoice() {
        TlcInvocation inv = new TlcInvocation(Path.of("tla.jar"), Path.of("spec"), "MCDmaFence",
                Path.of("/abs/MCDmaFence_x.cfg"), 1, "3g", 60, List.of("-XX:+UseSerialGC"));
        List<String> cmd = TlcLauncher.command(inv, Path.of("/tmp/fencecheck-tlc-3"));
        assertEquals(1, cmd.stream().filter(o -> o.matches("-XX:\\+Use.*GC")).count(), cmd.toString());
    }

    /** Without a real jar no class archive can be made: TLC runs without one rather than not at all. */
    @Test
    void noClassArchiveForAMissingJar() {
        assertEquals(List.of(), TlcClassArchive.jvmOptions(Path.of("/nonexistent/tla2tools.jar")));
    }
}
