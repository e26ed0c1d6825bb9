package org.fencecheck.props.lifetime;

import org.fencecheck.props.VerdictMatrix;
import org.fencecheck.tlc.CfgParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every invariant of every {@code MCDmaFenceLifetime_*.cfg} is either evaluated by {@link LifetimeWorld} at every
 * cut of the property test, or listed here with the reason it has no Java twin; a new invariant in the spec fails
 * this test until it gets one or the other.
 */
class LifetimeTwinsTest {

    /** Invariants of DmaFenceLifetimeProps.tla without a Java twin, and why. */
    static final Map<String, String> NOT_TWINNED = Map.of(
            "TypeOK", "the Java types are the type invariant",
            "NoUseAfterRelease", "a Java reference cannot dangle; the refcount is checked by impl's put/release tests");

    @Test
    void everyLifetimeInvariantHasAJavaTwinOrAReason() throws IOException {
        List<Path> cfgs;
        try (Stream<Path> s = Files.list(VerdictMatrix.specDir())) {
            cfgs = s.filter(p -> p.getFileName().toString().startsWith("MCDmaFenceLifetime_")).sorted().toList();
        }
        assertFalse(cfgs.isEmpty(), "no MCDmaFenceLifetime_*.cfg in " + VerdictMatrix.specDir());
        List<String> missing = new ArrayList<>();
        for (Path p : cfgs) {
            for (String inv : CfgParser.read(p).invariants()) {
                if (!LifetimeWorld.INVARIANTS.contains(inv) && !NOT_TWINNED.containsKey(inv)) {
                    missing.add(p.getFileName() + ": INVARIANT " + inv);
                }
            }
        }
        if (!missing.isEmpty()) {
            fail("no Java twin in LifetimeWorld.INVARIANTS and no reason in NOT_TWINNED for:\n  "
                    + String.join("\n  ", missing));
        }
    }
}
