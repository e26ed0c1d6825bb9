package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fencecheck.props.tlc.Counterexamples;
import org.fencecheck.tlc.BadInputException;
import org.fencecheck.tlc.CounterexampleStore;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.TlcJar;
import org.fencecheck.tlc.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 3's counterexamples are reused, not re-run: the first request runs TLC and stores its trace, the second
 * reads it back unchanged; a changed spec module is another key (the stored trace is not used); a damaged entry
 * stops the test with one line naming the file instead of passing or silently running TLC.
 */
class CounterexampleReuseTest {

    /** The smallest broken model (tens of states): one short TLC run. */
    static final String MODEL = "broken_add_insert_unlocked";
    static final String PROPERTY = "CbListEmptyAfterSignal";

    @TempDir
    Path tmp;

    static VerdictMatrix.Model model() {
        return VerdictMatrix.models().stream().filter(m -> m.name().equals(MODEL)).findFirst().orElseThrow();
    }

    @Test
    void tlcRunsOnceThenTheStoredTraceIsReused() throws IOException {
        CounterexampleStore store = new CounterexampleStore(tmp.resolve("store"));
        Counterexamples.Found first = Counterexamples.of(store, model(), PROPERTY);
        assertFalse(first.reused(), "an empty store cannot answer");
        assertNotNull(first.entry(), MODEL + " violates " + PROPERTY + " (manifest)");
        assertEquals(ViolationKind.INVARIANT, first.entry().kind());
        assertTrue(Files.isRegularFile(first.file()));

        Counterexamples.Found second = Counterexamples.of(store, model(), PROPERTY);
        assertTrue(second.reused(), "the second request must not run TLC");
        assertEquals(first.entry(), second.entry());
        assertEquals(first.file(), second.file());
    }

    /**
     * The key asked for here is the key proofs-ci's SpecGateTest stores the gate's counterexample under: the
     * manifest's module and cfg, the manifest's TLC worker count, no extra TLC options.
     */
    @Test
    void theKeyIsTheOneTheGatesTestStoresUnder() throws IOException {
        Manifest manifest = VerdictMatrix.manifest();
        ModelEntry e = manifest.models().stream().filter(x -> x.name().equals(MODEL)).findFirst().orElseThrow();
        Path spec = VerdictMatrix.specDir();
        assertEquals(CounterexampleStore.key(TlcJar.locate(), spec, e.module(), spec.resolve(e.config()), PROPERTY,
                manifest.tlc().workers(), List.of()), Counterexamples.key(spec, model(), PROPERTY));
    }

    /** Editing a module of the spec (here: a comment appended to DmaFence.tla) invalidates every entry. */
    @Test
    void aChangedSpecModuleIsAnotherKey() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("spec"));
        try (var files = Files.list(VerdictMatrix.specDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        CounterexampleStore.Key same = Counterexamples.key(copy, model(), PROPERTY);
        assertEquals(Counterexamples.key(VerdictMatrix.specDir(), model(), PROPERTY), same,
                "an identical copy of spec/ has the same key");
        Files.writeString(copy.resolve("DmaFence.tla"), Files.readString(copy.resolve("DmaFence.tla"))
                + "\n\\* edited\n");
        CounterexampleStore.Key edited = Counterexamples.key(copy, model(), PROPERTY);
        assertNotEquals(same, edited);
        CounterexampleStore store = new CounterexampleStore(tmp.resolve("store"));
        Files.createDirectories(store.dir());
        Files.writeString(store.file(same), "{}");
        assertTrue(store.find(edited).isEmpty(), "the entry of the unedited spec must not answer for the edited one");
    }

    @Test
    void aDamagedEntryFailsWithOneLineNamingTheFile() throws IOException {
        CounterexampleStore store = new CounterexampleStore(tmp.resolve("store"));
        CounterexampleStore.Key key = Counterexamples.key(VerdictMatrix.specDir(), model(), PROPERTY);
        Files.createDirectories(store.dir());
        Files.writeString(store.file(key), "{\"format\": 1, \"key\": \"" + key.hex() + "\", \"property\": \""
                + PROPERTY + "\", \"kind\": \"invariant\", \"trace\": {\"states\": ");
        BadInputException e = assertThrows(BadInputException.class, () -> Counterexamples.of(store, model(), PROPERTY));
        assertEquals(store.file(key).toString(), e.file());
        assertTrue(e.problem().startsWith("malformed JSON"), e.problem());
        assertFalse(e.line().contains("\n"), e.line());
    }
}
