package org.fencecheck.proofs;

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
}
