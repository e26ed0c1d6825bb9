package org.fencecheck.tlc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/*
 * Why this exists: one `mvn verify` used to run TLC twice on the same model for the same answer. The gate's test
 * (proofs-ci SpecGateTest) refutes every property of every model and keeps each counterexample; property-tests'
 * verdict matrix, when random runs of impl miss a violation, asks TLC again for "a counterexample to P on model M"
 * (stage 3) and drives it onto impl. With one worker TLC's search order is fixed by the spec, the constants and
 * the cfg's graph-shaping entries, so both runs stop at the same state with the same trace (their distinct-state
 * counts were equal in every case measured).
 *
 * Protocol:
 *   - the key hashes everything that decides TLC's answer: the jar (name and size), the module name, the text of
 *     every .tla file of the spec folder, the model's own cfg text, the property, the worker count and the extra
 *     TLC options. Changing any of them gives another key: an old entry is then simply not found, never used;
 *   - an entry is written whole to a temporary file and renamed, so a reader never sees half a file;
 *   - a file that exists under a key but does not parse, names another key or property, or has no trace is a
 *     BadInputException naming the file: a broken cache stops the test with one line, it is never a miss and
 *     never a pass.
 * A miss is the caller's business: property-tests then runs TLC as before (and stores the result).
 */

/**
 * TLC's counterexamples kept on disk for reuse within a build (default folder {@code target/tlc-cache/counterexamples}
 * of the repository root, next to {@code spec/}), keyed by the content of everything that decides them.
 */
public final class CounterexampleStore {

    /** Bump when the entry layout or the key's inputs change: old entries become misses. */
    static final int FORMAT = 1;

    private static final Gson GSON = new GsonBuilder()
            .registerTypeHierarchyAdapter(Value.class, new ValueJsonAdapter().nullSafe())
            .serializeNulls()
            .disableHtmlEscaping()
            .create();

    /**
     * The key of one counterexample.
     *
     * @param hex      SHA-256 of the inputs, the entry's file name
     * @param module   the module TLC checks, for messages
     * @param config   the model's cfg file name, for messages
     * @param property the refuted property
     */
    public record Key(String hex, String module, String config, String property) {
        @Override
        public String toString() {
            return module + " " + config + " " + property + " (" + hex.substring(0, 12) + ")";
        }
    }

    /**
     * A stored counterexample.
     *
     * @param kind    what TLC reported
     * @param message TLC's error line
     * @param trace   the trace, at least one state
     */
    public record Entry(ViolationKind kind, String message, Trace trace) {
    }

    private final Path dir;

    public CounterexampleStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** {@code target/tlc-cache/counterexamples} of the repository whose spec folder is {@code specDir}. */
    public static Path defaultDir(Path specDir) {
        return specDir.toAbsolutePath().normalize().getParent().resolve("target").resolve("tlc-cache")
                .resolve("counterexamples");
    }

    public Path dir() {
        return dir;
    }

    /**
     * The key of TLC's counterexample to {@code property} of {@code module} checked with the model cfg {@code cfg}
     * (the model's own cfg file, whatever derived cfg the run used: a derived cfg keeps its graph).
     */
    public static Key key(Path jar, Path specDir, String module, Path cfg, String property, int workers,
                          List<String> tlcOptions) throws IOException {
        MessageDigest d = sha256();
        text(d, "fencecheck counterexample " + FORMAT);
        text(d, "tlc " + jar.getFileName() + " " + Files.size(jar));
        text(d, "module " + module);
        text(d, "property " + property);
        text(d, "workers " + workers);
        text(d, "options " + String.join(" ", tlcOptions));
        text(d, "cfg");
        bytes(d, Files.readAllBytes(cfg));
        try (Stream<Path> s = Files.list(specDir)) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".tla")).sorted().toList()) {
                text(d, "module file " + p.getFileName());
                bytes(d, Files.readAllBytes(p));
            }
        }
        return new Key(HexFormat.of().formatHex(d.digest()), module, cfg.getFileName().toString(), property);
    }

    /** The file of {@code key}'s entry. */
    public Path file(Key key) {
        return dir.resolve(key.hex() + ".json");
    }

    /**
     * The entry of {@code key}, empty when there is none.
     *
     * @throws BadInputException when the file exists but is not a well-formed entry of this key
     */
    public Optional<Entry> find(Key key) {
        Path f = file(key);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        JsonElement root = StrictJson.read(f);
        if (!root.isJsonObject()) {
            throw new BadInputException(f.toString(), "not a counterexample entry (a JSON object)");
        }
        JsonObject o = root.getAsJsonObject();
        expect(f, o, "format", Integer.toString(FORMAT));
        expect(f, o, "key", key.hex());
        expect(f, o, "property", key.property());
        try {
            Entry e = GSON.fromJson(o, Entry.class);
            if (e.kind() == null) {
                throw new BadInputException(f.toString(), "no \"kind\" (invariant, action_property, temporal, deadlock)");
            }
            if (e.trace() == null || e.trace().states() == null || e.trace().states().isEmpty()) {
                throw new BadInputException(f.toString(), "no trace state");
            }
            if (e.trace().states().stream().anyMatch(s -> s == null || s.vars() == null)) {
                throw new BadInputException(f.toString(), "a trace state without variables");
            }
            return Optional.of(e);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException x) {
            throw new BadInputException(f.toString(), "malformed counterexample entry: "
                    + String.valueOf(x.getMessage()).lines().findFirst().orElse(x.getClass().getSimpleName()));
        }
    }

    /** Stores {@code entry} under {@code key}, replacing any entry there; returns the file. */
    public Path put(Key key, Entry entry) throws IOException {
        if (entry.trace() == null || entry.trace().states().isEmpty()) {
            throw new IllegalArgumentException(key + ": a counterexample needs a trace");
        }
        Files.createDirectories(dir);
        JsonObject o = GSON.toJsonTree(entry).getAsJsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("key", key.hex());
        o.addProperty("module", key.module());
        o.addProperty("config", key.config());
        o.addProperty("property", key.property());
        Path f = file(key);
        Path tmp = Files.createTempFile(dir, key.hex(), ".part");
        Files.writeString(tmp, GSON.toJson(o) + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    private static void expect(Path f, JsonObject o, String field, String want) {
        JsonElement v = o.get(field);
        String got = v == null || v.isJsonNull() ? null : v.isJsonPrimitive() ? v.getAsString() : v.toString();
        if (!want.equals(got)) {
            throw new BadInputException(f.toString(), "\"" + field + "\" is " + (got == null ? "missing"
                    : "\"" + got + "\"") + ", expected \"" + want + "\"");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(MessageDigest d, String s) {
        bytes(d, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Length-prefixed, so that no two different input lists hash the same bytes. */
    private static void bytes(MessageDigest d, byte[] b) {
        d.update(Long.toString(b.length).getBytes(StandardCharsets.UTF_8));
        d.update((byte) ':');
        d.update(b);
    }
}
