package org.fencecheck.props.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fencecheck.props.VerdictMatrix;
import org.fencecheck.tlc.CounterexampleStore;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.TlcJar;

/**
 * TLC's counterexample to one property of a manifest model, for driving onto impl. Taken from tlc-io's
 * {@link CounterexampleStore} when the gate's test (proofs-ci, earlier in the same {@code mvn verify}) or an
 * earlier request already ran TLC on exactly this spec, cfg and property; otherwise TLC runs here (one worker, the
 * property alone, no deadlock check) and a violation it finds is stored. A damaged store entry is tlc-io's
 * BadInputException (one line naming the file), never a miss.
 */
public final class Counterexamples {

    /** The gate's worker count for the manifest's models, and the one used here: part of the key. */
    static final int WORKERS = 1;

    /**
     * A counterexample and where it came from.
     *
     * @param entry the kind, message and trace; null when TLC found no violation
     * @param file  the store file it was read from or written to, null when TLC found none
     * @param reused true when read from the store, false when TLC ran for it here
     */
    public record Found(CounterexampleStore.Entry entry, Path file, boolean reused) {
    }

    private Counterexamples() {
    }

    /** The store: {@code -Dfencecheck.tlc.cache}, else {@code target/tlc-cache/counterexamples} of the repository. */
    public static CounterexampleStore store() {
        String p = System.getProperty("fencecheck.tlc.cache");
        return new CounterexampleStore(p != null && !p.isBlank() && !p.contains("${") ? Path.of(p)
                : CounterexampleStore.defaultDir(VerdictMatrix.specDir()));
    }

    /** The key of {@code property} of model {@code m} in the spec folder {@code specDir}. */
    public static CounterexampleStore.Key key(Path specDir, VerdictMatrix.Model m, String property)
            throws IOException {
        return CounterexampleStore.key(TlcJar.locate(), specDir, "MCDmaFence",
                specDir.resolve(m.cfg().path().getFileName()), property, WORKERS, List.of());
    }

    /** TLC's counterexample to {@code property} of {@code m}: from {@code store}, else from a TLC run here. */
    public static Found of(CounterexampleStore store, VerdictMatrix.Model m, String property) throws IOException {
        CounterexampleStore.Key key = key(VerdictMatrix.specDir(), m, property);
        Optional<CounterexampleStore.Entry> hit = store.find(key);
        if (hit.isPresent()) {
            System.out.printf("counterexample %s %s: reused %s%n", m.name(), property, store.file(key));
            return new Found(hit.get(), store.file(key), true);
        }
        Path dir = Tlc.workDir("cex-" + m.name());
        Path cfg = dir.resolve("Cex.cfg");
        boolean temporal = m.cfg().properties().contains(property);
        Files.writeString(cfg, temporal ? m.cfg().derive(List.of(), List.of(property), false)
                : m.cfg().derive(List.of(property), List.of(), false));
        RunOutcome o = Tlc.run(dir, "MCDmaFence", cfg, List.of()).outcome();
        System.out.printf("counterexample %s %s: not in %s, TLC ran (%s, %s distinct states, %.1f s)%n", m.name(),
                property, store.dir(), o.kind(), o.distinctStates(), o.seconds());
        if (!o.isViolation() || o.trace() == null || o.trace().states().isEmpty()) {
            return new Found(null, null, false);
        }
        CounterexampleStore.Entry e = new CounterexampleStore.Entry(o.kind().violationKind(), o.message(), o.trace());
        return new Found(e, store.put(key, e), false);
    }
}
